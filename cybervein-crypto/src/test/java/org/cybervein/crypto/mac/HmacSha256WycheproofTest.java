package org.cybervein.crypto.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.WycheproofJson;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof {@code hmac_sha256_test.json}. Groups with 256-bit tags go through {@link
 * HmacSha256#verify}; groups with 128-bit tags through {@link HmacSha256#verifyTruncated}, and
 * {@code verify} must refuse their short tags. Nothing is skipped.
 */
class HmacSha256WycheproofTest {
  @Test
  void conformsToWycheproofHmacSha256Vectors() throws Exception {
    WycheproofJson file = WycheproofJson.load("hmac_sha256_test.json");
    int validFull = 0;
    int invalidFull = 0;
    int validTruncated = 0;
    int invalidTruncated = 0;
    for (WycheproofJson.Case c : file.cases()) {
      HmacSha256 mac = new HmacSha256(HmacSha256Key.fromBytes(c.hex("key")));
      Bytes msg = c.hex("msg");
      Bytes tag = c.hex("tag");
      boolean full = c.groupInt("tagSize") == 256;
      if (!full) {
        assertEquals(128, c.groupInt("tagSize"), c::toString);
        InvalidCryptoInputException e =
            assertThrows(InvalidCryptoInputException.class, () -> mac.verify(msg, tag));
        assertEquals(Reason.WRONG_LENGTH, e.reason(), c::toString);
      }
      if (c.isValid()) {
        Bytes computed = mac.compute(msg);
        assertEquals(tag, computed.slice(0, tag.size()), c::toString);
        if (full) {
          mac.verify(msg, tag);
          validFull++;
        } else {
          mac.verifyTruncated(msg, tag);
          validTruncated++;
        }
      } else if (c.isInvalid()) {
        try {
          if (full) {
            mac.verify(msg, tag);
          } else {
            mac.verifyTruncated(msg, tag);
          }
          fail("accepted invalid " + c);
        } catch (InvalidCryptoInputException e) {
          assertEquals(Reason.AUTHENTICATION_FAILED, e.reason(), c::toString);
        }
        if (full) {
          invalidFull++;
        } else {
          invalidTruncated++;
        }
      } else {
        fail("no acceptable cases expected in HMAC: " + c);
      }
    }
    System.out.printf(
        "Wycheproof hmac_sha256_test.json: full tags %d valid passed, %d invalid rejected;"
            + " 128-bit tags %d valid passed, %d invalid rejected; 0 skipped, total %d%n",
        validFull, invalidFull, validTruncated, invalidTruncated, file.numberOfTests());
    assertEquals(33, validFull);
    assertEquals(54, invalidFull);
    assertEquals(33, validTruncated);
    assertEquals(54, invalidTruncated);
    assertEquals(file.numberOfTests(), validFull + invalidFull + validTruncated + invalidTruncated);
  }
}
