package org.cybervein.crypto.kdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.cybervein.crypto.testsupport.WycheproofJson;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof {@code hkdf_sha256_test.json}: every valid case yields exactly {@code okm}; the
 * invalid cases ask for more than 255 * 32 bytes and must throw {@link IllegalArgumentException}.
 */
class HkdfWycheproofTest {
  @Test
  void conformsToWycheproofHkdfSha256Vectors() {
    WycheproofJson file = WycheproofJson.load("hkdf_sha256_test.json");
    int valid = 0;
    int invalid = 0;
    for (WycheproofJson.Case c : file.cases()) {
      int size = c.testInt("size");
      if (c.isValid()) {
        assertEquals(
            c.hex("okm"),
            Hkdf.derive(c.hex("salt"), c.hex("ikm"), c.hex("info"), size),
            c::toString);
        valid++;
      } else if (c.isInvalid()) {
        assertTrue(c.flags().contains("SizeTooLarge"), c::toString);
        assertThrows(
            IllegalArgumentException.class,
            () -> Hkdf.derive(c.hex("salt"), c.hex("ikm"), c.hex("info"), size),
            c::toString);
        invalid++;
      } else {
        fail("no acceptable cases expected in HKDF: " + c);
      }
    }
    System.out.printf(
        "Wycheproof hkdf_sha256_test.json: %d valid passed, %d invalid rejected, 0 skipped,"
            + " total %d%n",
        valid, invalid, file.numberOfTests());
    assertEquals(83, valid);
    assertEquals(3, invalid);
    assertEquals(file.numberOfTests(), valid + invalid);
  }
}
