package org.cybervein.crypto.agreement;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * An X25519 public key: the 32-byte little-endian u-coordinate of RFC 7748.
 *
 * <p>Any 32 bytes are accepted, as RFC 7748 section 5 requires: the top bit is ignored and values
 * at or above p are reduced. Low-order points are not detected here but by {@link
 * X25519PrivateKey#agree}, which refuses the all-zero shared secret they produce.
 *
 * @param bytes exactly {@link #SIZE} bytes
 */
public record X25519PublicKey(Bytes bytes) {
  /** The size of a public key in bytes. */
  public static final int SIZE = 32;

  /**
   * Checks the size.
   *
   * @param bytes exactly {@link #SIZE} bytes
   * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
   */
  public X25519PublicKey {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.size() != SIZE) {
      throw new IllegalArgumentException(
          "an X25519 public key is " + SIZE + " bytes, got " + bytes.size());
    }
  }

  /**
   * Decodes a public key received from a peer.
   *
   * @param bytes the received 32-byte u-coordinate
   * @return the public key
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code bytes} is not 32 bytes
   */
  public static X25519PublicKey decode(Bytes bytes) throws InvalidCryptoInputException {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.size() != SIZE) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.WRONG_LENGTH,
          "an X25519 public key is " + SIZE + " bytes, got " + bytes.size());
    }
    return new X25519PublicKey(bytes);
  }

  @Override
  public String toString() {
    return "X25519PublicKey[" + bytes.toHex() + "]";
  }
}
