package org.cybervein.fl.vertical;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.InvalidFederatedMessageException.Reason;
import org.junit.jupiter.api.Test;

/** Packing: the slot layout's bounds, round trips under both ciphers, and strict wire checks. */
class SlotLayoutTest {
  private static final GradientDecryptor PAILLIER =
      PaillierCipherSuite.insecureForTesting(512).generate(DeterministicRandom.fromSeed(5L));
  private static final GradientDecryptor MOCK =
      new MockCipherSuite().generate(DeterministicRandom.fromSeed(5L));

  @Test
  void layoutFollowsFromTheBounds() {
    // V = 72 + 20 + 7 (batch 64) + 4 = 103, w = V + 2 + 40 = 145
    SlotLayout layout = SlotLayout.forBatch(2048, 64);
    assertEquals(145, layout.slotBits());
    assertEquals(103, layout.valueBits());
    assertEquals(14, layout.slots());
    assertEquals(3, SlotLayout.forBatch(512, 64).slots());
    assertEquals(1, SlotLayout.forBatch(256, 64).slots());
    assertEquals(2, layout.plaintexts(15));
    assertEquals(1, layout.plaintexts(14));
  }

  @Test
  void refusesAKeyTooSmallForOneSlot() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SlotLayout.forBatch(145, 64));
    assertTrue(e.getMessage().contains("at least 146 bits"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SlotLayout(42, 1));
    assertThrows(IllegalArgumentException.class, () -> new SlotLayout(169, 0));
  }

  private static void roundTrip(GradientDecryptor key, long seed, int count) throws Exception {
    GradientCipher cipher = key.publicKey();
    SlotLayout layout = SlotLayout.forBatch(cipher.plaintextModulus().bitLength(), 64);
    BigInteger n = cipher.plaintextModulus();
    Random values = new Random(seed);
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    BigInteger[] v = new BigInteger[count];
    BigInteger[] masks = new BigInteger[count];
    BigInteger[] hidden = new BigInteger[count];
    for (int k = 0; k < count; k++) {
      // values up to the bound, of either sign, including the extremes
      v[k] = new BigInteger(layout.valueBits(), values);
      if (k % 3 == 0) {
        v[k] = BigInteger.ONE.shiftLeft(layout.valueBits()).subtract(BigInteger.ONE);
      }
      if (values.nextBoolean()) {
        v[k] = v[k].negate();
      }
      masks[k] = layout.mask(random);
      hidden[k] = cipher.addPlaintext(cipher.encrypt(v[k].mod(n), random), layout.shift(masks[k]));
    }
    BigInteger[] packed = layout.pack(cipher, hidden, Runnable::run);
    assertEquals(layout.plaintexts(count), packed.length);
    BigInteger[] recovered = new BigInteger[count];
    for (int g = 0; g < packed.length; g++) {
      int inGroup = Math.min(layout.slots(), count - g * layout.slots());
      BigInteger[] slots = layout.unpack(key.decrypt(packed[g]), inGroup).orElseThrow();
      for (int k = 0; k < inGroup; k++) {
        assertTrue(slots[k].bitLength() <= layout.slotBits());
        recovered[g * layout.slots() + k] = layout.recover(slots[k], masks[g * layout.slots() + k]);
      }
    }
    assertArrayEquals(v, recovered, "seed " + seed);
  }

  @Test
  void packedValuesComeBackExactlyUnderPaillierAndTheMock() {
    qt().withExamples(20)
        .forAll(longs().all(), integers().between(1, 8))
        .checkAssert(
            (seed, count) -> {
              try {
                roundTrip(PAILLIER, seed, count);
                roundTrip(MOCK, seed, count * 2);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void aValueBeyondItsBoundIsRefusedAsOverflow() throws Exception {
    GradientCipher cipher = PAILLIER.publicKey();
    BigInteger n = cipher.plaintextModulus();
    SlotLayout layout = SlotLayout.forBatch(n.bitLength(), 64);
    DeterministicRandom random = DeterministicRandom.fromSeed(3L);
    BigInteger big = BigInteger.ONE.shiftLeft(layout.valueBits());
    for (BigInteger v : List.of(big, big.negate().subtract(BigInteger.ONE))) {
      BigInteger mask = layout.mask(random);
      BigInteger[] hidden = {
        cipher.addPlaintext(cipher.encrypt(v.mod(n), random), layout.shift(mask)),
        cipher.encrypt(BigInteger.ONE, random)
      };
      BigInteger plain = PAILLIER.decrypt(layout.pack(cipher, hidden, Runnable::run)[0]);
      var slots = layout.unpack(plain, 2);
      if (slots.isPresent()) {
        InvalidFederatedMessageException e =
            assertThrows(
                InvalidFederatedMessageException.class, () -> layout.recover(slots.get()[0], mask));
        assertEquals(Reason.OVERFLOW, e.reason());
      }
    }
    // a plaintext wider than its slots is no packing at all
    assertTrue(layout.unpack(n.subtract(BigInteger.ONE), 1).isEmpty());
  }

  @Test
  void masksHaveTheStatisticalMargin() {
    SlotLayout layout = SlotLayout.forBatch(2048, 64);
    DeterministicRandom random = DeterministicRandom.fromSeed(1L);
    int top = 0;
    for (int i = 0; i < 200; i++) {
      BigInteger r = layout.mask(random);
      assertTrue(r.bitLength() <= layout.valueBits() + 1 + SlotLayout.STATISTICAL_SECURITY_BITS);
      if (r.bitLength() == layout.valueBits() + 1 + SlotLayout.STATISTICAL_SECURITY_BITS) {
        top++;
      }
    }
    assertTrue(top > 70 && top < 130, "about half the masks use the top bit: " + top);
  }

  @Test
  void wireLayoutMustFitTheModulus() throws Exception {
    BigInteger n = PAILLIER.publicKey().plaintextModulus();
    SlotLayout layout = SlotLayout.forBatch(n.bitLength(), 64);
    assertEquals(layout, SlotLayout.fromWire(layout.toWire(), n));
    for (FlProto.FlSlotLayout bad :
        List.of(
            FlProto.FlSlotLayout.newBuilder().setSlotBits(169).setSlots(4).build(),
            FlProto.FlSlotLayout.newBuilder().setSlotBits(10).setSlots(1).build(),
            FlProto.FlSlotLayout.newBuilder().setSlotBits(169).build(),
            FlProto.FlSlotLayout.newBuilder().setSlotBits(-1).setSlots(-1).build())) {
      assertEquals(
          Reason.INVALID_VALUE,
          assertThrows(InvalidFederatedMessageException.class, () -> SlotLayout.fromWire(bad, n))
              .reason());
    }
  }

  @Test
  void repliesAreCheckedStrictly() {
    SlotLayout layout = SlotLayout.forBatch(512, 64);
    FlProto.FlMaskedPlaintexts.Builder ok = FlProto.FlMaskedPlaintexts.newBuilder();
    ok.addValues(FlWire.unsigned(BigInteger.ONE.shiftLeft(layout.slotBits() - 1)));
    FlProto.FlMaskedPlaintexts oversized =
        FlProto.FlMaskedPlaintexts.newBuilder()
            .addValues(FlWire.unsigned(BigInteger.ONE.shiftLeft(layout.slotBits())))
            .build();
    FlProto.FlMaskedPlaintexts overflowWithValues = ok.clone().setOverflow(true).build();
    assertThrows(InvalidFederatedMessageException.class, () -> FlWire.slots(oversized, layout, 1));
    assertEquals(
        Reason.WRONG_LENGTH,
        assertThrows(
                InvalidFederatedMessageException.class, () -> FlWire.slots(ok.build(), layout, 2))
            .reason());
    assertEquals(
        Reason.MALFORMED,
        assertThrows(
                InvalidFederatedMessageException.class, () -> FlWire.overflowed(overflowWithValues))
            .reason());
  }

  @Test
  void coordinatorDropsRequestsThatDoNotMatchTheirLayout() throws Exception {
    List<Bytes> sent = new ArrayList<>();
    Transport transport =
        new Transport() {
          @Override
          public NodeId localNode() {
            return new NodeId("C");
          }

          @Override
          public void send(NodeId to, Bytes message) {
            sent.add(message);
          }

          @Override
          public void register(MessageHandler handler) {}
        };
    NodeId a = new NodeId("A");
    Coordinator c =
        new Coordinator(
            transport,
            a,
            new NodeId("B"),
            PaillierCipherSuite.insecureForTesting(512),
            DeterministicRandom.fromSeed(2L),
            Runnable::run);
    c.start();
    PaillierCipherSuite suite = PaillierCipherSuite.insecureForTesting(512);
    GradientCipher key =
        suite.decodePublicKey(
            Bytes.of(FlWire.decode(sent.get(0)).getPublicKey().getKey().toByteArray()));
    sent.clear();
    ByteString one = FlWire.unsigned(key.encrypt(BigInteger.ONE, DeterministicRandom.fromSeed(1L)));
    SlotLayout layout = SlotLayout.forBatch(512, 64);
    List<FlProto.FlMaskedCiphertexts> bad =
        List.of(
            // no layout
            FlProto.FlMaskedCiphertexts.newBuilder().addValues(one).setValueCount(1).build(),
            // truncated: 4 values need 2 ciphertexts
            FlProto.FlMaskedCiphertexts.newBuilder()
                .addValues(one)
                .setLayout(layout.toWire())
                .setValueCount(4)
                .build(),
            // oversized: more ciphertexts than the values need
            FlProto.FlMaskedCiphertexts.newBuilder()
                .addValues(one)
                .addValues(one)
                .setLayout(layout.toWire())
                .setValueCount(1)
                .build(),
            // no values
            FlProto.FlMaskedCiphertexts.newBuilder().setLayout(layout.toWire()).build(),
            // slots wider than the key
            FlProto.FlMaskedCiphertexts.newBuilder()
                .addValues(one)
                .setLayout(FlProto.FlSlotLayout.newBuilder().setSlotBits(300).setSlots(2))
                .setValueCount(1)
                .build());
    for (FlProto.FlMaskedCiphertexts m : bad) {
      c.onMessage(a, FlWire.encode(FlProto.FlMessage.newBuilder().setMaskedCiphertexts(m).build()));
    }
    assertEquals(bad.size(), c.droppedMessages());
    assertTrue(sent.isEmpty(), "nothing decrypted for a malformed request");
    assertEquals(0, c.decryptions());
    FlProto.FlMaskedCiphertexts good =
        FlProto.FlMaskedCiphertexts.newBuilder()
            .addValues(one)
            .setLayout(layout.toWire())
            .setValueCount(1)
            .build();
    c.onMessage(
        a, FlWire.encode(FlProto.FlMessage.newBuilder().setMaskedCiphertexts(good).build()));
    assertEquals(1, sent.size());
    assertEquals(1, c.decryptions());
    assertEquals(
        BigInteger.ONE,
        new BigInteger(
            1, FlWire.decode(sent.get(0)).getMaskedPlaintexts().getValues(0).toByteArray()));
  }
}
