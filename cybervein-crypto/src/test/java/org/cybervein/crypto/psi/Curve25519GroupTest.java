package org.cybervein.crypto.psi;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.djb.Curve25519;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.junit.jupiter.api.Test;

class Curve25519GroupTest {
  private static BigInteger value(int[] fieldElement) {
    byte[] le = new byte[32];
    X25519Field.encode(fieldElement, le, 0);
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    return new BigInteger(1, be);
  }

  private static BigInteger hex(JsonObject o, String key) {
    return new BigInteger(o.get(key).getAsString().substring(2), 16);
  }

  /** RFC 9380 Appendix J.7.1 (the CFRG draft's JSON of them): u, Q0, Q1 and P of each message. */
  @Test
  void hashToCurveMatchesRfc9380Vectors() throws IOException {
    JsonObject suite;
    try (InputStream in =
        getClass().getResourceAsStream("/vectors/rfc9380/curve25519_XMD_SHA-512_ELL2_RO_.json")) {
      suite =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject();
    }
    Curve25519Group group = new Curve25519Group(suite.get("dst").getAsString());
    JsonArray vectors = suite.getAsJsonArray("vectors");
    assertEquals(5, vectors.size());
    for (JsonElement e : vectors) {
      JsonObject v = e.getAsJsonObject();
      byte[] msg = v.get("msg").getAsString().getBytes(StandardCharsets.US_ASCII);
      int[][] steps = group.hashToPointWithSteps(msg);
      String label = v.get("msg").getAsString();
      assertEquals(hex(v.getAsJsonObject("Q0"), "x"), value(steps[2]), label + " Q0.x");
      assertEquals(hex(v.getAsJsonObject("Q0"), "y"), value(steps[3]), label + " Q0.y");
      assertEquals(hex(v.getAsJsonObject("Q1"), "x"), value(steps[4]), label + " Q1.x");
      assertEquals(hex(v.getAsJsonObject("Q1"), "y"), value(steps[5]), label + " Q1.y");
      assertEquals(hex(v.getAsJsonObject("P"), "x"), value(steps[0]), label + " P.x");
      assertEquals(hex(v.getAsJsonObject("P"), "y"), value(steps[1]), label + " P.y");
      assertArrayEquals(
          Curve25519Group.element(hex(v.getAsJsonObject("P"), "x")).toByteArray(),
          group.hash(Bytes.of(msg)));
    }
  }

  private static byte[] secret(long seed) {
    byte[] k = new byte[32];
    DeterministicRandom.fromSeed(seed).nextBytes(k);
    return k;
  }

  @Test
  void exponentiationCommutes() {
    Curve25519Group group = new Curve25519Group();
    qt(20)
        .forAll(longs().all(), longs().all(), longs().all())
        .checkAssert(
            (id, a, b) -> {
              byte[] h = group.hash(Bytes.of(BigInteger.valueOf(id).toByteArray()));
              byte[] ab =
                  Curve25519Group.raiseChecked(
                      secret(b), Curve25519Group.raiseChecked(secret(a), h));
              byte[] ba =
                  Curve25519Group.raiseChecked(
                      secret(a), Curve25519Group.raiseChecked(secret(b), h));
              assertArrayEquals(ab, ba);
            });
  }

  /**
   * Hashed points lie on the curve, in the prime-order subgroup: checked in Bouncy Castle's
   * short-Weierstrass model of Curve25519 ({@code x_w = u + 486662 / 3}, same y), where l times the
   * point is the point at infinity.
   */
  @Test
  void hashedPointsHavePrimeOrder() throws Exception {
    BigInteger p = Curve25519Group.P;
    BigInteger l =
        BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    BigInteger shift =
        BigInteger.valueOf(486662).multiply(BigInteger.valueOf(3).modInverse(p)).mod(p);
    Curve25519 weierstrass = new Curve25519();
    Curve25519Group group = new Curve25519Group();
    for (int i = 0; i < 5; i++) {
      int[][] steps = group.hashToPointWithSteps(("id-" + i).getBytes(StandardCharsets.US_ASCII));
      ECPoint point = weierstrass.createPoint(value(steps[0]).add(shift).mod(p), value(steps[1]));
      assertTrue(point.isValid(), "on the curve");
      assertFalse(point.isInfinity());
      assertTrue(point.multiply(l).isInfinity(), "order l");
      Curve25519Group.check(ByteString.copyFrom(group.hash(Bytes.utf8("id-" + i))));
    }
  }

  @Test
  void refusesLowOrderTwistNonCanonicalAndWrongLength() {
    BigInteger p = Curve25519Group.P;
    Reason[] expected = {Reason.INVALID_KEY};
    for (BigInteger low :
        new BigInteger[] {
          BigInteger.ZERO,
          BigInteger.ONE,
          p.subtract(BigInteger.ONE),
          new BigInteger(
              "325606250916557431795983626356110631294008115727848805560023387167927233504"),
          new BigInteger(
              "39382357235489614581723060781553021112529911719440698176882885853963445705823")
        }) {
      byte[] u = Curve25519Group.element(low).toByteArray();
      // They are low-order indeed: every clamped scalar sends them to the identity.
      assertFalse(X25519.calculateAgreement(secret(7), 0, u, 0, new byte[32], 0));
      assertEquals(
          expected[0],
          assertThrows(
                  InvalidCryptoInputException.class,
                  () -> Curve25519Group.check(ByteString.copyFrom(u)))
              .reason());
    }
    // u = 2 is on the twist (2^3 + 486662 * 4 + 2 is not a square mod p): refused.
    byte[] twist = Curve25519Group.element(BigInteger.TWO).toByteArray();
    assertEquals(
        Reason.INVALID_KEY,
        assertThrows(
                InvalidCryptoInputException.class,
                () -> Curve25519Group.raise(secret(1), ByteString.copyFrom(twist)))
            .reason());
    // p itself and a set top bit are not canonical.
    byte[] pBytes = new byte[32];
    byte[] pLe = Curve25519Group.element(p.subtract(BigInteger.ONE)).toByteArray();
    System.arraycopy(pLe, 0, pBytes, 0, 32);
    pBytes[0]++;
    assertEquals(
        Reason.INVALID_KEY,
        assertThrows(
                InvalidCryptoInputException.class,
                () -> Curve25519Group.check(ByteString.copyFrom(pBytes)))
            .reason());
    byte[] h = new Curve25519Group().hash(Bytes.utf8("x"));
    byte[] top = h.clone();
    top[31] |= (byte) 0x80;
    assertEquals(
        Reason.INVALID_KEY,
        assertThrows(
                InvalidCryptoInputException.class,
                () -> Curve25519Group.check(ByteString.copyFrom(top)))
            .reason());
    assertEquals(
        Reason.WRONG_LENGTH,
        assertThrows(
                InvalidCryptoInputException.class,
                () -> Curve25519Group.check(ByteString.copyFrom(h, 0, 31)))
            .reason());
  }
}
