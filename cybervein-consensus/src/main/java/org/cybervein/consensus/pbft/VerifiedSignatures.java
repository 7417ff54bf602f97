package org.cybervein.consensus.pbft;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519Verifier;

/**
 * A bounded memo of the Ed25519 signatures this process has verified, in the manner of Bitcoin
 * Core's signature cache: the signed UPLOADs, CHECKPOINTs and VIEW-CHANGEs a replica checks when
 * they arrive are checked again when they come back as parts of a certificate (the log contract's
 * {@link UploadCertificateVerifier}, a checkpoint certificate, a NEW-VIEW), in the same process,
 * moments later. Verifying costs about a hundred microseconds; a look-up costs one SHA-256 of the
 * message.
 *
 * <p>Only signatures that verified are remembered, each under its full triple: the 32-byte public
 * key, the SHA-256 digest of the exact signed bytes, and the 64-byte signature, all three compared
 * byte for byte on a look-up. So a hit answers exactly what verifying would (up to a SHA-256
 * collision), a signature that failed is verified again every time it is offered, and nothing a
 * peer sends can make a bad signature pass or a good one fail: at worst a flood of valid signatures
 * evicts entries and costs the verifications the memo would have saved.
 *
 * <p>Bounded by construction: a fixed table of slots, each holding at most one triple (a newer one
 * replaces it). Safe to share between threads: entries are immutable and a slot is replaced
 * atomically.
 */
final class VerifiedSignatures {
  /** The process's memo: replicas, hosts and contracts in one JVM share it. */
  static final VerifiedSignatures PROCESS = new VerifiedSignatures(1024);

  private static final DomainTag MESSAGE = DomainTag.of("cybervein/pbft/verified-signature/v1");

  /** One verified triple; the arrays are private copies, never written after construction. */
  private static final class Entry {
    final byte[] key;
    final byte[] messageDigest;
    final byte[] signature;

    Entry(byte[] key, byte[] messageDigest, byte[] signature) {
      this.key = key;
      this.messageDigest = messageDigest;
      this.signature = signature;
    }

    boolean matches(byte[] k, byte[] d, byte[] s) {
      return Arrays.equals(signature, s)
          && Arrays.equals(messageDigest, d)
          && Arrays.equals(key, k);
    }
  }

  private final AtomicReferenceArray<Entry> slots;
  private final int mask;
  private final AtomicLong verifications = new AtomicLong();

  /**
   * A memo of {@code capacity} slots.
   *
   * @param capacity a power of two, at least 1
   */
  VerifiedSignatures(int capacity) {
    if (capacity < 1 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
    }
    this.slots = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
  }

  /**
   * {@code verifier.verify(message, signature)}, answered from the memo when this exact triple
   * verified before; a signature that verifies now is remembered.
   */
  boolean verify(Ed25519Verifier verifier, byte[] message, Signature signature) {
    if (signature.algorithm() != SignatureAlgorithm.ED25519) {
      return verifier.verify(message, signature);
    }
    byte[] key = verifier.publicKey().encoded().toByteArray();
    byte[] sig = signature.encoded().toByteArray();
    byte[] digest = HashFunction.SHA256.hash(MESSAGE, message).toByteArray();
    int slot = slot(digest, sig);
    Entry held = slots.get(slot);
    if (held != null && held.matches(key, digest, sig)) {
      return true;
    }
    verifications.incrementAndGet();
    if (!verifier.verify(message, signature)) {
      return false;
    }
    slots.set(slot, new Entry(key, digest, sig));
    return true;
  }

  /**
   * Remembers a signature this process has just made with {@code key}'s private half over {@code
   * message}: by Ed25519's correctness it verifies under {@code key}, so checking it again when it
   * comes back inside a certificate (a replica's own UPLOAD in the certificate its contract checks)
   * would only repeat the signer's arithmetic. Held under the key derived from the private key, not
   * under any key a configuration names for the signer: if the two differ, a look-up under the
   * configured key misses and verifies (and refuses) as before.
   */
  void signedHere(PublicKey key, byte[] message, Signature signature) {
    if (signature.algorithm() != SignatureAlgorithm.ED25519) {
      return;
    }
    byte[] k = key.encoded().toByteArray();
    byte[] sig = signature.encoded().toByteArray();
    byte[] digest = HashFunction.SHA256.hash(MESSAGE, message).toByteArray();
    slots.set(slot(digest, sig), new Entry(k, digest, sig));
  }

  /** True if the memo holds this triple (for tests: a refused signature is never held). */
  boolean holds(Ed25519Verifier verifier, byte[] message, Signature signature) {
    byte[] key = verifier.publicKey().encoded().toByteArray();
    byte[] sig = signature.encoded().toByteArray();
    byte[] digest = HashFunction.SHA256.hash(MESSAGE, message).toByteArray();
    Entry held = slots.get(slot(digest, sig));
    return held != null && held.matches(key, digest, sig);
  }

  /** The number of triples held, at most {@link #capacity()}. */
  int size() {
    int n = 0;
    for (int i = 0; i < slots.length(); i++) {
      n += slots.get(i) == null ? 0 : 1;
    }
    return n;
  }

  int capacity() {
    return slots.length();
  }

  /** How many signatures this memo had to verify (the look-ups it could not answer). */
  long verifications() {
    return verifications.get();
  }

  // The slot mixes the message digest with the signature's R, so that two signatures on one
  // message (two replicas' equal UPLOADs differ in their sender field anyway) spread too.
  private int slot(byte[] digest, byte[] sig) {
    int h = 0;
    for (int i = 0; i < 4; i++) {
      h = (h << 8) | ((digest[i] ^ sig[i]) & 0xff);
    }
    return h & mask;
  }
}
