package org.cybervein.crypto.aead;

import java.util.Objects;
import javax.crypto.spec.IvParameterSpec;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * ChaCha20-Poly1305 (RFC 8439) with a 96-bit nonce and a 128-bit tag, over the JDK's {@code
 * ChaCha20-Poly1305}. Constant-time on every platform, unlike AES without hardware support.
 *
 * <p>Limits per key: at most 2^38 - 64 bytes of plaintext per message (far above any Java array),
 * and at most 2^32 messages when nonces are random (see {@link Aead#sealWithRandomNonce}).
 */
public final class ChaCha20Poly1305 implements Aead {
  private final JceAeadCipher cipher;

  /**
   * Creates the cipher for a ChaCha20-Poly1305 key.
   *
   * @throws IllegalArgumentException if {@code key} is not a ChaCha20-Poly1305 key
   */
  public ChaCha20Poly1305(AeadKey key) {
    Objects.requireNonNull(key, "key");
    if (key.algorithm() != AeadAlgorithm.CHACHA20_POLY1305) {
      throw new IllegalArgumentException(
          "ChaCha20Poly1305 needs a CHACHA20_POLY1305 key, got " + key.algorithm());
    }
    this.cipher = new JceAeadCipher("ChaCha20-Poly1305", "ChaCha20", key, IvParameterSpec::new);
  }

  @Override
  public AeadAlgorithm algorithm() {
    return AeadAlgorithm.CHACHA20_POLY1305;
  }

  @Override
  public Bytes seal(AeadNonce nonce, Bytes plaintext, Bytes associatedData) {
    return cipher.seal(nonce, plaintext, associatedData);
  }

  @Override
  public Bytes open(AeadNonce nonce, Bytes ciphertextAndTag, Bytes associatedData)
      throws InvalidCryptoInputException {
    return cipher.open(nonce, ciphertextAndTag, associatedData);
  }

  @Override
  public String toString() {
    return "ChaCha20Poly1305[" + AeadAlgorithm.CHACHA20_POLY1305 + "]";
  }
}
