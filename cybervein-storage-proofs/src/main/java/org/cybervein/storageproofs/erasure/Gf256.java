package org.cybervein.storageproofs.erasure;

/**
 * Arithmetic in GF(2^8) modulo the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d), with
 * generator alpha = 2, through logarithm and exponent tables.
 */
final class Gf256 {
  static final int PRIMITIVE_POLYNOMIAL = 0x11d;

  /** EXP[i] = alpha^i for i in [0, 510): doubled so a sum of two logs needs no reduction. */
  private static final int[] EXP = new int[510];

  /** LOG[x] = i with alpha^i = x, for x != 0. */
  private static final int[] LOG = new int[256];

  static {
    int x = 1;
    for (int i = 0; i < 255; i++) {
      EXP[i] = x;
      LOG[x] = i;
      x <<= 1;
      if (x >= 256) {
        x ^= PRIMITIVE_POLYNOMIAL;
      }
    }
    for (int i = 255; i < EXP.length; i++) {
      EXP[i] = EXP[i - 255];
    }
  }

  private Gf256() {}

  static int mul(int a, int b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return EXP[LOG[a] + LOG[b]];
  }

  static int div(int a, int b) {
    if (b == 0) {
      throw new ArithmeticException("division by zero in GF(2^8)");
    }
    if (a == 0) {
      return 0;
    }
    return EXP[LOG[a] + 255 - LOG[b]];
  }

  /** alpha^e for any e >= 0. */
  static int pow(int e) {
    return EXP[e % 255];
  }

  /**
   * Carry-less multiplication with reduction, bit by bit: the slow reference the tables are tested
   * against.
   */
  static int mulSlow(int a, int b) {
    int product = 0;
    while (b != 0) {
      if ((b & 1) != 0) {
        product ^= a;
      }
      a <<= 1;
      if ((a & 0x100) != 0) {
        a ^= PRIMITIVE_POLYNOMIAL;
      }
      b >>>= 1;
    }
    return product;
  }
}
