package org.cybervein.ledger.contract.database;

import static org.cybervein.ledger.contract.database.Uploads.frame;
import static org.cybervein.ledger.contract.database.Uploads.op;
import static org.cybervein.ledger.contract.database.Uploads.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.Seeds;
import org.cybervein.ledger.contract.TestLedger;
import org.junit.jupiter.api.Test;

/**
 * A database of four members (f = 1) of which member 3 is Byzantine, fed random mixes of honest
 * certificates and attacks: forged, duplicated and conflicting UPLOADs, signers outside the member
 * list, too few signers, votes by non-members, double votes and replays of earlier inputs. After
 * every call: a refused call changed nothing, every held log is the honest one, no conflict is ever
 * recorded (one faulty member cannot make a second certificate), and the confirmed log number is
 * the longest unbroken prefix.
 */
class DatabaseByzantineTest {
  static final DatabaseContract CONTRACT = new DatabaseContract();
  static final int BYZANTINE = 3;

  static PbftProto.PbftLog honest(long n) {
    return upload(n, op(1, n, "honest " + n));
  }

  static PbftProto.PbftLog evil(long n) {
    return upload(n, op(1, n, "evil " + n));
  }

  static Bytes signed(PbftProto.PbftLog u, int replica) {
    return frame(u, replica, Keys.privateKey(200 + replica));
  }

  @Test
  void aSingleByzantineMemberNeverLandsALogOrBreaksTheInvariants() {
    Seeds.qt(40)
        .forAll(lists().of(integers().all()).ofSizeBetween(5, 60))
        .checkAssert(DatabaseByzantineTest::run);
  }

  static void run(List<Integer> script) {
    TestLedger ledger = new TestLedger();
    ledger.fund(Keys.address(1), Amount.ofBaseUnits(1));
    try {
      ledger.call(
          CONTRACT,
          Keys.key(1),
          new DatabaseCall.Create("db", DatabaseContractTest.members(4)).encode());
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError(e);
    }
    DatabaseId db = DatabaseId.of(Keys.address(1), "db");
    List<Bytes> sent = new ArrayList<>();
    for (int step : script) {
      SplittableRandom r = new SplittableRandom(step);
      long n = 1 + r.nextInt(6);
      int a = r.nextInt(3); // an honest replica
      int b = (a + 1 + r.nextInt(2)) % 3; // another honest replica
      List<Bytes> frames;
      int caller = 1;
      Bytes input;
      switch (r.nextInt(9)) {
        case 0, 1 -> frames = List.of(signed(honest(n), a), signed(honest(n), b));
        case 2 -> // forged: the Byzantine member signs as honest replica a
            frames =
                List.of(
                    frame(evil(n), a, Keys.privateKey(200 + BYZANTINE)),
                    signed(evil(n), BYZANTINE));
        case 3 -> frames = List.of(signed(evil(n), BYZANTINE), signed(evil(n), BYZANTINE));
        case 4 -> // conflicting content inside one certificate
            frames = List.of(signed(honest(n), a), signed(evil(n), BYZANTINE));
        case 5 -> // a signer outside the member list
            frames =
                List.of(
                    signed(evil(n), BYZANTINE),
                    frame(evil(n), 4 + r.nextInt(3), Keys.privateKey(300)));
        case 6 -> frames = List.of(signed(evil(n), BYZANTINE));
        default -> frames = null;
      }
      if (frames != null) {
        input = new DatabaseCall.InsertLog(db, n, frames, Uploads.logOf(frames)).encode();
      } else if (!sent.isEmpty() && r.nextBoolean()) {
        input = sent.get(r.nextInt(sent.size())); // a replay
      } else {
        // membership noise: applications, votes by members and by outsiders, double votes
        caller = r.nextBoolean() ? 100 + r.nextInt(4) : 50 + r.nextInt(3);
        input =
            r.nextBoolean()
                ? new DatabaseCall.Apply(db, Keys.key(250 + r.nextInt(3))).encode()
                : new DatabaseCall.Vote(db, Keys.address(50 + r.nextInt(3)), r.nextBoolean())
                    .encode();
      }
      sent.add(input);
      String before = ledger.fingerprint();
      try {
        ledger.call(CONTRACT, Keys.key(caller), input);
      } catch (InvalidLedgerInputException e) {
        assertEquals(before, ledger.fingerprint());
      }
      check(ledger, db);
    }
  }

  static void check(TestLedger ledger, DatabaseId db) {
    var entries = ledger.entries(DatabaseContract.ID);
    Database d = DatabaseContract.database(entries, db).orElseThrow();
    long held = 0;
    long prefix = 0;
    boolean broken = false;
    for (long n = 1; n <= 6; n++) {
      Optional<DatabaseLog> log = DatabaseContract.log(entries, db, n);
      assertTrue(DatabaseContract.conflict(entries, db, n).isEmpty());
      if (log.isPresent()) {
        held++;
        assertEquals(Uploads.digest(honest(n)), log.get().uploadDigest());
        assertEquals(Bytes.utf8("honest " + n), log.get().entries().get(0).command());
        if (!broken) {
          prefix = n;
        }
      } else {
        broken = true;
      }
    }
    assertEquals(held, d.logCount());
    assertEquals(prefix, d.confirmedLogNumber());
  }
}
