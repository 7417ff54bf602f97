package org.cybervein.crypto.psi;

/**
 * The RSA modulus sizes of RSA blind-signature PSI in production: 2048 bits (default) and 3072
 * bits. Smaller keys exist only through {@link RsaPsiResponder#createInsecureForTesting}.
 */
public enum RsaPsiKeySize {
  /** A 2048-bit modulus N. */
  BITS_2048(2048),
  /** A 3072-bit modulus N. */
  BITS_3072(3072);

  private final int bits;

  RsaPsiKeySize(int bits) {
    this.bits = bits;
  }

  /**
   * The bit length of N.
   *
   * @return the modulus size in bits
   */
  public int bits() {
    return bits;
  }
}
