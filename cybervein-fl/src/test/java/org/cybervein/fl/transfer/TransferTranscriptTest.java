package org.cybervein.fl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.wire.v1.FtlProto;
import org.cybervein.api.wire.v1.FtlProto.FtlMessage.BodyCase;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.he.PaillierWire;
import org.cybervein.fl.data.PartyDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records every message each party receives during an encrypted run with prediction and checks what
 * it could learn: every value is a ciphertext (under the sender's key or the receiver's), or a
 * decryption of values the receiver itself masked, or the epoch's loss.
 */
class TransferTranscriptTest {
  private record Received(NodeId to, FtlProto.FtlMessage message) {}

  private static final List<Received> TRANSCRIPT = new ArrayList<>();
  private static BigInteger hostN;
  private static BigInteger guestN;
  private static int scored;

  @BeforeAll
  static void train() {
    TransferData data = TransferData.load("breast_transfer");
    SimulatedTransferTraining run =
        new SimulatedTransferTraining(
                9,
                data.host(),
                data.guest(),
                data.overlap(),
                TransferTrainingTest.BREAST.withMaxEpochs(2).withLocalRounds(2),
                TransferTrainingTest.SMALL_KEYS)
            .tap(
                (to, from, bytes) -> {
                  try {
                    TRANSCRIPT.add(
                        new Received(to, FtlProto.FtlMessage.parseFrom(bytes.toByteArray())));
                  } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                  }
                });
    run.run();
    PartyDataset some = data.hostOnly().select(data.hostOnly().ids().subList(0, 10));
    scored = run.scoreOnHost(some).length;
    hostN = modulusOfKeyReceivedBy(SimulatedTransferTraining.GUEST);
    guestN = modulusOfKeyReceivedBy(SimulatedTransferTraining.HOST);
  }

  private static BigInteger modulusOfKeyReceivedBy(NodeId node) {
    FtlProto.FtlPublicKey key =
        receivedBy(node).stream()
            .filter(FtlProto.FtlMessage::hasPublicKey)
            .findFirst()
            .orElseThrow()
            .getPublicKey();
    try {
      return PaillierWire.insecureForTesting()
          .decodePublicKey(Bytes.of(key.getKey().toByteArray()))
          .modulus();
    } catch (InvalidCryptoInputException e) {
      throw new AssertionError(e);
    }
  }

  private static List<FtlProto.FtlMessage> receivedBy(NodeId node) {
    return TRANSCRIPT.stream().filter(r -> r.to.equals(node)).map(Received::message).toList();
  }

  /**
   * A Paillier ciphertext lies in Z_{n^2}; one that fits below n would be a plaintext-sized value.
   */
  private static void assertCiphertexts(List<ByteString> values, BigInteger n) {
    assertTrue(!values.isEmpty());
    BigInteger nSquared = n.multiply(n);
    for (ByteString b : values) {
      BigInteger c = new BigInteger(1, b.toByteArray());
      assertTrue(c.compareTo(n) > 0 && c.compareTo(nSquared) < 0, "not a ciphertext: " + c);
      assertEquals(BigInteger.ONE, c.gcd(n), "not a unit mod n");
    }
  }

  /** A masked residue is uniform in Z_n: it never sits near 0 or n as an unmasked value would. */
  private static void assertMasked(List<ByteString> values, BigInteger n) {
    assertTrue(!values.isEmpty());
    BigInteger near = n.shiftRight(40);
    for (ByteString b : values) {
      BigInteger v = new BigInteger(1, b.toByteArray());
      assertTrue(v.compareTo(n) < 0);
      assertTrue(v.min(n.subtract(v)).compareTo(near) > 0, "an unmasked value: " + v);
    }
  }

  @Test
  void hostReceivesCiphertextsUnderBsKeyMaskedValuesAndTheLossOnly() {
    Set<BodyCase> kinds = EnumSet.noneOf(BodyCase.class);
    for (FtlProto.FtlMessage m : receivedBy(SimulatedTransferTraining.HOST)) {
      kinds.add(m.getBodyCase());
      switch (m.getBodyCase()) {
        case PUBLIC_KEY -> {}
        case FORWARD -> assertCiphertexts(m.getForward().getValuesList(), guestN);
        case MASKED_GRADIENT -> {
          assertCiphertexts(m.getMaskedGradient().getValuesList(), hostN);
          if (m.getMaskedGradient().getRound() == 0) {
            assertCiphertexts(List.of(m.getMaskedGradient().getLoss()), hostN);
          }
        }
        case DECRYPTED_GRADIENT -> {
          assertMasked(m.getDecryptedGradient().getValuesList(), guestN);
          assertEquals(0.0, m.getDecryptedGradient().getLoss(), "B sends A no loss");
        }
        case ENCRYPTED_PHI -> assertCiphertexts(m.getEncryptedPhi().getValuesList(), guestN);
        case DECRYPTED_SCORES -> assertMasked(m.getDecryptedScores().getValuesList(), guestN);
        default -> throw new AssertionError("A received " + m.getBodyCase());
      }
    }
    assertEquals(
        EnumSet.of(
            BodyCase.PUBLIC_KEY,
            BodyCase.FORWARD,
            BodyCase.MASKED_GRADIENT,
            BodyCase.DECRYPTED_GRADIENT,
            BodyCase.ENCRYPTED_PHI,
            BodyCase.DECRYPTED_SCORES),
        kinds);
  }

  @Test
  void guestReceivesCiphertextsUnderAsKeyMaskedValuesAndTheLossOnly() {
    Set<BodyCase> kinds = EnumSet.noneOf(BodyCase.class);
    int losses = 0;
    for (FtlProto.FtlMessage m : receivedBy(SimulatedTransferTraining.GUEST)) {
      kinds.add(m.getBodyCase());
      switch (m.getBodyCase()) {
        case PUBLIC_KEY -> {}
        case FORWARD -> assertCiphertexts(m.getForward().getValuesList(), hostN);
        case MASKED_GRADIENT -> {
          assertCiphertexts(m.getMaskedGradient().getValuesList(), guestN);
          assertTrue(m.getMaskedGradient().getLoss().isEmpty(), "A sends no loss to decrypt");
        }
        case DECRYPTED_GRADIENT -> {
          assertMasked(m.getDecryptedGradient().getValuesList(), hostN);
          if (m.getDecryptedGradient().getLoss() != 0) {
            losses++;
          }
        }
        case MASKED_SCORES -> {
          assertCiphertexts(m.getMaskedScores().getValuesList(), guestN);
          assertEquals(scored, m.getMaskedScores().getValuesCount());
        }
        default -> throw new AssertionError("B received " + m.getBodyCase());
      }
    }
    assertEquals(2, losses, "one loss per epoch, the public output");
    assertEquals(
        EnumSet.of(
            BodyCase.PUBLIC_KEY,
            BodyCase.FORWARD,
            BodyCase.MASKED_GRADIENT,
            BodyCase.DECRYPTED_GRADIENT,
            BodyCase.MASKED_SCORES),
        kinds);
  }

  @Test
  void whatADecryptsForBIsMaskedAndViceVersa() {
    // B decrypts A's masked gradient and masked scores; A decrypts B's masked gradient and loss
    // share. Each decrypted vector that travels back is uniform (checked above); the only value
    // either party decrypts unmasked is B's loss share, which A completes into the epoch's loss.
    long hostDecrypts =
        receivedBy(SimulatedTransferTraining.HOST).stream()
            .filter(FtlProto.FtlMessage::hasMaskedGradient)
            .filter(m -> !m.getMaskedGradient().getLoss().isEmpty())
            .count();
    assertEquals(2, hostDecrypts);
  }
}
