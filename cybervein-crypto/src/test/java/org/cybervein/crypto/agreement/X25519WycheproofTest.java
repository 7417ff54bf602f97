package org.cybervein.crypto.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.Rejection;
import org.cybervein.crypto.testsupport.WycheproofJson;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof {@code x25519_test.json}.
 *
 * <p>Policy for "acceptable" cases (low-order, twist and non-canonical public keys): a case is
 * refused with {@code INVALID_KEY} exactly when its shared secret is all zero, which Wycheproof
 * flags {@code ZeroSharedSecret}; every other acceptable case must give exactly {@code shared}.
 */
class X25519WycheproofTest {
  @Test
  void conformsToWycheproofX25519Vectors() throws Exception {
    WycheproofJson file = WycheproofJson.load("x25519_test.json");
    int valid = 0;
    int acceptableAccepted = 0;
    int acceptableRefused = 0;
    Bytes zero = Bytes.of(new byte[SharedSecret.SIZE]);
    for (WycheproofJson.Case c : file.cases()) {
      X25519PrivateKey priv = X25519PrivateKey.fromBytes(c.hex("private"));
      X25519PublicKey pub = X25519PublicKey.decode(c.hex("public"));
      Bytes shared = c.hex("shared");
      boolean zeroShared = shared.equals(zero);
      assertEquals(zeroShared, c.flags().contains("ZeroSharedSecret"), c::toString);
      if (c.isValid()) {
        assertTrue(!zeroShared, c::toString);
        assertEquals(shared, priv.agree(pub).toBytes(), c::toString);
        valid++;
      } else if (c.isAcceptable()) {
        if (zeroShared) {
          assertEquals(Reason.INVALID_KEY, Rejection.reasonOf(() -> priv.agree(pub)), c::toString);
          acceptableRefused++;
        } else {
          assertEquals(shared, priv.agree(pub).toBytes(), c::toString);
          acceptableAccepted++;
        }
      } else {
        fail("no invalid cases expected in X25519: " + c);
      }
    }
    System.out.printf(
        "Wycheproof x25519_test.json: %d valid passed; acceptable: %d accepted (non-zero shared),"
            + " %d refused (zero shared, INVALID_KEY); 0 skipped, total %d%n",
        valid, acceptableAccepted, acceptableRefused, file.numberOfTests());
    assertEquals(264, valid);
    assertEquals(223, acceptableAccepted);
    assertEquals(31, acceptableRefused);
    assertEquals(file.numberOfTests(), valid + acceptableAccepted + acceptableRefused);
  }
}
