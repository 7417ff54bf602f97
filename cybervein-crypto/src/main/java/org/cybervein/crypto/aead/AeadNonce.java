package org.cybervein.crypto.aead;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * A 96-bit nonce, the only nonce size this SDK's ciphers accept.
 *
 * <p>Both AES-GCM and ChaCha20-Poly1305 are designed around 96-bit nonces; GCM also defines other
 * sizes (hashed through GHASH), but they add attack surface and no user needs them, so they are not
 * representable here. A nonce must never repeat under one key: a repeat reveals the XOR of two
 * plaintexts and, for GCM, lets an attacker forge tags.
 *
 * @param bytes exactly {@link #SIZE} bytes
 */
public record AeadNonce(Bytes bytes) {
  /** The nonce size in bytes. */
  public static final int SIZE = 12;

  /**
   * Checks the size.
   *
   * @param bytes exactly {@link #SIZE} bytes
   * @throws IllegalArgumentException if {@code bytes} is not 12 bytes long
   */
  public AeadNonce {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.size() != SIZE) {
      throw new IllegalArgumentException("a nonce is " + SIZE + " bytes, got " + bytes.size());
    }
  }

  /**
   * Decodes a nonce received from outside.
   *
   * @param bytes the received nonce
   * @return the nonce
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code bytes} is not 12 bytes
   */
  public static AeadNonce decode(Bytes bytes) throws InvalidCryptoInputException {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.size() != SIZE) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.WRONG_LENGTH,
          "a nonce is " + SIZE + " bytes, got " + bytes.size());
    }
    return new AeadNonce(bytes);
  }

  /**
   * Draws a random nonce. See {@link Aead#sealWithRandomNonce} for how many messages one key may
   * protect with random nonces.
   *
   * @param random the source of the 12 nonce bytes
   * @return a new nonce
   */
  public static AeadNonce random(RandomSource random) {
    byte[] b = new byte[SIZE];
    random.nextBytes(b);
    return new AeadNonce(Bytes.of(b));
  }
}
