package org.cybervein.crypto.aead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.WycheproofJson;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof {@code aes_gcm_test.json}.
 *
 * <p>Policy: only 96-bit nonces are representable ({@link AeadNonce}). Cases with another IV size
 * are not run through the cipher; instead the test asserts that {@link AeadNonce#decode} refuses
 * their IV with {@code WRONG_LENGTH}. For the "invalid" zero-length-IV cases that refusal is the
 * required rejection; the "valid" cases with other IV sizes are counted as deliberately skipped.
 */
class AesGcmWycheproofTest {
  private static final int EXPECTED_VALID_RUN = 116;
  private static final int EXPECTED_INVALID_RUN = 81;
  private static final int EXPECTED_INVALID_IV_REJECTED = 6;
  private static final int EXPECTED_SKIPPED_IV_SIZE = 113;

  @Test
  void conformsToWycheproofAesGcmVectors() throws Exception {
    WycheproofJson file = WycheproofJson.load("aes_gcm_test.json");
    int valid = 0;
    int invalid = 0;
    int ivRejected = 0;
    int skipped = 0;
    for (WycheproofJson.Case c : file.cases()) {
      assertEquals(128, c.groupInt("tagSize"), c::toString);
      AeadAlgorithm algorithm =
          switch (c.groupInt("keySize")) {
            case 128 -> AeadAlgorithm.AES_128_GCM;
            case 192 -> AeadAlgorithm.AES_192_GCM;
            case 256 -> AeadAlgorithm.AES_256_GCM;
            default -> throw new AssertionError("unexpected key size in " + c);
          };
      Aead aead = Aead.of(AeadKey.fromBytes(algorithm, c.hex("key")));
      Bytes iv = c.hex("iv");
      Bytes aad = c.hex("aad");
      Bytes msg = c.hex("msg");
      Bytes sealed = c.hex("ct").concat(c.hex("tag"));

      if (c.groupInt("ivSize") != 96) {
        InvalidCryptoInputException e =
            assertThrows(
                InvalidCryptoInputException.class, () -> AeadNonce.decode(iv), c::toString);
        assertEquals(Reason.WRONG_LENGTH, e.reason(), c::toString);
        if (c.isInvalid()) {
          ivRejected++;
        } else {
          skipped++;
        }
        continue;
      }
      AeadNonce nonce = AeadNonce.decode(iv);
      if (c.isValid()) {
        assertEquals(sealed, aead.seal(nonce, msg, aad), c::toString);
        assertEquals(msg, aead.open(nonce, sealed, aad), c::toString);
        valid++;
      } else if (c.isInvalid()) {
        try {
          aead.open(nonce, sealed, aad);
          fail("accepted invalid " + c);
        } catch (InvalidCryptoInputException e) {
          assertEquals(Reason.AUTHENTICATION_FAILED, e.reason(), c::toString);
        }
        invalid++;
      } else {
        fail("no acceptable cases expected in AES-GCM: " + c);
      }
    }
    System.out.printf(
        "Wycheproof aes_gcm_test.json: %d valid passed, %d invalid rejected, %d invalid IVs"
            + " rejected by AeadNonce, %d skipped (non-96-bit IV, unsupported), total %d%n",
        valid, invalid, ivRejected, skipped, file.numberOfTests());
    assertEquals(EXPECTED_VALID_RUN, valid);
    assertEquals(EXPECTED_INVALID_RUN, invalid);
    assertEquals(EXPECTED_INVALID_IV_REJECTED, ivRejected);
    assertEquals(EXPECTED_SKIPPED_IV_SIZE, skipped);
    assertEquals(file.numberOfTests(), valid + invalid + ivRejected + skipped);
  }
}
