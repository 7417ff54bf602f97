package org.cybervein.ledger.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.api.wire.v1.LedgerProto;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.testing.StateFixture;
import org.junit.jupiter.api.Test;

class SignedTransactionTest {
  private static SignedTransaction sample(SplittableRandom random) {
    int sender = random.nextInt(4);
    TransactionPayload payload;
    if (random.nextBoolean()) {
      payload =
          new Transfer(
              StateFixture.address(random.nextInt(4)),
              Amount.ofBaseUnits(random.nextLong(0, Long.MAX_VALUE)));
    } else {
      byte[] input = new byte[random.nextInt(0, 300)];
      random.nextBytes(input);
      payload = new ContractCall(new ContractId("dataset", 1 + random.nextInt(3)), Bytes.of(input));
    }
    Transaction tx =
        new Transaction(
            StateFixture.key(sender).publicKey(),
            random.nextLong(0, Long.MAX_VALUE),
            Amount.ofBaseUnits(random.nextLong(0, 1_000_000)),
            payload);
    return SignedTransaction.sign(tx, StateFixture.key(sender));
  }

  @Test
  void decodeOfEncodedGivesTheSameTransactionAndId() {
    StateFixture.qt(100)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SignedTransaction tx = sample(new SplittableRandom(seed));
              SignedTransaction back = decode(tx.encoded());
              assertEquals(tx, back);
              assertEquals(tx.transaction(), back.transaction());
              assertEquals(tx.id(), back.id());
            });
  }

  @Test
  void rejectsTruncatedAndMutatedEncodings() {
    StateFixture.qt(200)
        .forAll(longs().all(), integers().between(0, 1 << 20))
        .checkAssert(
            (seed, where) -> {
              SplittableRandom random = new SplittableRandom(seed);
              SignedTransaction tx = sample(random);
              byte[] enc = tx.encoded().toByteArray();
              int cut = where % enc.length;
              assertRejected(Bytes.of(enc, 0, cut));
              byte[] mutated = enc.clone();
              mutated[where % enc.length] ^= (byte) (1 << random.nextInt(8));
              assertRejected(Bytes.of(mutated));
            });
  }

  @Test
  void rejectsRandomBytes() {
    StateFixture.qt(200)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              byte[] junk = new byte[random.nextInt(0, 400)];
              random.nextBytes(junk);
              assertRejected(Bytes.of(junk));
            });
  }

  @Test
  void rejectsOversizedInputBeforeParsing() {
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class,
            () ->
                SignedTransaction.decode(
                    Bytes.of(new byte[SignedTransaction.MAX_ENCODED_SIZE + 1])));
    assertEquals(Reason.OVERSIZED, e.reason());
  }

  @Test
  void rejectsEnvelopeSignedByAnotherKeyThanTheSender() {
    SignedTransaction tx = sample(new SplittableRandom(1));
    SignedEnvelope other =
        EnvelopeSigner.of(StateFixture.key(9))
            .sign(SignedTransaction.PAYLOAD_TYPE, tx.envelope().body());
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class, () -> SignedTransaction.decode(other.encode()));
    assertEquals(Reason.BAD_SIGNATURE, e.reason());
  }

  @Test
  void rejectsAnotherPayloadTypeAndANonCanonicalBody() {
    SignedTransaction tx = sample(new SplittableRandom(2));
    SignedEnvelope wrongType =
        EnvelopeSigner.of(StateFixture.key(0)).sign("cybervein.v1.Other", tx.envelope().body());
    assertEquals(Reason.MALFORMED, reason(wrongType.encode()));
    // The same fields with an unknown field appended: parseable, not canonical.
    Bytes body = tx.envelope().body().concat(Bytes.of(new byte[] {(byte) 0xf8, 0x01, 0x00}));
    SignedEnvelope padded =
        EnvelopeSigner.of(StateFixture.key(0)).sign(SignedTransaction.PAYLOAD_TYPE, body);
    assertEquals(Reason.MALFORMED, reason(padded.encode()));
  }

  @Test
  void rejectsTransferWithoutAmountAndOversizedContractInput() throws Exception {
    SignedTransaction tx = sample(new SplittableRandom(3));
    LedgerProto.LedgerTransaction body =
        LedgerProto.LedgerTransaction.parseFrom(tx.envelope().body().toByteArray());
    LedgerProto.LedgerTransaction noAmount =
        body.toBuilder()
            .setTransfer(
                LedgerProto.LedgerTransfer.newBuilder()
                    .setTo(
                        org.cybervein.api.wire.ApiTypesCodec.toProto(
                            StateFixture.address(1).value())))
            .build();
    assertEquals(Reason.MALFORMED, reason(signed(noAmount)));
    LedgerProto.LedgerTransaction big =
        body.toBuilder()
            .setContractCall(
                LedgerProto.LedgerContractCall.newBuilder()
                    .setContractName("dataset")
                    .setContractVersion(1)
                    .setInput(
                        com.google.protobuf.ByteString.copyFrom(
                            new byte[ContractCall.MAX_INPUT_SIZE + 1])))
            .build();
    Reason r = reason(signed(big));
    assertEquals(Reason.OVERSIZED, r);
  }

  private static Bytes signed(LedgerProto.LedgerTransaction body) {
    int sender = -1;
    for (int i = 0; i < 4; i++) {
      if (Bytes.of(body.getSender().getKey().toByteArray())
          .equals(StateFixture.key(i).publicKey().encoded())) {
        sender = i;
      }
    }
    return EnvelopeSigner.of(StateFixture.key(sender))
        .sign(SignedTransaction.PAYLOAD_TYPE, Bytes.of(body.toByteArray()))
        .encode();
  }

  private static SignedTransaction decode(Bytes b) {
    try {
      return SignedTransaction.decode(b);
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError(e);
    }
  }

  private static Reason reason(Bytes b) {
    try {
      SignedTransaction.decode(b);
    } catch (InvalidLedgerInputException e) {
      return e.reason();
    }
    return fail("accepted " + b.size() + " bytes");
  }

  private static void assertRejected(Bytes b) {
    reason(b);
  }
}
