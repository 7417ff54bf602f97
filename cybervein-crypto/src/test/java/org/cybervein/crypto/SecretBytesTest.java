package org.cybervein.crypto;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.Rejection;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
  private static final Bytes MATERIAL = Bytes.fromHex("00112233445566778899aabbccddeeff");

  @Test
  void copiesInAndOut() {
    byte[] source = MATERIAL.toByteArray();
    SecretBytes secret = SecretBytes.copyOf(source);
    source[0] ^= 1;
    byte[] out = secret.toByteArray();
    out[1] ^= 1;
    assertEquals(MATERIAL, secret.toBytes());
    assertArrayEquals(MATERIAL.toByteArray(), secret.toByteArray());
    assertEquals(MATERIAL.size(), secret.size());
  }

  @Test
  void toStringShowsTheSizeButNotTheBytes() {
    String shown = SecretBytes.copyOf(MATERIAL.toByteArray()).toString();
    assertFalse(shown.contains(MATERIAL.toHex()));
    assertFalse(shown.toLowerCase().contains("0011"));
    assertTrue(shown.contains("16 bytes"));
  }

  @Test
  void equalsSecretComparesContent() {
    SecretBytes a = SecretBytes.copyOf(MATERIAL.toByteArray());
    byte[] flipped = MATERIAL.toByteArray();
    flipped[15] ^= (byte) 0x80;
    assertTrue(a.equalsSecret(SecretBytes.copyOf(MATERIAL.toByteArray())));
    assertFalse(a.equalsSecret(SecretBytes.copyOf(flipped)));
    assertFalse(a.equalsSecret(SecretBytes.copyOf(new byte[15])));
    assertFalse(a.equals(SecretBytes.copyOf(MATERIAL.toByteArray())));
  }

  @Test
  void randomDrawsTheRequestedSizeFromTheSource() {
    SecretBytes drawn = SecretBytes.random(32, DeterministicRandom.fromSeed(7));
    byte[] expected = new byte[32];
    DeterministicRandom.fromSeed(7).nextBytes(expected);
    assertArrayEquals(expected, drawn.toByteArray());
    assertThrows(
        IllegalArgumentException.class,
        () -> SecretBytes.random(-1, DeterministicRandom.fromSeed(7)));
  }

  @Test
  void ofLengthAcceptsOnlyThatLength() {
    qt().forAll(integers().between(0, 100))
        .checkAssert(
            size -> {
              Bytes input = Bytes.of(new byte[size]);
              if (size == 32) {
                assertEquals(32, accepted(() -> ofLength(input)).size());
              } else {
                assertEquals(Reason.WRONG_LENGTH, Rejection.reasonOf(() -> ofLength(input)));
              }
            });
  }

  @Test
  void ofMinLengthRejectsOnlyShorterInput() {
    qt().forAll(integers().between(0, 100))
        .checkAssert(
            size -> {
              Bytes input = Bytes.of(new byte[size]);
              if (size >= 16) {
                assertEquals(size, accepted(() -> ofMinLength(input)).size());
              } else {
                assertEquals(Reason.WRONG_LENGTH, Rejection.reasonOf(() -> ofMinLength(input)));
              }
            });
  }

  private interface Decoding {
    SecretBytes run() throws InvalidCryptoInputException;
  }

  private static SecretBytes accepted(Decoding decoding) {
    try {
      return decoding.run();
    } catch (InvalidCryptoInputException e) {
      throw new AssertionError("valid input rejected", e);
    }
  }

  private static SecretBytes ofLength(Bytes input) throws InvalidCryptoInputException {
    return SecretBytes.ofLength(input, 32, "a test key");
  }

  private static SecretBytes ofMinLength(Bytes input) throws InvalidCryptoInputException {
    return SecretBytes.ofMinLength(input, 16, "a test key");
  }
}
