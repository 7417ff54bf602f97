package org.cybervein.crypto.aead;

import java.util.Objects;
import javax.crypto.spec.IvParameterSpec;

/**
 * ChaCha20-Poly1305 (RFC 8439) with a 96-bit nonce and a 128-bit tag, over the JDK's {@code
 * ChaCha20-Poly1305}. Constant-time on every platform, unlike AES without hardware support.
 *
 * <p>Limits per key: at most 2^38 - 64 bytes of plaintext per message (far above any Java array),
 * and at most 2^32 messages when nonces are random (see {@link Aead#sealWithRandomNonce}).
 */
public final class ChaCha20Poly1305 extends JceAead {
  /**
   * Creates the cipher for a ChaCha20-Poly1305 key.
   *
   * @param key a ChaCha20-Poly1305 key
   * @throws IllegalArgumentException if {@code key} is not a ChaCha20-Poly1305 key
   */
  public ChaCha20Poly1305(AeadKey key) {
    super(requireChaCha(key), "ChaCha20-Poly1305", "ChaCha20", IvParameterSpec::new);
  }

  private static AeadKey requireChaCha(AeadKey key) {
    Objects.requireNonNull(key, "key");
    if (key.algorithm() != AeadAlgorithm.CHACHA20_POLY1305) {
      throw new IllegalArgumentException(
          "ChaCha20Poly1305 needs a CHACHA20_POLY1305 key, got " + key.algorithm());
    }
    return key;
  }
}
