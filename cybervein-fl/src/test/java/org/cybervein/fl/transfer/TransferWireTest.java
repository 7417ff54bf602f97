package org.cybervein.fl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.v1.FtlProto;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.InvalidFederatedMessageException.Reason;
import org.cybervein.fl.vertical.MockCipherSuite;
import org.junit.jupiter.api.Test;

/**
 * The decoders refuse truncated, mutated, oversized and random bytes with {@link
 * InvalidFederatedMessageException}, and a party fed such bytes in the middle of a run ends with
 * exactly the model of an undisturbed run.
 */
class TransferWireTest {
  private static final long SEED = 0x18L;

  @Test
  void refusesOversizedInputBeforeParsing() {
    byte[] big = new byte[TransferWire.MAX_MESSAGE_BYTES + 1];
    InvalidFederatedMessageException e =
        assertThrows(
            InvalidFederatedMessageException.class, () -> TransferWire.decode(Bytes.of(big)));
    assertEquals(Reason.OVERSIZED, e.reason());
  }

  @Test
  void refusesAnEmptyMessageAndRandomBytes() throws Exception {
    assertEquals(
        Reason.MISSING_FIELD,
        assertThrows(
                InvalidFederatedMessageException.class,
                () -> TransferWire.decode(Bytes.of(new byte[0])))
            .reason());
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    System.out.println("TransferWireTest seed " + SEED);
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[1 + random.nextInt(64)];
      random.nextBytes(junk);
      try {
        FtlProto.FtlMessage m = TransferWire.decode(Bytes.of(junk));
        // rare random bytes do parse canonically: they still carry a body
        assertTrue(m.getBodyCase() != FtlProto.FtlMessage.BodyCase.BODY_NOT_SET);
      } catch (InvalidFederatedMessageException e) {
        assertTrue(e.reason() == Reason.MALFORMED || e.reason() == Reason.MISSING_FIELD);
      }
    }
  }

  @Test
  void refusesNonCanonicalEncodings() {
    // the same field twice: protobuf would merge, the canonical parser refuses
    byte[] once =
        FtlProto.FtlMessage.newBuilder()
            .setAbort(FtlProto.FtlAbort.newBuilder().setReason("x"))
            .build()
            .toByteArray();
    byte[] twice = new byte[once.length * 2];
    System.arraycopy(once, 0, twice, 0, once.length);
    System.arraycopy(once, 0, twice, once.length, once.length);
    assertEquals(
        Reason.MALFORMED,
        assertThrows(
                InvalidFederatedMessageException.class, () -> TransferWire.decode(Bytes.of(twice)))
            .reason());
  }

  /** The ways a message is damaged on the way, each one a decoder must refuse. */
  private static List<Bytes> damaged(Bytes message, DeterministicRandom random) {
    byte[] b = message.toByteArray();
    List<Bytes> out = new ArrayList<>();
    out.add(Bytes.of(Arrays.copyOf(b, b.length - 1))); // truncated by a byte
    out.add(Bytes.of(Arrays.copyOf(b, 1 + random.nextInt(b.length - 1)))); // cut anywhere
    byte[] tag = b.clone();
    tag[0] = (byte) 0x4a; // field 9, length-delimited: not in FtlMessage
    out.add(Bytes.of(tag));
    byte[] junk = new byte[b.length];
    random.nextBytes(junk);
    out.add(Bytes.of(junk));
    return out;
  }

  @Test
  void damagedMessagesMidRunAreDroppedAndLeaveTheModelUntouched() {
    TransferData data = TransferData.load("breast_transfer");
    TransferSettings settings = TransferTrainingTest.BREAST.withMaxEpochs(3).withLocalRounds(2);
    TransferModel clean =
        new SimulatedTransferTraining(
                3, data.host(), data.guest(), data.overlap(), settings, new MockCipherSuite())
            .run();

    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    long[] fed = new long[2];
    SimulatedTransferTraining[] holder = new SimulatedTransferTraining[1];
    holder[0] =
        new SimulatedTransferTraining(
                3, data.host(), data.guest(), data.overlap(), settings, new MockCipherSuite())
            .tap(
                (to, from, message) -> {
                  boolean toHost = to.equals(SimulatedTransferTraining.HOST);
                  for (Bytes bad : damaged(message, random)) {
                    if (toHost) {
                      holder[0].host().onMessage(from, bad);
                    } else {
                      holder[0].guest().onMessage(from, bad);
                    }
                    fed[toHost ? 0 : 1]++;
                  }
                  // and the genuine message from a stranger
                  NodeId stranger = new NodeId("X");
                  if (toHost) {
                    holder[0].host().onMessage(stranger, message);
                  } else {
                    holder[0].guest().onMessage(stranger, message);
                  }
                  fed[toHost ? 0 : 1]++;
                });
    TransferModel disturbed = holder[0].run();
    assertEquals(clean.losses(), disturbed.losses());
    for (int m = 0; m < clean.hostWeights().length; m++) {
      assertArrayEquals(clean.hostWeights()[m], disturbed.hostWeights()[m], 0.0);
      assertArrayEquals(clean.guestWeights()[m], disturbed.guestWeights()[m], 0.0);
    }
    assertEquals(fed[0], holder[0].host().droppedMessages());
    assertEquals(fed[1], holder[0].guest().droppedMessages());
  }

  @Test
  void refusesVectorsOfTheWrongLengthAndValuesOutsideTheKey() throws Exception {
    var cipher = new MockCipherSuite().generate(DeterministicRandom.fromSeed(1)).publicKey();
    var one = List.of(TransferWire.unsigned(java.math.BigInteger.ONE));
    assertEquals(
        Reason.WRONG_LENGTH,
        assertThrows(
                InvalidFederatedMessageException.class,
                () -> TransferWire.ciphertexts(one, cipher, 2))
            .reason());
    var tooBig = List.of(TransferWire.unsigned(cipher.plaintextModulus()));
    assertEquals(
        Reason.INVALID_VALUE,
        assertThrows(
                InvalidFederatedMessageException.class,
                () -> TransferWire.ciphertexts(tooBig, cipher, 1))
            .reason());
    assertEquals(
        Reason.INVALID_VALUE,
        assertThrows(
                InvalidFederatedMessageException.class,
                () -> TransferWire.residues(tooBig, cipher.plaintextModulus(), 1))
            .reason());
  }

  @Test
  void fastScalarsEqualTheFixedPointEncoding() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    List<Double> values =
        new ArrayList<>(List.of(0.0, -0.0, 0.5 / (1L << 32), 1.5 / (1L << 32), -2.5 / (1L << 32)));
    values.addAll(List.of(Double.MIN_VALUE, 0x1p29, -0x1p29, 0x1p31, 0x1p40));
    for (int i = 0; i < 10_000; i++) {
      values.add((random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(80) - 60));
    }
    for (double v : values) {
      assertEquals(
          org.cybervein.fl.vertical.GradientFixedPoint.scaled(v, 1),
          TransferPeer.scaledOnce(v),
          "at " + v);
    }
  }
}
