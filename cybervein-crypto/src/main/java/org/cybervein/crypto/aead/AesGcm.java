package org.cybervein.crypto.aead;

import java.util.Objects;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag, over the JDK's {@code
 * AES/GCM/NoPadding}. Key sizes 128, 192 and 256 bits.
 *
 * <p>Limits per key: at most 2^36 - 32 bytes of plaintext per message (far above any Java array),
 * and at most 2^32 messages when nonces are random (see {@link Aead#sealWithRandomNonce}).
 */
public final class AesGcm extends JceAead {
  /**
   * Creates the cipher for an AES-GCM key.
   *
   * @param key an AES-128-GCM or AES-256-GCM key
   * @throws IllegalArgumentException if {@code key} is not an AES-GCM key
   */
  public AesGcm(AeadKey key) {
    super(
        requireAesGcm(key),
        "AES/GCM/NoPadding",
        "AES",
        iv -> new GCMParameterSpec(TAG_SIZE * 8, iv));
  }

  private static AeadKey requireAesGcm(AeadKey key) {
    Objects.requireNonNull(key, "key");
    if (!key.algorithm().isAesGcm()) {
      throw new IllegalArgumentException("AesGcm needs an AES-GCM key, got " + key.algorithm());
    }
    return key;
  }
}
