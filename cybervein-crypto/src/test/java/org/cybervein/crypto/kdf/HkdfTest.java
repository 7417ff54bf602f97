package org.cybervein.crypto.kdf;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.junit.jupiter.api.Test;

class HkdfTest {

  private static final Bytes TC1_IKM =
      Bytes.fromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");

  @Test
  void matchesRfc5869TestCase1() {
    Bytes salt = Bytes.fromHex("000102030405060708090a0b0c");
    Bytes info = Bytes.fromHex("f0f1f2f3f4f5f6f7f8f9");
    PseudorandomKey prk = Hkdf.extract(salt, TC1_IKM);
    assertEquals(
        Bytes.fromHex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"),
        prk.toBytes());
    Bytes okm =
        Bytes.fromHex(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    assertEquals(okm, Hkdf.expand(prk, info, 42));
    assertEquals(okm, Hkdf.derive(salt, TC1_IKM, info, 42));
  }

  @Test
  void matchesRfc5869TestCase3WithEmptySaltAndInfo() {
    PseudorandomKey prk = Hkdf.extract(Bytes.EMPTY, TC1_IKM);
    assertEquals(
        Bytes.fromHex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"),
        prk.toBytes());
    assertEquals(
        Bytes.fromHex(
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
        Hkdf.derive(Bytes.EMPTY, TC1_IKM, Bytes.EMPTY, 42));
  }

  @Test
  void emptySaltEqualsHashLenZeroSalt() {
    assertEquals(
        Hkdf.derive(Bytes.EMPTY, TC1_IKM, Bytes.utf8("x"), 50),
        Hkdf.derive(Bytes.of(new byte[32]), TC1_IKM, Bytes.utf8("x"), 50));
  }

  @Test
  void shorterOutputIsPrefixOfLongerOutput() {
    qt().forAll(
            longs().all(),
            integers().between(0, Hkdf.MAX_OUTPUT_SIZE),
            integers().between(0, Hkdf.MAX_OUTPUT_SIZE))
        .checkAssert(
            (seed, a, b) -> {
              DeterministicRandom random = DeterministicRandom.fromSeed(seed);
              byte[] ikm = new byte[random.nextInt(64)];
              byte[] salt = new byte[random.nextInt(64)];
              byte[] info = new byte[random.nextInt(64)];
              random.nextBytes(ikm);
              random.nextBytes(salt);
              random.nextBytes(info);
              PseudorandomKey prk = Hkdf.extract(Bytes.of(salt), Bytes.of(ikm));
              Bytes shorter = Hkdf.expand(prk, Bytes.of(info), Math.min(a, b));
              Bytes longer = Hkdf.expand(prk, Bytes.of(info), Math.max(a, b));
              assertEquals(Math.min(a, b), shorter.size());
              assertEquals(Math.max(a, b), longer.size());
              assertTrue(longer.startsWith(shorter));
            });
  }

  @Test
  void differentInfoGivesUnrelatedOutput() {
    PseudorandomKey prk = Hkdf.extract(Bytes.utf8("salt"), TC1_IKM);
    Bytes a = Hkdf.expand(prk, Bytes.utf8("pbft-mac"), 32);
    Bytes b = Hkdf.expand(prk, Bytes.utf8("fl-mask"), 32);
    assertFalse(a.equals(b));
  }

  @Test
  void rejectsOutputLengthOutsideRfcRange() {
    PseudorandomKey prk = Hkdf.extract(Bytes.EMPTY, TC1_IKM);
    assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(prk, Bytes.EMPTY, -1));
    assertThrows(
        IllegalArgumentException.class,
        () -> Hkdf.expand(prk, Bytes.EMPTY, Hkdf.MAX_OUTPUT_SIZE + 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> Hkdf.derive(Bytes.EMPTY, TC1_IKM, Bytes.EMPTY, Integer.MAX_VALUE));
    assertEquals(Hkdf.MAX_OUTPUT_SIZE, Hkdf.expand(prk, Bytes.EMPTY, 8160).size());
    assertEquals(0, Hkdf.expand(prk, Bytes.EMPTY, 0).size());
  }

  @Test
  void rejectsShortPseudorandomKey() {
    InvalidCryptoInputException e =
        assertThrows(
            InvalidCryptoInputException.class,
            () -> PseudorandomKey.fromBytes(Bytes.of(new byte[31])));
    assertEquals(InvalidCryptoInputException.Reason.WRONG_LENGTH, e.reason());
  }
}
