package org.cybervein.crypto.he;

/**
 * The modulus sizes production code may generate: 2048 bits (about 112-bit security, the default)
 * and 3072 bits (about 128-bit security). Smaller keys exist only through {@link
 * PaillierPrivateKey#generateInsecureForTesting(int, org.cybervein.api.random.RandomSource)}.
 */
public enum PaillierKeySize {
  /** A 2048-bit modulus n; the default. */
  BITS_2048(2048),
  /** A 3072-bit modulus n. */
  BITS_3072(3072);

  private final int bits;

  PaillierKeySize(int bits) {
    this.bits = bits;
  }

  /**
   * The bit length of the modulus n.
   *
   * @return the modulus size in bits
   */
  public int bits() {
    return bits;
  }
}
