package org.cybervein.crypto.he;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.Rejection;
import org.cybervein.crypto.testsupport.Tamper;
import org.junit.jupiter.api.Test;

class PaillierWireTest {
  private static final PaillierPrivateKey KEY = TestKeys.KEY_512;
  private static final PaillierPublicKey PUB = KEY.publicKey();
  private static final PaillierWire WIRE = PaillierWire.insecureForTesting();
  private static final FixedPointCodec CODEC = FixedPointCodec.of(PUB, 16);
  private static final PaillierEncryptor ENCRYPTOR =
      PaillierEncryptor.create(PUB, DeterministicRandom.fromSeed(21L));

  private static Bytes rawCiphertext(BigInteger value, int scale) {
    return Bytes.of(
        HeProto.PaillierCiphertext.newBuilder()
            .setValue(ByteString.copyFrom(PaillierWire.fixedLength(value, PUB.ciphertextLength())))
            .setScale(scale)
            .build()
            .toByteArray());
  }

  private static Reason rejectCiphertext(Bytes bytes) {
    return Rejection.reasonOf(() -> PaillierWire.decodeCiphertext(PUB, bytes));
  }

  @Test
  void keysAndCiphertextsRoundTrip() throws Exception {
    assertEquals(PUB, WIRE.decodePublicKey(PaillierWire.encode(PUB)));
    assertEquals(KEY, WIRE.decodePrivateKey(PaillierWire.encode(KEY)));
    PaillierCiphertext c = ENCRYPTOR.encrypt(CODEC.encode(-3.5));
    PaillierCiphertext decoded = PaillierWire.decodeCiphertext(PUB, PaillierWire.encode(c));
    assertEquals(c, decoded);
    assertEquals(-3.5, CODEC.decrypt(KEY, decoded));
    List<PaillierCiphertext> vector =
        List.of(c, ENCRYPTOR.encrypt(CODEC.encode(1)), ENCRYPTOR.encrypt(CODEC.encode(0)));
    assertEquals(vector, PaillierWire.decodeVector(PUB, PaillierWire.encode(vector), 3));
  }

  @Test
  void productionDecoderRejectsTestSizedKeysButAccepts2048() throws Exception {
    assertEquals(
        Reason.INVALID_KEY,
        Rejection.reasonOf(
            () -> PaillierWire.production().decodePublicKey(PaillierWire.encode(PUB))));
    PaillierPublicKey big =
        PaillierPrivateKey.generate(PaillierKeySize.BITS_2048, DeterministicRandom.fromSeed(5L))
            .publicKey();
    assertEquals(big, PaillierWire.production().decodePublicKey(PaillierWire.encode(big)));
  }

  @Test
  void rejectsCiphertextsOutsideTheUnitGroup() {
    BigInteger n = PUB.modulus();
    BigInteger nn = PUB.modulusSquared();
    assertEquals(Reason.OUT_OF_RANGE, rejectCiphertext(rawCiphertext(BigInteger.ZERO, 0)));
    assertEquals(Reason.OUT_OF_RANGE, rejectCiphertext(rawCiphertext(nn, 0)));
    assertEquals(Reason.OUT_OF_RANGE, rejectCiphertext(rawCiphertext(nn.add(BigInteger.ONE), 0)));
    assertEquals(Reason.OUT_OF_RANGE, rejectCiphertext(rawCiphertext(n, 0)));
    assertEquals(Reason.OUT_OF_RANGE, rejectCiphertext(rawCiphertext(KEY.p(), 0)));
    assertEquals(
        Reason.OUT_OF_RANGE,
        rejectCiphertext(rawCiphertext(KEY.q().multiply(BigInteger.valueOf(12345)), 0)));
    assertEquals(
        Reason.OUT_OF_RANGE,
        rejectCiphertext(rawCiphertext(BigInteger.ONE, PaillierPlaintext.MAX_SCALE + 1)));
    assertEquals(Reason.OUT_OF_RANGE, rejectCiphertext(rawCiphertext(BigInteger.ONE, -1)));
  }

  @Test
  void validatingFactoryAcceptsUnitsAndRejectsTheRest() throws Exception {
    PaillierCiphertext c = ENCRYPTOR.encrypt(CODEC.encode(2.5));
    assertEquals(c, PaillierCiphertext.of(PUB, c.value(), 16));
    for (BigInteger bad :
        new BigInteger[] {
          BigInteger.ZERO, BigInteger.ONE.negate(), PUB.modulusSquared(), KEY.p(), PUB.modulus()
        }) {
      assertEquals(
          Reason.OUT_OF_RANGE, Rejection.reasonOf(() -> PaillierCiphertext.of(PUB, bad, 0)));
    }
    assertEquals(
        Reason.OUT_OF_RANGE, Rejection.reasonOf(() -> PaillierCiphertext.of(PUB, c.value(), -1)));
  }

