package org.cybervein.crypto.agreement;

import java.util.Objects;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.SecretBytes;

/**
 * An X25519 private key (RFC 7748), over Bouncy Castle's constant-time {@code
 * org.bouncycastle.math.ec.rfc7748.X25519}. Immutable and safe to share between threads.
 *
 * <p>Policy on low-order peer keys: {@link #agree} refuses a peer key that yields the all-zero
 * shared secret (the small-order points and their non-canonical encodings), as RFC 7748 section 6.1
 * permits. Such a key contributes nothing secret, so a malicious peer could use it to force a
 * secret known to everybody. Other unusual keys (on the twist, non-canonical but not low order) are
 * processed as RFC 7748 requires.
 */
public final class X25519PrivateKey {
  /** The size of a private key in bytes. */
  public static final int SIZE = 32;

  private final SecretBytes scalar;
  private final X25519PublicKey publicKey;

  private X25519PrivateKey(SecretBytes scalar) {
    this.scalar = scalar;
    byte[] pub = new byte[X25519PublicKey.SIZE];
    X25519.generatePublicKey(scalar.toByteArray(), 0, pub, 0);
    this.publicKey = new X25519PublicKey(Bytes.of(pub));
  }

  /**
   * Draws a fresh private key from {@code random}, clamped as RFC 7748 section 5 describes (the
   * clamping would happen on every use anyway; storing it clamped keeps the encoding canonical).
   *
   * @param random the source of the 32 key bytes; must be cryptographically strong outside tests
   * @return a new private key
   */
  public static X25519PrivateKey generate(RandomSource random) {
    Objects.requireNonNull(random, "random");
    byte[] k = new byte[SIZE];
    random.nextBytes(k);
    k[0] &= (byte) 0xf8;
    k[31] &= (byte) 0x7f;
    k[31] |= (byte) 0x40;
    return new X25519PrivateKey(SecretBytes.copyOf(k));
  }

  /**
   * Wraps 32 stored private key bytes. Any 32 bytes are a valid key; they are clamped on use.
   *
   * @param bytes the stored 32 key bytes
   * @return the private key
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code bytes} is not 32 bytes
   */
  public static X25519PrivateKey fromBytes(Bytes bytes) throws InvalidCryptoInputException {
    Objects.requireNonNull(bytes, "bytes");
    return new X25519PrivateKey(SecretBytes.ofLength(bytes, SIZE, "an X25519 private key"));
  }

  /**
   * The public key, {@code X25519(k, 9)}.
   *
   * @return the matching public key
   */
  public X25519PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Computes the shared secret with a peer. {@code a.agree(b.publicKey())} equals {@code
   * b.agree(a.publicKey())}.
   *
   * @param peer the peer's public key
   * @return the 32-byte shared secret
   * @throws InvalidCryptoInputException with {@code INVALID_KEY} if {@code peer} is a low-order
   *     point, that is, if the shared secret would be all zero
   */
  public SharedSecret agree(X25519PublicKey peer) throws InvalidCryptoInputException {
    Objects.requireNonNull(peer, "peer");
    byte[] u = peer.bytes().toByteArray();
    byte[] shared = new byte[SharedSecret.SIZE];
    // calculateAgreement checks for the all-zero result in constant time and returns false then.
    if (!X25519.calculateAgreement(scalar.toByteArray(), 0, u, 0, shared, 0)) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.INVALID_KEY,
          "peer X25519 key has low order (all-zero shared secret)");
    }
    return new SharedSecret(SecretBytes.copyOf(shared));
  }

  /**
   * The secret key bytes. Handle with care.
   *
   * @return a copy of the 32 secret key bytes
   */
  public Bytes toBytes() {
    return scalar.toBytes();
  }

  /** Shows the public key only. */
  @Override
  public String toString() {
    return "X25519PrivateKey[public " + publicKey.bytes().toHex() + ", private redacted]";
  }
}
