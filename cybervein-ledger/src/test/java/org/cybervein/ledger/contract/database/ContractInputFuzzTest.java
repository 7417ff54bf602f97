package org.cybervein.ledger.contract.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.NativeContract;
import org.cybervein.ledger.contract.Seeds;
import org.cybervein.ledger.contract.TestLedger;
import org.cybervein.ledger.contract.dataset.DataSetCall;
import org.cybervein.ledger.contract.dataset.DataSetContract;
import org.cybervein.ledger.contract.dataset.DataSetFees;
import org.cybervein.ledger.contract.dataset.DataSetId;
import org.cybervein.ledger.contract.dataset.Permissions;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.testing.PocFixtures;
import org.junit.jupiter.api.Test;

/**
 * Damaged inputs of every native contract, applied on a state where the undamaged input would
 * succeed: each call either succeeds or throws {@link InvalidLedgerInputException} with the state
 * as before, never another exception.
 */
class ContractInputFuzzTest {
  private static final PublicKey OWNER = Keys.key(1);
  private static final PublicKey BUYER = Keys.key(2);
  private static final DataSetContract DATA_SETS =
      new DataSetContract(new DataSetFees(Amount.ofBaseUnits(1_000), Amount.ofBaseUnits(500), 900));
  private static final DatabaseContract DATABASES = new DatabaseContract();
  private static final PocContract POC = new PocContract(PocFixtures.RULES);
  private static final PocFixtures.Contributor CONTRIBUTOR =
      PocFixtures.contributor(DeterministicRandom.fromSeed(3), 1 << 9);
  private static final PocFixtures.Contributor PROVIDER =
      PocFixtures.contributor(DeterministicRandom.fromSeed(4), 1 << 9);

  /** A ledger with a data set, a database of four members and a registered contributor. */
  private static TestLedger ledger() {
    TestLedger ledger = new TestLedger();
    for (int i = 0; i < 30; i++) {
      ledger.fund(Keys.address(i), Amount.ofCvt(1_000));
    }
    ledger.fund(
        org.cybervein.ledger.account.Address.of(CONTRIBUTOR.key().publicKey()), Amount.ofCvt(10));
    try {
      ledger.call(DATA_SETS, OWNER, register().encode());
      ledger.call(DATABASES, OWNER, create().encode());
      ledger.call(
          DATABASES, Keys.key(6), new DatabaseCall.Apply(database(), Keys.key(41)).encode());
      ledger.call(POC, PROVIDER.key().publicKey(), PROVIDER.registerCall());
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError(e);
    }
    return ledger;
  }

  private static DataSetCall.Register register() {
    return new DataSetCall.Register(
        "sensors",
        Hash.of(new byte[32]),
        3_000_000,
        Amount.ofBaseUnits(10_000),
        List.of(Keys.address(9)));
  }

  private static DataSetId dataSet() {
    return DataSetId.of(Keys.address(1), "sensors");
  }

