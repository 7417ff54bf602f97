package org.cybervein.ledger.contract.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.Seeds;
import org.cybervein.ledger.contract.TestLedger;
import org.junit.jupiter.api.Test;

class DataSetCallCodecTest {
  static Hash hash(SplittableRandom r) {
    byte[] b = new byte[32];
    r.nextBytes(b);
    return Hash.of(b);
  }

  /** A random valid call of each kind. */
  static DataSetCall randomCall(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    DataSetId id = new DataSetId(hash(r));
    Address a = new Address(hash(r));
    return switch (r.nextInt(5)) {
      case 0 -> {
        List<Address> nodes = new ArrayList<>();
        for (int i = 1 + r.nextInt(5); i > 0; i--) {
          nodes.add(new Address(hash(r)));
        }
        yield new DataSetCall.Register(
            "set-" + r.nextInt(1000) + ".csv",
            hash(r),
            1 + r.nextLong(Long.MAX_VALUE - 1),
            Amount.ofBaseUnits(r.nextLong(Long.MAX_VALUE)),
            nodes);
      }
      case 1 -> new DataSetCall.Download(id);
      case 2 ->
          new DataSetCall.SetPermissions(
              id, a, new Permissions(r.nextBoolean(), r.nextBoolean(), r.nextBoolean()));
      case 3 -> new DataSetCall.Share(id, a);
      default -> {
        List<Hash> units = new ArrayList<>();
        for (int i = 1 + r.nextInt(6); i > 0; i--) {
          units.add(hash(r));
        }
        yield new DataSetCall.Modify(id, hash(r), 1 + r.nextInt(1 << 30), units);
      }
    };
  }

  @Test
  void everyCallRoundTrips() {
    Seeds.qt(300)
        .forAll(integers().all())
        .checkAssert(
            seed -> {
              DataSetCall call = randomCall(seed);
              try {
                assertEquals(call, DataSetCall.decode(call.encode()));
              } catch (InvalidLedgerInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  /** A decoder outcome: a valid call equal to its own re-decoding, or the documented exception. */
  static void decodesOrRefuses(Bytes input) {
    try {
      DataSetCall call = DataSetCall.decode(input);
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
              assertThrows(InvalidLedgerInputException.class, () -> DataSetCall.decode(truncated));
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
  void randomBytesAreRefusedWithoutOtherExceptions() {
    Seeds.qt(500)
        .forAll(integers().all(), integers().between(0, 400))
        .checkAssert(
            (seed, len) -> {
              byte[] b = new byte[len];
              new SplittableRandom(seed).nextBytes(b);
              decodesOrRefuses(Bytes.of(b));
            });
  }

  @Test
  void randomInputNeverChangesTheLedger() throws Exception {
    DataSetContract contract = new DataSetContract(DataSetContractTest.FEES);
    TestLedger ledger = new TestLedger();
    ledger.fund(Keys.address(1), Amount.ofBaseUnits(1 << 30));
    String before = ledger.fingerprint();
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[r.nextInt(200)];
      r.nextBytes(b);
      try {
        ledger.call(contract, Keys.key(1), Bytes.of(b));
      } catch (InvalidLedgerInputException e) {
        assertEquals(before, ledger.fingerprint());
      }
    }
  }

  @Test
  void refusesHostileInputWithMemoryInProportionToIt() {
    HostileInput.of("data set call", InvalidLedgerInputException.class, DataSetCall::decode)
        .encodedBy(DataSetCall::encode)
        .checkAll(
            new DataSetCall.Download(new DataSetId(Hash.ZERO)).encode(),
            DataSetCall.MAX_ENCODED_SIZE);
  }

  @Test
  void nonCanonicalEncodingsAreRefused() {
    Bytes call = new DataSetCall.Download(new DataSetId(Hash.ZERO)).encode();
    // An unknown field appended (field 15, varint 1).
    Bytes unknown = call.concat(Bytes.of(new byte[] {0x78, 0x01}));
    assertEquals(Reason.NON_CANONICAL, reason(unknown));
    // The same field twice: parses (last wins) but is not what the encoder writes.
    assertEquals(Reason.NON_CANONICAL, reason(call.concat(call)));
  }

  @Test
  void oversizedAndEmptyInputsAreRefused() {
    assertEquals(Reason.OVERSIZED, reason(Bytes.of(new byte[DataSetCall.MAX_ENCODED_SIZE + 1])));
    assertEquals(Reason.MALFORMED, reason(Bytes.EMPTY));
  }

  @Test
  void fieldsOutOfRangeAreRefusedAsMalformed() throws Exception {
    Hash h = Hash.ZERO;
    List<Address> node = List.of(new Address(h));
    // Zero size, repeated storage nodes, a bad name: built through the proto to bypass the records.
    org.cybervein.api.wire.v1.LedgerContractsProto.DataSetRegister.Builder ok =
        org.cybervein.api.wire.v1.LedgerContractsProto.DataSetCall.parseFrom(
            new DataSetCall.Register("n", h, 5, Amount.ZERO, node).encode().toByteArray())
            .getRegister()
            .toBuilder();
    assertEquals(Reason.MALFORMED, reason(wrap(ok.clone().setSize(0))));
    assertEquals(Reason.MALFORMED, reason(wrap(ok.clone().setSize(-1))));
    assertEquals(Reason.MALFORMED, reason(wrap(ok.clone().setName("no spaces"))));
    assertEquals(Reason.MALFORMED, reason(wrap(ok.clone().setName(""))));
    assertEquals(Reason.MALFORMED, reason(wrap(ok.clone().addStorageNodes(ok.getStorageNodes(0)))));
    assertEquals(Reason.MALFORMED, reason(wrap(ok.clone().clearStorageNodes())));
    assertEquals(Reason.MALFORMED, reason(wrap(ok.clone().clearContentHash())));
    assertEquals(Reason.MALFORMED, reason(wrap(ok.clone().clearDownloadFee())));
    assertEquals(
        Reason.MALFORMED,
        reason(
            wrap(
                ok.clone()
                    .setStorageNodes(0, com.google.protobuf.ByteString.copyFrom(new byte[31])))));
  }

  static Bytes wrap(org.cybervein.api.wire.v1.LedgerContractsProto.DataSetRegister.Builder r) {
    return Bytes.of(
        org.cybervein.api.wire.v1.LedgerContractsProto.DataSetCall.newBuilder()
            .setRegister(r)
            .build()
            .toByteArray());
  }

  static Reason reason(Bytes input) {
    return assertThrows(InvalidLedgerInputException.class, () -> DataSetCall.decode(input))
        .reason();
  }
}
