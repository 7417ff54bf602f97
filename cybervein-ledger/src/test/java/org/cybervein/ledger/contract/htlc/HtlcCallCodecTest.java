package org.cybervein.ledger.contract.htlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;

import com.google.protobuf.ByteString;
import java.util.SplittableRandom;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.api.wire.v1.LedgerContractsProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.Seeds;
import org.cybervein.ledger.contract.TestLedger;
import org.junit.jupiter.api.Test;

/** The htlc call's wire form: round trips, and every damaged input refused with a reason. */
class HtlcCallCodecTest {
  static Hash hash(SplittableRandom r) {
    byte[] b = new byte[32];
    r.nextBytes(b);
    return Hash.of(b);
  }

  /** A random valid call of each kind. */
  static HtlcCall randomCall(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    LockId id = new LockId(hash(r));
    return switch (r.nextInt(3)) {
      case 0 ->
          new HtlcCall.Lock(
              new Address(hash(r)),
              Amount.ofBaseUnits(1 + r.nextLong(Long.MAX_VALUE - 1)),
              hash(r),
              r.nextBoolean()
                  ? new Timelock.AtHeight(1 + r.nextLong(Long.MAX_VALUE - 1))
                  : new Timelock.AtTime(1 + r.nextLong(Long.MAX_VALUE - 1)),
              r.nextLong());
      case 1 -> new HtlcCall.Claim(id, new Preimage(hash(r).toBytes()));
      default -> new HtlcCall.Refund(id);
    };
  }

  @Test
  void everyCallRoundTrips() {
    Seeds.qt(300)
        .forAll(integers().all())
        .checkAssert(
            seed -> {
              HtlcCall call = randomCall(seed);
              try {
                assertEquals(call, HtlcCall.decode(call.encode()));
              } catch (InvalidLedgerInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  static void decodesOrRefuses(Bytes input) {
    try {
      HtlcCall call = HtlcCall.decode(input);
      assertEquals(input, call.encode(), "accepted a non-canonical encoding");
    } catch (InvalidLedgerInputException e) {
      // expected for most inputs
    }
  }

  @Test
  void truncatedCallsAreRefused() {
    Seeds.qt(300)
        .forAll(integers().all(), integers().between(0, 10_000))
        .checkAssert(
            (seed, cut) -> {
              Bytes full = randomCall(seed).encode();
              Bytes truncated = full.slice(0, cut % full.size());
              assertThrows(InvalidLedgerInputException.class, () -> HtlcCall.decode(truncated));
            });
  }

  @Test
  void mutatedCallsDecodeToAValidCallOrAreRefused() {
    Seeds.qt(500)
        .forAll(integers().all(), integers().between(0, 10_000), integers().between(1, 255))
        .checkAssert(
            (seed, pos, delta) -> {
              byte[] b = randomCall(seed).encode().toByteArray();
              b[pos % b.length] = (byte) (b[pos % b.length] + delta);
              decodesOrRefuses(Bytes.of(b));
            });
  }

  @Test
  void randomInputNeverChangesTheLedger() {
    TestLedger ledger = new TestLedger();
    ledger.fund(Keys.address(1), Amount.ofBaseUnits(1 << 30));
    String before = ledger.fingerprint();
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[r.nextInt(200)];
      r.nextBytes(b);
      try {
        ledger.call(new HtlcContract(), Keys.key(1), Bytes.of(b));
      } catch (InvalidLedgerInputException e) {
        assertEquals(before, ledger.fingerprint());
      }
    }
  }

  @Test
  void refusesHostileInputWithMemoryInProportionToIt() {
    HostileInput.of("htlc call", InvalidLedgerInputException.class, HtlcCall::decode)
        .encodedBy(HtlcCall::encode)
        .checkAll(new HtlcCall.Refund(new LockId(Hash.ZERO)).encode(), HtlcCall.MAX_ENCODED_SIZE);
  }

  @Test
  void nonCanonicalOversizedAndEmptyInputsAreRefused() {
    Bytes call = new HtlcCall.Refund(new LockId(Hash.ZERO)).encode();
    assertEquals(Reason.NON_CANONICAL, reason(call.concat(Bytes.of(new byte[] {0x78, 0x01}))));
    assertEquals(Reason.NON_CANONICAL, reason(call.concat(call)));
    assertEquals(Reason.OVERSIZED, reason(Bytes.of(new byte[HtlcCall.MAX_ENCODED_SIZE + 1])));
    assertEquals(Reason.MALFORMED, reason(Bytes.EMPTY));
  }

  @Test
  void fieldsOutOfRangeAreRefusedAsMalformed() throws Exception {
    LedgerContractsProto.HtlcLock.Builder ok =
        LedgerContractsProto.HtlcCall.parseFrom(
            new HtlcCall.Lock(
                    new Address(Hash.ZERO),
                    Amount.ofBaseUnits(5),
                    Hash.ZERO,
                    new Timelock.AtHeight(7),
                    3)
                .encode()
                .toByteArray())
            .getLock()
            .toBuilder();
    assertEquals(Reason.MALFORMED, reason(lock(ok.clone().clearTimelock())));
    assertEquals(
        Reason.MALFORMED,
        reason(
            lock(ok.clone().setTimelock(LedgerContractsProto.HtlcTimelock.getDefaultInstance()))));
    assertEquals(
        Reason.MALFORMED,
        reason(
            lock(
                ok.clone()
                    .setTimelock(
                        LedgerContractsProto.HtlcTimelock.newBuilder().setBlockHeight(0)))));
    assertEquals(
        Reason.MALFORMED,
        reason(
            lock(
                ok.clone()
                    .setTimelock(
                        LedgerContractsProto.HtlcTimelock.newBuilder().setBlockTimeMillis(-1)))));
    assertEquals(Reason.MALFORMED, reason(lock(ok.clone().clearAmount())));
    assertEquals(Reason.MALFORMED, reason(lock(ok.clone().clearHashlock())));
    assertEquals(
        Reason.MALFORMED, reason(lock(ok.clone().setRecipient(ByteString.copyFrom(new byte[31])))));
    assertEquals(
        Reason.MALFORMED,
        reason(
            Bytes.of(
                LedgerContractsProto.HtlcCall.newBuilder()
                    .setRefund(LedgerContractsProto.HtlcRefund.getDefaultInstance())
                    .build()
                    .toByteArray())));
  }

  static Bytes lock(LedgerContractsProto.HtlcLock.Builder l) {
    return Bytes.of(LedgerContractsProto.HtlcCall.newBuilder().setLock(l).build().toByteArray());
  }

  static Reason reason(Bytes input) {
    return assertThrows(InvalidLedgerInputException.class, () -> HtlcCall.decode(input)).reason();
  }
}
