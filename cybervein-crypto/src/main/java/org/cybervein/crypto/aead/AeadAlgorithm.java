package org.cybervein.crypto.aead;

/**
 * The authenticated ciphers this SDK offers, each with its key size. Every algorithm here takes a
 * 12-byte nonce ({@link AeadNonce#SIZE}) and appends a 16-byte tag ({@link Aead#TAG_SIZE}).
 */
public enum AeadAlgorithm {
  /** AES-GCM with a 128-bit key (NIST SP 800-38D). */
  AES_128_GCM(16),
  /**
   * AES-GCM with a 192-bit key. Offered because it costs nothing and Wycheproof tests it; new
   * deployments should prefer 128 or 256 bits, which every peer platform supports.
   */
  AES_192_GCM(24),
  /** AES-GCM with a 256-bit key. */
  AES_256_GCM(32),
  /** ChaCha20-Poly1305 as in RFC 8439, 256-bit key. */
  CHACHA20_POLY1305(32);

  private final int keySize;

  AeadAlgorithm(int keySize) {
    this.keySize = keySize;
  }

  /**
   * The key size in bytes.
   *
   * @return the size of a key of this algorithm in bytes (16 or 32)
   */
  public int keySize() {
    return keySize;
  }

  /**
   * True for the AES-GCM variants.
   *
   * @return true for AES-128-GCM and AES-256-GCM, false for ChaCha20-Poly1305
   */
  public boolean isAesGcm() {
    return this != CHACHA20_POLY1305;
  }
}
