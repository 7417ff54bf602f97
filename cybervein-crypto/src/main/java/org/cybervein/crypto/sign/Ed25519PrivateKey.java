package org.cybervein.crypto.sign;

import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.SecretBytes;

/**
 * An Ed25519 signing key (RFC 8032): the whitepaper's {@code sk} with which users sign units and
 * uploads, nodes sign blocks and PBFT replicas sign their messages.
 *
 * <p>The key is its 32-byte RFC 8032 seed; the public key is derived once, at construction, and
 * handed to every signing call so that it is not recomputed. Signing is deterministic (the same key
 * and message always give the same signature) and thread-safe.
 *
 * <p>{@link #toString()} shows only the public key. There is no {@code equals}: keys are compared
 * by identity, so that no code path compares secrets in variable time.
 */
public final class Ed25519PrivateKey {
  /** Size of the encoded seed in bytes. */
  public static final int SEED_SIZE = Ed25519.SECRET_KEY_SIZE;

  private final SecretBytes seed;
  private final byte[] publicKeyBytes;
  private final PublicKey publicKey;

  private Ed25519PrivateKey(SecretBytes seed) {
    this.seed = seed;
    this.publicKeyBytes = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed.toByteArray(), 0, publicKeyBytes, 0);
    this.publicKey = PublicKey.ed25519(publicKeyBytes);
  }

  /**
   * A fresh key whose 32-byte seed is drawn from {@code random}.
   *
   * @param random the source of the seed; must be cryptographically strong outside tests
   * @return a new private key
   */
  public static Ed25519PrivateKey generate(RandomSource random) {
    Objects.requireNonNull(random, "random");
    return new Ed25519PrivateKey(SecretBytes.random(SEED_SIZE, random));
  }

  /**
   * The key with this 32-byte RFC 8032 seed (the "secret key" of the RFC's test vectors). The array
   * is copied.
   *
   * @param seed the 32-byte seed
   * @return the private key
   * @throws IllegalArgumentException if {@code seed} is not 32 bytes; use {@link #decode(Bytes)}
   *     for bytes from outside
   */
  public static Ed25519PrivateKey fromSeed(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != SEED_SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 seed is " + SEED_SIZE + " bytes, got " + seed.length);
    }
    return new Ed25519PrivateKey(SecretBytes.copyOf(seed));
  }

  /**
   * Decodes a key stored as its 32-byte seed ({@link #encodeSeed()}).
   *
   * @param encoded the stored 32-byte seed
   * @return the private key
   * @throws InvalidCryptoInputException with {@link
   *     InvalidCryptoInputException.Reason#WRONG_LENGTH} if {@code encoded} is not 32 bytes
   */
  public static Ed25519PrivateKey decode(Bytes encoded) throws InvalidCryptoInputException {
    Objects.requireNonNull(encoded, "encoded");
    return new Ed25519PrivateKey(
        SecretBytes.ofLength(encoded, SEED_SIZE, "an Ed25519 private key"));
  }

  /**
   * The matching public key, computed once when this key was made.
   *
   * @return the Ed25519 public key of this key
   */
  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Signs {@code message} (pure Ed25519, no context, no prehash).
   *
   * @param message the bytes to sign
   * @return the 64-byte signature
   */
  public Signature sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    // A 32-byte copy of the seed per signature: noise next to the scalar multiplication.
    Ed25519.sign(seed.toByteArray(), 0, publicKeyBytes, 0, message, 0, message.length, sig, 0);
    return Signature.ed25519(sig);
  }

  /**
   * Signs the bytes of {@code message}.
   *
   * @param message the bytes to sign
   * @return the 64-byte signature
   */
  public Signature sign(Bytes message) {
    Objects.requireNonNull(message, "message");
    return sign(message.toByteArray());
  }

  /**
   * The 32-byte seed, for storage by a key store. This is the secret: keep it out of logs and
   * messages.
   *
   * @return a copy of the secret seed
   */
  public Bytes encodeSeed() {
    return seed.toBytes();
  }

  /** Shows only the public key, never the secret. */
  @Override
  public String toString() {
    return "Ed25519PrivateKey[public=" + publicKey + "]";
  }
}
