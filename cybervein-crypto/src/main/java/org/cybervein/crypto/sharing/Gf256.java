package org.cybervein.crypto.sharing;

/**
 * Arithmetic in GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1, by log and exp tables over
 * the generator 3. Byte-wise sharing keeps every secret length exact and needs no big numbers.
 */
final class Gf256 {
  private static final int[] EXP = new int[512];
  private static final int[] LOG = new int[256];

  static {
    int x = 1;
    for (int i = 0; i < 255; i++) {
      EXP[i] = x;
      LOG[x] = i;
      // multiply by the generator 3 = x + 1: x*2 (reduced) xor x
      int doubled = (x << 1) ^ ((x & 0x80) != 0 ? 0x11b : 0);
      x = doubled ^ x;
    }
    // the doubled table spares a modulo in mul
    for (int i = 255; i < 512; i++) {
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
      throw new ArithmeticException("division by zero in GF(256)");
    }
    if (a == 0) {
      return 0;
    }
    return EXP[LOG[a] + 255 - LOG[b]];
  }
}
