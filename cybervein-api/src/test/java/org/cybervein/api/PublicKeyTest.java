package org.cybervein.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.arrays;
import static org.quicktheories.generators.SourceDSL.integers;

import org.cybervein.api.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class PublicKeyTest {
  @Test
  void equalExactlyWhenTheEncodingsAreEqualWithEqualHashes() {
    // Keys that differ in at most their first byte, drawn from three values, so that equal pairs
    // come up often.
    PropertyRuns.qt()
        .forAll(
            integers().between(0, 2),
            integers().between(0, 2),
            arrays().ofIntegers(integers().between(0, 255)).withLength(31))
        .checkAssert(
            (x, y, rest) -> {
              PublicKey a = PublicKey.ed25519(key(x, rest));
              PublicKey b = PublicKey.ed25519(key(y, rest));
              assertEquals(x.equals(y), a.equals(b));
              if (a.equals(b)) {
                assertEquals(a.hashCode(), b.hashCode());
              }
              assertEquals(
                  31 * SignatureAlgorithm.ED25519.hashCode() + a.encoded().hashCode(),
                  a.hashCode());
            });
    PublicKey k = PublicKey.ed25519(new byte[32]);
    assertNotEquals(k, k.encoded());
    assertNotEquals(k, null);
  }

  @Test
  void rejectsAnEncodingOfAnotherSize() {
    assertThrows(IllegalArgumentException.class, () -> PublicKey.ed25519(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> PublicKey.ed25519(new byte[33]));
  }

  private static byte[] key(int first, Integer[] rest) {
    byte[] k = new byte[32];
    k[0] = (byte) first;
    for (int i = 0; i < rest.length; i++) {
      k[i + 1] = rest[i].byteValue();
    }
    return k;
  }
}