  private static DatabaseCall.Create create() {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      members.add(new Member(Keys.address(20 + i), Keys.key(10 + i)));
    }
    return new DatabaseCall.Create("db", members);
  }

  private static DatabaseId database() {
    return DatabaseId.of(Keys.address(1), "db");
  }

  private static List<Bytes> certificate() {
    var upload = Uploads.upload(1, Uploads.op(1, 5, "put a 1"), Uploads.op(2, 6, "put b 2"));
    return List.of(
        Uploads.frame(upload, 0, Keys.privateKey(10)),
        Uploads.frame(upload, 1, Keys.privateKey(11)),
        Uploads.frame(upload, 2, Keys.privateKey(12)));
  }

  private record Case(NativeContract contract, PublicKey caller, Bytes input) {}

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(new Case(DATA_SETS, BUYER, new DataSetCall.Download(dataSet()).encode()));
    cases.add(
        new Case(
            DATA_SETS,
            OWNER,
            new DataSetCall.SetPermissions(
                    dataSet(), Keys.address(3), new Permissions(true, true, true))
                .encode()));
    cases.add(
        new Case(DATA_SETS, OWNER, new DataSetCall.Share(dataSet(), Keys.address(4)).encode()));
    cases.add(
        new Case(
            DATA_SETS,
            OWNER,
            new DataSetCall.Modify(dataSet(), Hash.of(new byte[32]), 5_000_000, List.of(Hash.ZERO))
                .encode()));
    cases.add(new Case(DATA_SETS, Keys.key(5), register().encode()));
    cases.add(
        new Case(
            DATABASES, Keys.key(8), new DatabaseCall.Apply(database(), Keys.key(40)).encode()));
    cases.add(
        new Case(
            DATABASES,
            Keys.key(20),
            new DatabaseCall.Vote(database(), Keys.address(6), true).encode()));
    cases.add(
        new Case(
            DATABASES,
            Keys.key(7),
            new DatabaseCall.InsertLog(database(), 1, certificate(), Uploads.logOf(certificate()))
                .encode()));
    cases.add(new Case(POC, CONTRIBUTOR.key().publicKey(), CONTRIBUTOR.registerCall()));
    cases.add(
        new Case(
            POC,
            BUYER,
            PocContract.recordBandwidthCall(
                PocFixtures.receipts(PROVIDER, Keys.privateKey(2), 5_000, 0, 3, 8))));
    return cases;
  }

  /** {@code raw} damaged in one of several ways chosen by {@code seed}. */
  static Bytes damage(Bytes raw, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] b = raw.toByteArray();
    switch (r.nextInt(6)) {
      case 0 -> {
        b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        return Bytes.of(b);
      }
      case 1 -> {
        return raw.slice(0, r.nextInt(b.length));
      }
      case 2 -> {
        byte[] extra = new byte[1 + r.nextInt(8)];
        r.nextBytes(extra);
        return raw.concat(Bytes.of(extra));
      }
      case 3 -> {
        int at = r.nextInt(b.length);
        return raw.slice(0, at)
            .concat(Bytes.of(new byte[] {(byte) r.nextInt(256)}))
            .concat(raw.slice(at, b.length));
      }
      case 4 -> {
        // Set a byte to a boundary value (lengths, varints, field numbers).
        int[] values = {0x00, 0x01, 0x7f, 0x80, 0xff};
        b[r.nextInt(b.length)] = (byte) values[r.nextInt(values.length)];
        return Bytes.of(b);
      }
      default -> {
        byte[] random = new byte[r.nextInt(2 * b.length + 1)];
        r.nextBytes(random);
        return Bytes.of(random);
      }
    }
  }

  private static void callOrRefuse(TestLedger ledger, Case c, Bytes input) {
    String before = ledger.fingerprint();
    try {
      ledger.call(c.contract(), c.caller(), input);
    } catch (InvalidLedgerInputException e) {
      assertEquals(before, ledger.fingerprint(), "a refused call changed the state");
    } catch (RuntimeException e) {
      fail(c.contract().id() + " threw " + e + " for input " + input.toHex(), e);
    }
  }

  // Each contract parses its call input through the api's canonical parser, so a flood of unknown
  // fields in a call is refused with memory in proportion to it, and the state stays as it was.
  @Test
  void floodsOfUnknownFieldsInACallAreRefusedWithMemoryInProportion() {
    for (Case c : cases()) {
      TestLedger ledger = ledger();
      String before = ledger.fingerprint();
      HostileInput<Void> checks =
          HostileInput.of(
              c.contract().id() + " call",
              InvalidLedgerInputException.class,
              input -> {
                ledger.call(c.contract(), c.caller(), input);
                return null;
              });
      checks.refusesUnknownFieldFloods(Bytes.EMPTY, 1 << 20);
      assertEquals(before, ledger.fingerprint(), "a refused flood changed the state");
    }
  }

  @Test
  void undamagedInputsSucceed() throws Exception {
    for (Case c : cases()) {
      ledger().call(c.contract(), c.caller(), c.input());
    }
  }

  @Test
  void damagedInputsAreAppliedOrRefusedWithAReason() {
    List<Case> cases = cases();
    TestLedger ledger = ledger();
    Seeds.qt(600)
        .forAll(integers().between(0, cases.size() - 1), longs().all())
        .checkAssert(
            (which, seed) -> {
              Case c = cases.get(which);
              callOrRefuse(ledger, c, damage(c.input(), seed));
            });
  }

  @Test
  void damagedUploadFramesAreRefusedWithAReason() {
    Seeds.qt(400)
        .forAll(integers().between(0, 2), longs().all())
        .checkAssert(
            (which, seed) -> {
              List<Bytes> frames = new ArrayList<>(certificate());
              frames.set(which, damage(frames.get(which), seed));
              Case c =
                  new Case(
                      DATABASES,
                      Keys.key(7),
                      new DatabaseCall.InsertLog(database(), 1, frames, Uploads.logOf(frames))
                          .encode());
              callOrRefuse(ledger(), c, c.input());
            });
  }
}
