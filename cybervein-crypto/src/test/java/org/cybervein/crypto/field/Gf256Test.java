package org.cybervein.crypto.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class Gf256Test {
  @Test
  void aesFieldMatchesTheFips197Example() {
    // FIPS-197 section 4.2: {57} * {83} = {c1}, and {57} * {13} = {fe}.
    assertEquals(0xc1, Gf256.AES.mul(0x57, 0x83));
    assertEquals(0xfe, Gf256.AES.mul(0x57, 0x13));
    assertEquals(0x57, Gf256.AES.div(0xc1, 0x83));
  }

  @Test
  void reedSolomonFieldReducesByItsPolynomial() {
    // alpha^8 = x^4 + x^3 + x^2 + 1 modulo 0x11d.
    assertEquals(0x1d, Gf256.REED_SOLOMON.pow(8));
    assertEquals(1, Gf256.REED_SOLOMON.pow(255));
  }

  @Test
  void tablesAgreeWithBitwiseMultiplicationInBothFields() {
    for (Gf256 field : List.of(Gf256.AES, Gf256.REED_SOLOMON)) {
      for (int a = 0; a < 256; a++) {
        for (int b = 0; b < 256; b++) {
          int product = field.mulReference(a, b);
          assertEquals(product, field.mul(a, b), field + ": " + a + "*" + b);
          if (b != 0) {
            assertEquals(a, field.div(product, b), field + ": " + product + "/" + b);
          }
        }
      }
    }
  }

  @Test
  void theTwoFieldsDiffer() {
    // 0x80 * 2 overflows into the reduction, where the polynomials differ.
    assertEquals(0x1b, Gf256.AES.mul(0x80, 2));
    assertEquals(0x1d, Gf256.REED_SOLOMON.mul(0x80, 2));
  }

  @Test
  void refusesWhatIsNotAFieldOrAnElement() {
    assertThrows(IllegalArgumentException.class, () -> Gf256.of(0x11b, 0x02), "2 has order 51");
    assertThrows(IllegalArgumentException.class, () -> Gf256.of(0x100, 0x02), "x^8 is reducible");
    assertThrows(IllegalArgumentException.class, () -> Gf256.of(0x1b, 0x03), "degree 4");
    assertThrows(IllegalArgumentException.class, () -> Gf256.AES.mul(256, 1));
    assertThrows(IllegalArgumentException.class, () -> Gf256.AES.div(1, -1));
    assertThrows(ArithmeticException.class, () -> Gf256.AES.div(1, 0));
    assertThrows(IllegalArgumentException.class, () -> Gf256.AES.pow(-1));
    assertEquals(Gf256.AES.mul(7, 9), Gf256.of(0x11b, 0x03).mul(7, 9));
  }
}
