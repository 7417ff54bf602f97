package org.cybervein.fl.vertical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.api.wire.v1.FlProto.FlMessage.BodyCase;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.he.PaillierWire;
import org.cybervein.fl.data.PartyDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records every message each party receives during an encrypted run and checks what it could learn:
 * A never gets labels or B's values, B never gets A's features, C gets only ciphertexts and what it
 * decrypts is masked.
 */
class TranscriptPrivacyTest {
  private record Received(NodeId to, NodeId from, Bytes bytes, FlProto.FlMessage message) {}

  private static final List<Received> TRANSCRIPT = new ArrayList<>();
  private static PartyDataset hostData;
  private static PartyDataset guestData;
  private static BigInteger n;
  private static BigInteger nSquared;

  @BeforeAll
  static void train() {
    List<String> ids = TestData.host("breast_hetero_mini").ids().subList(0, 120);
    hostData = TestData.host("breast_hetero_mini").select(ids);
    guestData = TestData.guest("breast_hetero_mini", "y").select(ids);
    new SimulatedVerticalTraining(
            7L,
            hostData,
            guestData,
            VerticalTrainingTest.LOGISTIC.withMaxEpochs(2),
            PaillierCipherSuite.insecureForTesting(512))
        .tap(
            (to, from, bytes) -> {
              try {
                TRANSCRIPT.add(
                    new Received(
                        to, from, bytes, FlProto.FlMessage.parseFrom(bytes.toByteArray())));
              } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
              }
            })
        .run();
    FlProto.FlPublicKey key =
        TRANSCRIPT.stream()
            .filter(r -> r.message.hasPublicKey())
            .findFirst()
            .orElseThrow()
            .message
            .getPublicKey();
    try {
      n =
          PaillierWire.insecureForTesting()
              .decodePublicKey(Bytes.of(key.getKey().toByteArray()))
              .modulus();
    } catch (InvalidCryptoInputException e) {
      throw new AssertionError(e);
    }
    nSquared = n.multiply(n);
  }

  private static List<Received> receivedBy(NodeId node) {
    return TRANSCRIPT.stream().filter(r -> r.to.equals(node)).toList();
  }

  private static Set<BodyCase> kinds(List<Received> received) {
    Set<BodyCase> kinds = EnumSet.noneOf(BodyCase.class);
    received.forEach(r -> kinds.add(r.message.getBodyCase()));
    return kinds;
  }

  private static BigInteger value(ByteString b) {
    return new BigInteger(1, b.toByteArray());
  }

  /** A ciphertext, not a plaintext residue: in Z*_{n^2} and (but with chance 1/n) above n. */
  private static void assertCiphertext(ByteString b) {
    BigInteger c = value(b);
    assertTrue(c.compareTo(n) > 0 && c.compareTo(nSquared) < 0, "not a ciphertext");
    assertEquals(BigInteger.ONE, c.gcd(n));
  }

  /**
   * A masked slot of a packed decryption: below 2^w and far above every value a slot carries (its
   * mask has V + 1 + 40 bits; one below 2^(V + 25) comes with chance 2^-16).
   */
  private static void assertMasked(ByteString b) {
    SlotLayout layout =
        SlotLayout.forBatch(n.bitLength(), VerticalTrainingTest.LOGISTIC.batchSize());
    BigInteger v = value(b);
    assertTrue(v.bitLength() <= layout.slotBits(), "a slot wider than the layout");
    assertTrue(v.bitLength() > layout.valueBits() + 24, "a decryption looks unmasked");
  }

  @Test
  void partyAReceivesOnlyTheKeyCiphertextsAndMaskedDecryptions() {
    List<Received> atA = receivedBy(SimulatedVerticalTraining.HOST);
    assertEquals(
        EnumSet.of(
            BodyCase.PUBLIC_KEY,
            BodyCase.ZEROS,
            BodyCase.RESIDUAL,
            BodyCase.MASKED_PLAINTEXTS,
            BodyCase.PROCEED),
        kinds(atA));
    int residuals = 0;
    for (Received r : atA) {
      if (r.message.hasResidual()) {
        assertEquals(SimulatedVerticalTraining.GUEST, r.from);
        r.message.getResidual().getDList().forEach(TranscriptPrivacyTest::assertCiphertext);
        residuals += r.message.getResidual().getDCount();
      }
      if (r.message.hasZeros()) {
        assertEquals(SimulatedVerticalTraining.COORDINATOR, r.from);
        r.message.getZeros().getValuesList().forEach(TranscriptPrivacyTest::assertCiphertext);
      }
      if (r.message.hasMaskedPlaintexts()) {
        assertEquals(SimulatedVerticalTraining.COORDINATOR, r.from);
        r.message
            .getMaskedPlaintexts()
            .getValuesList()
            .forEach(TranscriptPrivacyTest::assertMasked);
      }
    }
    assertEquals(2 * hostData.rowCount(), residuals, "one residual per row and epoch");
  }

  @Test
  void residualsAreRerandomisedSoACannotStripItsOwnCiphertext() {
    // A knows [[u_A,i]]; were the residual [[D_i]] = [[u_A,i]] * (1 + m n) without a fresh
    // factor r^n, A would read m = u_B + c(y) / a, hence the label, off the quotient.
    List<FlProto.FlForward> forwards =
        receivedBy(SimulatedVerticalTraining.GUEST).stream()
            .filter(r -> r.message.hasForward())
            .map(r -> r.message.getForward())
            .toList();
    List<FlProto.FlResidual> residuals =
        receivedBy(SimulatedVerticalTraining.HOST).stream()
            .filter(r -> r.message.hasResidual())
            .map(r -> r.message.getResidual())
            .toList();
    assertEquals(forwards.size(), residuals.size());
    for (int k = 0; k < forwards.size(); k++) {
      for (int i = 0; i < residuals.get(k).getDCount(); i++) {
        BigInteger stripped =
            value(residuals.get(k).getD(i))
                .multiply(value(forwards.get(k).getUA(i)).modInverse(nSquared))
                .mod(nSquared);
        assertFalse(
            stripped.subtract(BigInteger.ONE).mod(n).signum() == 0,
            "residual " + i + " of batch " + k + " is not re-randomised");
      }
    }
  }

  @Test
  void partyBReceivesNoFeatureOfA() {
    List<Received> atB = receivedBy(SimulatedVerticalTraining.GUEST);
    assertEquals(
        EnumSet.of(
            BodyCase.PUBLIC_KEY,
            BodyCase.ZEROS,
            BodyCase.FORWARD,
            BodyCase.LOSS_SHARE,
            BodyCase.MASKED_PLAINTEXTS),
        kinds(atB));
    for (Received r : atB) {
      if (r.message.hasZeros()) {
        r.message.getZeros().getValuesList().forEach(TranscriptPrivacyTest::assertCiphertext);
      }
      if (r.message.hasForward()) {
        assertEquals(SimulatedVerticalTraining.HOST, r.from);
        r.message.getForward().getUAList().forEach(TranscriptPrivacyTest::assertCiphertext);
        assertCiphertext(r.message.getForward().getQA());
      }
      if (r.message.hasLossShare()) {
        assertEquals(SimulatedVerticalTraining.HOST, r.from);
        assertCiphertext(r.message.getLossShare().getE());
      }
      if (r.message.hasMaskedPlaintexts()) {
        r.message
            .getMaskedPlaintexts()
            .getValuesList()
            .forEach(TranscriptPrivacyTest::assertMasked);
      }
    }
    byte[] all = concat(atB);
    for (int i = 0; i < hostData.rowCount(); i++) {
      for (double x : hostData.row(i)) {
        if (Math.abs(x) < 1e-3) {
          continue;
        }
        assertFalse(contains(all, ByteBuffer.allocate(8).putDouble(x).array()), "raw " + x);
        // at scales 2 and 3 (48 and 72 fractional bits): a scale-1 encoding of 3 or 4 bytes would
        // turn up by chance in a transcript of random-looking ciphertexts
        for (int scale = 2; scale <= 3; scale++) {
          assertFalse(
              contains(all, FlWire.unsigned(FixedPoint.scaled(x, scale).mod(n)).toByteArray()),
              "fixed-point " + x + " at scale " + scale);
        }
      }
    }
  }

  @Test
  void partyAReceivesNoLabelOrValueOfB() {
    byte[] all = concat(receivedBy(SimulatedVerticalTraining.HOST));
    for (int i = 0; i < guestData.rowCount(); i++) {
      for (double x : guestData.row(i)) {
        if (Math.abs(x) >= 1e-3) {
          assertFalse(contains(all, ByteBuffer.allocate(8).putDouble(x).array()), "raw " + x);
        }
      }
    }
    // Labels are 0/1: what must not appear is any plaintext encoding of the Taylor offset -y'/2.
    for (double offset : new double[] {0.5, -0.5}) {
      for (int scale = 1; scale <= 3; scale++) {
        byte[] encoded = FlWire.unsigned(FixedPoint.scaled(offset, scale).mod(n)).toByteArray();
        assertFalse(contains(all, encoded), "offset " + offset + " at scale " + scale);
      }
    }
  }

  @Test
  void coordinatorReceivesOnlyCiphertextsCountsAndTheStopSignal() {
    List<Received> atC = receivedBy(SimulatedVerticalTraining.COORDINATOR);
    assertEquals(
        EnumSet.of(BodyCase.MASKED_CIPHERTEXTS, BodyCase.ZEROS_REQUEST, BodyCase.PROCEED),
        kinds(atC));
    for (Received r : atC) {
      if (r.message.hasMaskedCiphertexts()) {
        r.message
            .getMaskedCiphertexts()
            .getValuesList()
            .forEach(TranscriptPrivacyTest::assertCiphertext);
      }
    }
    // What C learns is what it decrypts; each reply (checked at A and B above) is masked.
    long replies =
        TRANSCRIPT.stream()
            .filter(r -> r.from.equals(SimulatedVerticalTraining.COORDINATOR))
            .filter(r -> r.message.hasMaskedPlaintexts())
            .count();
    assertTrue(replies > 0);
  }

  private static byte[] concat(List<Received> received) {
    int size = received.stream().mapToInt(r -> r.bytes.size()).sum();
    ByteBuffer buffer = ByteBuffer.allocate(size);
    received.forEach(r -> buffer.put(r.bytes.toByteArray()));
    return buffer.array();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
