package org.cybervein.crypto;

import java.security.MessageDigest;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;

/**
 * Secret key material: the bytes inside every key type of this module ({@code AeadKey}, {@code
 * HmacSha256Key}, {@code PseudorandomKey}, {@code SharedSecret}, the private keys of {@code sign}
 * and {@code agreement}), kept in one place so that each of them gets the same care.
 *
 * <p>Immutable: the bytes are copied in and every way out returns a fresh copy. {@link #toString()}
 * shows the size only. There is no {@code equals}: two secrets are compared with {@link
 * #equalsSecret}, in time that does not depend on where they differ.
 *
 * <p>The copies a caller takes out ({@link #toByteArray()}, {@link #toBytes()}) are the caller's to
 * protect; keep them out of logs and messages.
 */
public final class SecretBytes {
  private final byte[] bytes;

  private SecretBytes(byte[] owned) {
    this.bytes = owned;
  }

  /**
   * Secret bytes holding a copy of {@code bytes}.
   *
   * @param bytes the secret; copied
   * @return the secret bytes
   */
  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /**
   * {@code size} fresh bytes drawn from {@code random}.
   *
   * @param size the number of bytes, zero or more
   * @param random the source; must be cryptographically strong outside tests
   * @return the new secret bytes
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public static SecretBytes random(int size, RandomSource random) {
    Objects.requireNonNull(random, "random");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
    byte[] drawn = new byte[size];
    random.nextBytes(drawn);
    return new SecretBytes(drawn);
  }

  /**
   * Takes stored or received key bytes that must be exactly {@code length} long.
   *
   * @param what names the key in the exception message, e.g. {@code "an X25519 private key"}
   * @param bytes the key bytes
   * @param length the exact size required
   * @return the secret bytes
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code bytes} has another size
   */
  public static SecretBytes ofLength(Bytes bytes, int length, String what)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.size() != length) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.WRONG_LENGTH,
          what + " is " + length + " bytes, got " + bytes.size());
    }
    return new SecretBytes(bytes.toByteArray());
  }

  /**
   * Takes stored or received key bytes that must be at least {@code minLength} long.
   *
   * @param what names the key in the exception message, e.g. {@code "an HMAC key"}
   * @param bytes the key bytes
   * @param minLength the smallest size accepted
   * @return the secret bytes
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code bytes} is shorter
   */
  public static SecretBytes ofMinLength(Bytes bytes, int minLength, String what)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.size() < minLength) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.WRONG_LENGTH,
          what + " needs at least " + minLength + " bytes, got " + bytes.size());
    }
    return new SecretBytes(bytes.toByteArray());
  }

  /**
   * The number of bytes; not secret.
   *
   * @return the length in bytes
   */
  public int size() {
    return bytes.length;
  }

  /**
   * A fresh copy of the secret, for a primitive that takes a {@code byte[]}. Handle with care.
   *
   * @return a new array the caller should overwrite when done
   */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * The secret as immutable {@link Bytes}, for storage under the host's protection.
   *
   * @return an immutable copy of the secret
   */
  public Bytes toBytes() {
    return Bytes.of(bytes);
  }

  /**
   * Whether {@code other} holds the same bytes, compared in constant time for equal sizes (the size
   * is not secret).
   *
   * @param other the secret to compare with
   * @return true if both hold the same bytes
   */
  public boolean equalsSecret(SecretBytes other) {
    return MessageDigest.isEqual(bytes, Objects.requireNonNull(other, "other").bytes);
  }

  /** The size only; the bytes stay secret. */
  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes, redacted]";
  }
}