  @Test
  void rejectsWrongLengthTruncatedOversizedAndNonCanonicalCiphertexts() {
    Bytes good = PaillierWire.encode(ENCRYPTOR.encrypt(CODEC.encode(1)));
    // The last two bytes are the scale field; without them the rest is a valid scale-0 message
    // (protobuf omits default values), so truncations are checked up to the end of the value.
    for (int cut = 0; cut < good.size() - 2; cut++) {
      rejectCiphertext(good.slice(0, cut));
    }
    assertEquals(Reason.OVERSIZED, rejectCiphertext(good.concat(Bytes.of(new byte[64]))));
    Bytes shortValue =
        Bytes.of(
            HeProto.PaillierCiphertext.newBuilder()
                .setValue(ByteString.copyFrom(new byte[] {1, 2, 3}))
                .build()
                .toByteArray());
    assertEquals(Reason.WRONG_LENGTH, rejectCiphertext(shortValue));
    // A second copy of the scale field parses (last one wins) but is not canonical.
    Bytes duplicated = good.concat(Bytes.of(new byte[] {0x10, 0x05}));
    assertEquals(Reason.MALFORMED, rejectCiphertext(duplicated));
    Bytes unknownField = good.concat(Bytes.of(new byte[] {0x18, 0x01}));
    assertEquals(Reason.MALFORMED, rejectCiphertext(unknownField));
  }

  @Test
  void mutatedOrRandomBytesAreRejectedOrDecodeToAValidCiphertext() {
    Bytes good = PaillierWire.encode(ENCRYPTOR.encrypt(CODEC.encode(1)));
    qt().forAll(integers().between(0, good.size() * 8 - 1))
        .checkAssert(
            bit -> {
              Bytes mutated = Tamper.flipBit(good, bit);
              try {
                PaillierCiphertext c = PaillierWire.decodeCiphertext(PUB, mutated);
                assertEquals(true, PUB.isValidCiphertextValue(c.value()));
              } catch (InvalidCryptoInputException expected) {
                // rejected: fine
              }
            });
    qt().forAll(longs().all(), integers().between(0, 300))
        .checkAssert(
            (seed, length) -> {
              byte[] random = new byte[length];
              DeterministicRandom.fromSeed(seed).nextBytes(random);
              try {
                PaillierWire.decodeCiphertext(PUB, Bytes.of(random));
                WIRE.decodePublicKey(Bytes.of(random));
                WIRE.decodePrivateKey(Bytes.of(random));
                PaillierWire.decodeVector(PUB, Bytes.of(random), 4);
              } catch (InvalidCryptoInputException expected) {
                // rejected: fine
              }
            });
  }

  @Test
  void rejectsInvalidPublicAndPrivateKeys() {
    Bytes even =
        Bytes.of(
            HeProto.PaillierPublicKey.newBuilder()
                .setModulus(
                    ByteString.copyFrom(PaillierWire.minimal(PUB.modulus().add(BigInteger.ONE))))
                .build()
                .toByteArray());
    assertEquals(Reason.INVALID_KEY, Rejection.reasonOf(() -> WIRE.decodePublicKey(even)));
    Bytes leadingZero =
        Bytes.of(
            HeProto.PaillierPublicKey.newBuilder()
                .setModulus(
                    ByteString.copyFrom(new byte[] {0})
                        .concat(ByteString.copyFrom(PaillierWire.minimal(PUB.modulus()))))
                .build()
                .toByteArray());
    assertEquals(Reason.MALFORMED, Rejection.reasonOf(() -> WIRE.decodePublicKey(leadingZero)));
    assertEquals(Reason.TRUNCATED, Rejection.reasonOf(() -> WIRE.decodePublicKey(Bytes.EMPTY)));
    Bytes composite =
        Bytes.of(
            HeProto.PaillierPrivateKey.newBuilder()
                .setP(ByteString.copyFrom(PaillierWire.minimal(KEY.p())))
                .setQ(ByteString.copyFrom(PaillierWire.minimal(KEY.q().add(BigInteger.TWO))))
                .build()
                .toByteArray());
    assertEquals(Reason.INVALID_KEY, Rejection.reasonOf(() -> WIRE.decodePrivateKey(composite)));
  }

  @Test
  void rejectsEmptyOrTooLongVectors() {
    PaillierCiphertext c = ENCRYPTOR.encrypt(CODEC.encode(1));
    Bytes two = PaillierWire.encode(List.of(c, c));
    assertEquals(
        Reason.OVERSIZED, Rejection.reasonOf(() -> PaillierWire.decodeVector(PUB, two, 1)));
    assertEquals(
        Reason.TRUNCATED, Rejection.reasonOf(() -> PaillierWire.decodeVector(PUB, Bytes.EMPTY, 1)));
  }

  @Test
  void refusesToEncodeUnobfuscatedCiphertexts() {
    PaillierCiphertext raw = ENCRYPTOR.encryptUnobfuscated(CODEC.encode(1));
    assertThrows(IllegalStateException.class, () -> PaillierWire.encode(raw));
    assertThrows(IllegalStateException.class, () -> PaillierWire.encode(List.of(raw)));
  }

  @Test
  void refusesToEncodeCiphertextsWhoseRandomFactorsCancelled() {
    PaillierCiphertext c = ENCRYPTOR.encrypt(CODEC.encode(5));
    // (c + 3) - c: the random factors cancel, leaving 1 + (3 * 2^16) n, readable by anyone.
    PaillierCiphertext difference = c.add(CODEC.encode(3)).subtract(c);
    assertEquals(BigInteger.ONE, difference.value().mod(PUB.modulus()));
    assertFalse(difference.isObfuscated());
    assertThrows(IllegalStateException.class, () -> PaillierWire.encode(difference));
    assertThrows(IllegalStateException.class, () -> PaillierWire.encode(List.of(c, difference)));
    assertTrue(ENCRYPTOR.obfuscate(difference).isObfuscated());
  }
}
