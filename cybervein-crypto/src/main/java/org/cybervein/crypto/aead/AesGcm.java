package org.cybervein.crypto.aead;

import java.util.Objects;
import javax.crypto.spec.GCMParameterSpec;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * AES-GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag, over the JDK's {@code
 * AES/GCM/NoPadding}. Key sizes 128, 192 and 256 bits.
 *
 * <p>Limits per key: at most 2^36 - 32 bytes of plaintext per message (far above any Java array),
 * and at most 2^32 messages when nonces are random (see {@link Aead#sealWithRandomNonce}).
 */
public final class AesGcm implements Aead {
  private final AeadAlgorithm algorithm;
  private final JceAeadCipher cipher;

  /**
   * Creates the cipher for an AES-GCM key.
   *
   * @throws IllegalArgumentException if {@code key} is not an AES-GCM key
   */
  public AesGcm(AeadKey key) {
    Objects.requireNonNull(key, "key");
    if (!key.algorithm().isAesGcm()) {
      throw new IllegalArgumentException("AesGcm needs an AES-GCM key, got " + key.algorithm());
    }
    this.algorithm = key.algorithm();
    this.cipher =
        new JceAeadCipher(
            "AES/GCM/NoPadding", "AES", key, iv -> new GCMParameterSpec(TAG_SIZE * 8, iv));
  }

  @Override
  public AeadAlgorithm algorithm() {
    return algorithm;
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
    return "AesGcm[" + algorithm + "]";
  }
}
