package org.cybervein.crypto.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.PropertyRuns;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.junit.jupiter.api.Test;

/** Untrusted bytes reaching key, signature and SPKI decoders, and the verifier. */
class Ed25519DecodingTest {
  private static final String SPKI_PREFIX = "302a300506032b6570032100";

  private static final Ed25519PrivateKey KEY =
      Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(99L));

  @Test
  void privateKeyDecoderAcceptsOnlyThirtyTwoBytes() {
    PropertyRuns.qt()
        .forAll(Ed25519PropertiesTest.byteArrays(0, 100))
        .checkAssert(
            bytes -> {
              try {
                Ed25519PrivateKey key = Ed25519PrivateKey.decode(Bytes.of(bytes));
                assertEquals(32, bytes.length);
                assertEquals(Bytes.of(bytes), key.encodeSeed());
              } catch (InvalidCryptoInputException e) {
                assertTrue(bytes.length != 32);
                assertEquals(Reason.WRONG_LENGTH, e.reason());
              }
            });
  }

  @Test
  void apiDecodersRejectWrongLengthKeysAndSignatures() {
    PropertyRuns.qt()
        .forAll(Ed25519PropertiesTest.byteArrays(0, 130))
        .checkAssert(
            bytes -> {
              try {
                PublicKey.decodeEd25519(Bytes.of(bytes));
                assertEquals(32, bytes.length);
              } catch (InvalidEncodingException e) {
                assertTrue(bytes.length != 32);
                assertEquals(InvalidEncodingException.Reason.WRONG_LENGTH, e.reason());
              }
              try {
                Signature.decodeEd25519(Bytes.of(bytes));
                assertEquals(64, bytes.length);
              } catch (InvalidEncodingException e) {
                assertTrue(bytes.length != 64);
                assertEquals(InvalidEncodingException.Reason.WRONG_LENGTH, e.reason());
              }
            });
  }

  @Test
  void verifierFactoryAcceptsOrRejectsRandomKeysWithInvalidKeyOnly() {
    PropertyRuns.qt()
        .forAll(Ed25519PropertiesTest.byteArrays(32, 32), Ed25519PropertiesTest.byteArrays(64, 64))
        .checkAssert(
            (keyBytes, sigBytes) -> {
              try {
                Ed25519Verifier verifier = Ed25519Verifier.of(PublicKey.ed25519(keyBytes));
                assertFalse(verifier.verify(new byte[] {1}, Signature.ed25519(sigBytes)));
              } catch (InvalidCryptoInputException e) {
                assertEquals(Reason.INVALID_KEY, e.reason());
              }
            });
  }

  @Test
  void verifyReturnsFalseForRandomSignatureBytes() throws Exception {
    Ed25519Verifier verifier = Ed25519Verifier.of(KEY.publicKey());
    PropertyRuns.qt()
        .forAll(Ed25519PropertiesTest.byteArrays(64, 64), Ed25519PropertiesTest.byteArrays(0, 50))
        .checkAssert(
            (sig, message) -> assertFalse(verifier.verify(message, Signature.ed25519(sig))));
  }

  @Test
  void verifyRejectsSignatureWithUnreducedScalar() throws Exception {
    // S + L is the classic malleated form of a valid signature: same equation, S not below L.
    byte[] message = {42};
    byte[] sig = KEY.sign(message).encoded().toByteArray();
    byte[] order =
        Bytes.fromHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")
            .toByteArray();
    int carry = 0;
    for (int i = 0; i < 32; i++) {
      int sum = (sig[32 + i] & 0xff) + (order[i] & 0xff) + carry;
      sig[32 + i] = (byte) sum;
      carry = sum >>> 8;
    }
    assertEquals(0, carry);
    assertFalse(Ed25519Verifier.of(KEY.publicKey()).verify(message, Signature.ed25519(sig)));
  }

  @Test
  void verifierRejectsSmallOrderAndNonCanonicalKeys() {
    String[] bad = {
      // identity (0, 1)
      "0100000000000000000000000000000000000000000000000000000000000000",
      // (0, -1), order 2
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      // y = p, a non-canonical encoding of y = 0
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      // y = 1 with the sign bit set: x = 0 cannot be negative
      "0100000000000000000000000000000000000000000000000000000000000080",
      // the all-zero key, order 4
      "0000000000000000000000000000000000000000000000000000000000000000",
    };
    for (String hex : bad) {
      InvalidCryptoInputException e =
          assertThrows(
              InvalidCryptoInputException.class,
              () -> Ed25519Verifier.of(PublicKey.ed25519(Bytes.fromHex(hex).toByteArray())),
              hex);
      assertEquals(Reason.INVALID_KEY, e.reason(), hex);
    }
  }

  @Test
  void verifierRejectsKeyWithSmallOrderComponent() throws Exception {
    // A + T for the point T = (0, -1) of order 2 is (-x, -y): on the curve, not small order, but
    // not in the prime-order subgroup. Only full validation catches it.
    BigInteger p = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    byte[] encoded = KEY.publicKey().encoded().toByteArray();
    int sign = (encoded[31] >>> 7) & 1;
    encoded[31] &= 0x7f;
    BigInteger y = new BigInteger(1, reverse(encoded));
    byte[] negatedY = reverse(toFixed32(p.subtract(y).mod(p)));
    negatedY[31] |= (byte) ((1 - sign) << 7);
    PublicKey mixedOrder = PublicKey.ed25519(negatedY);

    InvalidCryptoInputException e =
        assertThrows(InvalidCryptoInputException.class, () -> Ed25519Verifier.of(mixedOrder));
    assertEquals(Reason.INVALID_KEY, e.reason());
    assertTrue(Ed25519Verifier.of(KEY.publicKey()).verify(new byte[0], KEY.sign(new byte[0])));
  }

  private static byte[] reverse(byte[] b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[b.length - 1 - i];
    }
    return out;
  }

  private static byte[] toFixed32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  @Test
  void spkiRoundTripsAndHasTheRfc8410Prefix() throws Exception {
    Bytes spki = Ed25519PublicKeys.toSpki(KEY.publicKey());
    assertEquals(44, spki.size());
    assertEquals(SPKI_PREFIX + KEY.publicKey().encoded().toHex(), spki.toHex());
    assertEquals(KEY.publicKey(), Ed25519PublicKeys.fromSpki(spki));
  }

  @Test
  void spkiDecoderRejectsTruncatedAndOversizedInput() {
    byte[] spki = Ed25519PublicKeys.toSpki(KEY.publicKey()).toByteArray();
    for (int length = 0; length < spki.length + 10; length++) {
      if (length == spki.length) {
        continue;
      }
      byte[] candidate = java.util.Arrays.copyOf(spki, length);
      InvalidCryptoInputException e =
          assertThrows(
              InvalidCryptoInputException.class,
              () -> Ed25519PublicKeys.fromSpki(Bytes.of(candidate)));
      assertEquals(Reason.WRONG_LENGTH, e.reason());
    }
  }

  @Test
  void spkiDecoderRejectsEveryMutationOfThePrefix() {
    byte[] spki = Ed25519PublicKeys.toSpki(KEY.publicKey()).toByteArray();
    for (int i = 0; i < 12; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] mutated = spki.clone();
        mutated[i] ^= (byte) (1 << bit);
        InvalidCryptoInputException e =
            assertThrows(
                InvalidCryptoInputException.class,
                () -> Ed25519PublicKeys.fromSpki(Bytes.of(mutated)));
        assertEquals(Reason.MALFORMED, e.reason());
      }
    }
  }

  @Test
  void spkiDecoderRejectsRandomBytes() {
    PropertyRuns.qt()
        .forAll(Ed25519PropertiesTest.byteArrays(0, 100))
        .checkAssert(
            bytes -> {
              boolean wellFormed =
                  bytes.length == 44 && Bytes.of(bytes).toHex().startsWith(SPKI_PREFIX);
              try {
                PublicKey key = Ed25519PublicKeys.fromSpki(Bytes.of(bytes));
                assertTrue(wellFormed);
                assertEquals(Bytes.of(bytes).slice(12, 44), key.encoded());
              } catch (InvalidCryptoInputException e) {
                assertFalse(wellFormed);
                assertTrue(e.reason() == Reason.WRONG_LENGTH || e.reason() == Reason.MALFORMED);
              }
            });
  }
}
