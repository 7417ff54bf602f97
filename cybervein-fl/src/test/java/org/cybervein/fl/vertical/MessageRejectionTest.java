package org.cybervein.fl.vertical;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.data.PartyDataset;
import org.junit.jupiter.api.Test;

/** Untrusted bytes: decoders throw the documented exception, parties drop and count. */
class MessageRejectionTest {
  private static final GradientCipher KEY =
      PaillierCipherSuite.insecureForTesting(512)
          .generate(DeterministicRandom.fromSeed(9L))
          .publicKey();

  @Test
  void randomBytesEitherDecodeOrAreRejectedWithTheDocumentedException() {
    qt().forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 64))
        .checkAssert(
            list -> {
              byte[] b = new byte[list.size()];
              for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (int) list.get(i);
              }
              try {
                FlProto.FlMessage m = FlWire.decode(Bytes.of(b));
                assertTrue(m.getBodyCase() != FlProto.FlMessage.BodyCase.BODY_NOT_SET);
              } catch (InvalidFederatedMessageException e) {
                assertTrue(e.reason() != null);
              }
            });
  }

  @Test
  void rejectsAnEmptyMessage() {
    assertEquals(
        InvalidFederatedMessageException.Reason.MISSING_FIELD,
        assertThrows(
                InvalidFederatedMessageException.class, () -> FlWire.decode(Bytes.of(new byte[0])))
            .reason());
  }

  @Test
  void rejectsCiphertextsOutsideTheGroup() {
    BigInteger n = KEY.plaintextModulus();
    for (BigInteger bad : List.of(BigInteger.ZERO, n.multiply(n), n, n.multiply(BigInteger.TWO))) {
      assertThrows(
          InvalidFederatedMessageException.class,
          () -> FlWire.ciphertext(FlWire.unsigned(bad), KEY));
    }
    ByteString oversized = ByteString.copyFrom(new byte[KEY.maxCiphertextBytes() + 1]);
    assertThrows(InvalidFederatedMessageException.class, () -> FlWire.ciphertext(oversized, KEY));
    assertEquals(
        InvalidFederatedMessageException.Reason.WRONG_LENGTH,
        assertThrows(
                InvalidFederatedMessageException.class,
                () -> FlWire.ciphertexts(List.of(FlWire.unsigned(BigInteger.ONE)), KEY, 2))
            .reason());
  }

  @Test
  void rejectsResiduesNotBelowTheModulus() {
    BigInteger n = KEY.plaintextModulus();
    assertThrows(
        InvalidFederatedMessageException.class,
        () -> FlWire.residues(List.of(FlWire.unsigned(n)), n, 1));
  }

  @Test
  void rejectsKeysThatAreNoPaillierModulus() {
    PaillierCipherSuite suite = PaillierCipherSuite.insecureForTesting(512);
    for (BigInteger bad :
        List.of(
            BigInteger.valueOf(15),
            BigInteger.ONE.shiftLeft(600),
            BigInteger.ONE.shiftLeft(9000).add(BigInteger.ONE))) {
      assertThrows(
          InvalidFederatedMessageException.class,
          () -> suite.decodePublicKey(Bytes.of(bad.toByteArray())));
    }
    assertThrows(
        InvalidFederatedMessageException.class,
        () -> new MockCipherSuite().decodePublicKey(Bytes.of(new byte[] {1})));
  }

  @Test
  void partiesDropGarbageAndOutOfTurnMessagesWithoutSending() {
    List<Bytes> sent = new ArrayList<>();
    Transport transport =
        new Transport() {
          @Override
          public NodeId localNode() {
            return new NodeId("A");
          }

          @Override
          public void send(NodeId to, Bytes message) {
            sent.add(message);
          }

          @Override
          public void register(MessageHandler handler) {}
        };
    PartyDataset data =
        new PartyDataset(
            List.of("1"), List.of("x"), new double[][] {{1}}, java.util.Optional.empty());
    HostParty a =
        new HostParty(
            transport,
            new NodeId("B"),
            new NodeId("C"),
            data,
            VerticalTrainingTest.LOGISTIC,
            new MockCipherSuite(),
            DeterministicRandom.fromSeed(1L),
            Runnable::run);
    NodeId b = new NodeId("B");
    a.onMessage(b, Bytes.of(new byte[] {1, 2, 3}));
    FlProto.FlMessage residual =
        FlProto.FlMessage.newBuilder()
            .setResidual(FlProto.FlResidual.newBuilder().addD(ByteString.copyFrom(new byte[] {1})))
            .build();
    a.onMessage(b, FlWire.encode(residual));
    FlProto.FlMessage wrongKey =
        FlProto.FlMessage.newBuilder()
            .setPublicKey(FlProto.FlPublicKey.newBuilder().setSuite("paillier"))
            .build();
    a.onMessage(b, FlWire.encode(wrongKey));
    FlProto.FlMessage keyFromStranger =
        FlProto.FlMessage.newBuilder()
            .setPublicKey(
                FlProto.FlPublicKey.newBuilder()
                    .setSuite("mock")
                    .setKey(
                        ByteString.copyFrom(
                            new MockCipherSuite()
                                .generate(DeterministicRandom.fromSeed(1L))
                                .publicKey()
                                .encoded()
                                .toByteArray())))
            .build();
    a.onMessage(new NodeId("C"), FlWire.encode(keyFromStranger));
    assertEquals(4, a.droppedMessages());
    assertTrue(sent.isEmpty());
    a.onMessage(b, FlWire.encode(keyFromStranger));
    assertEquals(1, sent.size(), "the key from B starts the first batch");
  }
}
