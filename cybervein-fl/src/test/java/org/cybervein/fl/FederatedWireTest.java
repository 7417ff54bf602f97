package org.cybervein.fl;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.fl.InvalidFederatedMessageException.Reason;
import org.junit.jupiter.api.Test;

/** The wire pieces every federated protocol shares: parse refusals and unsigned integers. */
class FederatedWireTest {
  @Test
  void unsignedIsMinimalAndReadsBackBelowAnyLargerModulus() {
    qt().forAll(longs().all(), integers().between(0, 4100))
        .checkAssert(
            (seed, bits) -> {
              BigInteger v = new BigInteger(bits, new java.util.Random(seed));
              ByteString b = FederatedWire.unsigned(v);
              // minimal: one byte for zero, otherwise exactly the bytes of the bit length
              assertEquals(Math.max(1, (v.bitLength() + 7) / 8), b.size());
              BigInteger modulus = v.add(BigInteger.ONE);
              assertArrayEquals(
                  new BigInteger[] {v},
                  assertDoesNotThrow(() -> FederatedWire.residues(List.of(b), modulus, 1)));
            });
  }

  @Test
  void refusesNegativeIntegersWhichHaveNoUnsignedForm() {
    assertThrows(
        IllegalArgumentException.class, () -> FederatedWire.unsigned(BigInteger.valueOf(-1)));
  }

  @Test
  void residuesRefuseWrongLengthEmptyAndTooLargeEntries() {
    BigInteger modulus = BigInteger.valueOf(1000);
    assertEquals(
        Reason.WRONG_LENGTH,
        assertThrows(
                InvalidFederatedMessageException.class,
                () -> FederatedWire.residues(List.of(), modulus, 1))
            .reason());
    for (ByteString bad :
        List.of(
            ByteString.EMPTY,
            FederatedWire.unsigned(modulus),
            ByteString.copyFrom(new byte[] {0, 0, 1}))) {
      assertEquals(
          Reason.INVALID_VALUE,
          assertThrows(
                  InvalidFederatedMessageException.class,
                  () -> FederatedWire.residues(List.of(bad), modulus, 1))
              .reason());
    }
  }

  @Test
  void parseMapsTheParsersRefusalsToOneReasonEach() {
    CanonicalParser<FlProto.FlMessage> parser =
        CanonicalParser.of(FlProto.FlMessage.getDefaultInstance(), 16, 8);
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(
                InvalidFederatedMessageException.class,
                () -> FederatedWire.parse(parser, Bytes.of(new byte[17]), "FlMessage"))
            .reason());
    byte[] junk = new byte[12];
    DeterministicRandom.fromSeed(7L).nextBytes(junk);
    junk[0] = (byte) 0xff; // field 31 with wire type 7: no protobuf encoding
    InvalidFederatedMessageException e =
        assertThrows(
            InvalidFederatedMessageException.class,
            () -> FederatedWire.parse(parser, Bytes.of(junk), "FlMessage"));
    assertEquals(Reason.MALFORMED, e.reason());
    assertEquals(true, e.getMessage().startsWith("not a canonical FlMessage: "));
  }
}
