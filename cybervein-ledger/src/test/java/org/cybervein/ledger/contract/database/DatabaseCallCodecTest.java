package org.cybervein.ledger.contract.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.api.wire.v1.LedgerContractsProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.Seeds;
import org.junit.jupiter.api.Test;

class DatabaseCallCodecTest {
  static Hash hash(SplittableRandom r) {
    byte[] b = new byte[32];
    r.nextBytes(b);
    return Hash.of(b);
  }

  static DatabaseCall randomCall(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    DatabaseId id = new DatabaseId(hash(r));
    return switch (r.nextInt(4)) {
      case 0 -> {
        List<Member> members = new ArrayList<>();
        int base = r.nextInt(100);
        for (int i = 1 + r.nextInt(7); i > 0; i--) {
          members.add(new Member(new Address(hash(r)), Keys.key(base + i)));
        }
        yield new DatabaseCall.Create("db-" + r.nextInt(1000), members);
      }
      case 1 -> new DatabaseCall.Apply(id, Keys.key(r.nextInt(20)));
      case 2 -> new DatabaseCall.Vote(id, new Address(hash(r)), r.nextBoolean());
      default -> {
        List<Bytes> uploads = new ArrayList<>();
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
          byte[] b = new byte[r.nextInt(120)];
          r.nextBytes(b);
          uploads.add(Bytes.of(b));
        }
        byte[] log = new byte[r.nextInt(120)];
        r.nextBytes(log);
        yield new DatabaseCall.InsertLog(
            id, 1 + r.nextLong(Long.MAX_VALUE - 1), uploads, Bytes.of(log));
      }
    };
  }

  static void roundTrips(DatabaseCall call) {
    try {
      assertEquals(call, DatabaseCall.decode(call.encode()));
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError(e);
    }
  }

  static void decodesOrRefuses(Bytes input) {
    try {
      assertEquals(input, DatabaseCall.decode(input).encode(), "accepted a non-canonical encoding");
    } catch (InvalidLedgerInputException e) {
      // expected for most inputs
    }
  }

  static Reason reason(Bytes input) {
    return assertThrows(InvalidLedgerInputException.class, () -> DatabaseCall.decode(input))
        .reason();
  }

  @Test
  void everyCallRoundTrips() {
    Seeds.qt(300).forAll(integers().all()).checkAssert(seed -> roundTrips(randomCall(seed)));
  }

  @Test
  void truncatedCallsAreRefused() {
    Seeds.qt(300)
        .forAll(integers().all(), integers().between(0, 10_000))
        .checkAssert(
            (seed, cut) -> {
              Bytes full = randomCall(seed).encode();
              Bytes truncated = full.slice(0, cut % full.size());
              assertThrows(InvalidLedgerInputException.class, () -> DatabaseCall.decode(truncated));
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
  void refusesHostileInputWithMemoryInProportionToIt() {
    HostileInput.of("database call", InvalidLedgerInputException.class, DatabaseCall::decode)
        .encodedBy(DatabaseCall::encode)
        .checkAll(
            new DatabaseCall.Vote(new DatabaseId(Hash.ZERO), new Address(Hash.ZERO), true).encode(),
            DatabaseCall.MAX_ENCODED_SIZE);
  }

  @Test
  void nonCanonicalOversizedAndEmptyInputsAreRefused() {
    Bytes call =
        new DatabaseCall.Vote(new DatabaseId(Hash.ZERO), new Address(Hash.ZERO), true).encode();
    assertEquals(Reason.NON_CANONICAL, reason(call.concat(Bytes.of(new byte[] {0x78, 0x01}))));
    assertEquals(Reason.NON_CANONICAL, reason(call.concat(call)));
    assertEquals(Reason.OVERSIZED, reason(Bytes.of(new byte[DatabaseCall.MAX_ENCODED_SIZE + 1])));
    assertEquals(Reason.MALFORMED, reason(Bytes.EMPTY));
  }

  @Test
  void badMemberListsAreRefusedAsMalformed() throws Exception {
    List<Member> two = List.of(DatabaseContractTest.member(0), DatabaseContractTest.member(1));
    LedgerContractsProto.DatabaseContractCreate.Builder ok =
        LedgerContractsProto.DatabaseContractCall.parseFrom(
            new DatabaseCall.Create("d", two).encode().toByteArray())
            .getCreate()
            .toBuilder();
    // The same account twice, the same key twice, no members, a member without a key.
    assertEquals(Reason.MALFORMED, reason(wrap(ok.clone().addMembers(ok.getMembers(0)))));
    assertEquals(
        Reason.MALFORMED,
        reason(
            wrap(
                ok.clone()
                    .setMembers(
                        1,
                        ok.getMembers(1).toBuilder().setNodeKey(ok.getMembers(0).getNodeKey())))));
    assertEquals(Reason.MALFORMED, reason(wrap(ok.clone().clearMembers())));
    assertEquals(
        Reason.MALFORMED,
        reason(wrap(ok.clone().setMembers(0, ok.getMembers(0).toBuilder().clearNodeKey()))));
    assertEquals(Reason.MALFORMED, reason(wrap(ok.clone().setName("a/b"))));
    LedgerContractsProto.DatabaseContractCreate.Builder many = ok.clone().clearMembers();
    for (int i = 0; i <= Database.MAX_MEMBERS; i++) {
      many.addMembers(
          DatabaseRecords.member(new Member(Keys.address(1000 + i), Keys.key(2000 + i))));
    }
    assertEquals(Reason.MALFORMED, reason(wrap(many)));
  }

  @Test
  void anInsertWithoutUploadsOrWithSequenceZeroIsRefused() {
    LedgerContractsProto.DatabaseContractInsertLog.Builder b =
        LedgerContractsProto.DatabaseContractInsertLog.newBuilder()
            .setDatabase(org.cybervein.api.wire.ApiTypesCodec.toProto(Hash.ZERO))
            .setSequence(1);
    assertEquals(
        Reason.MALFORMED,
        reason(
            Bytes.of(
                LedgerContractsProto.DatabaseContractCall.newBuilder()
                    .setInsertLog(b)
                    .build()
                    .toByteArray())));
    b.addUploads(com.google.protobuf.ByteString.copyFromUtf8("x")).setSequence(0);
    assertEquals(
        Reason.MALFORMED,
        reason(
            Bytes.of(
                LedgerContractsProto.DatabaseContractCall.newBuilder()
                    .setInsertLog(b)
                    .build()
                    .toByteArray())));
  }

  static Bytes wrap(LedgerContractsProto.DatabaseContractCreate.Builder c) {
    return Bytes.of(
        LedgerContractsProto.DatabaseContractCall.newBuilder().setCreate(c).build().toByteArray());
  }
}
