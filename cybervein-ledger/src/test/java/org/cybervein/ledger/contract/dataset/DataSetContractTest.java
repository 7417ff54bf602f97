package org.cybervein.ledger.contract.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.Seeds;
import org.cybervein.ledger.contract.TestLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataSetContractTest {
  static final DataSetFees FEES =
      new DataSetFees(Amount.ofBaseUnits(1_000), Amount.ofBaseUnits(500), 1_000); // 10 %
  static final DataSetContract CONTRACT = new DataSetContract(FEES);
  static final int OWNER = 1;
  static final int BUYER = 2;
  static final int OTHER = 3;
  static final Address NODE = Keys.address(90);

  TestLedger ledger;

  @BeforeEach
  void fund() {
    ledger = new TestLedger();
    for (int i = 1; i <= 5; i++) {
      ledger.fund(Keys.address(i), Amount.ofBaseUnits(1_000_000));
    }
  }

  static Hash content(String s) {
    return HashFunction.SHA256.hashUntagged(Bytes.utf8(s));
  }

  static DataSetCall.Register register(String name, long size, long fee) {
    return new DataSetCall.Register(
        name, content(name), size, Amount.ofBaseUnits(fee), List.of(NODE));
  }

  void call(int who, DataSetCall call) throws InvalidLedgerInputException {
    ledger.call(CONTRACT, Keys.key(who), call.encode());
  }

  Reason refused(int who, DataSetCall call) {
    String before = ledger.fingerprint();
    InvalidLedgerInputException e =
        assertThrows(InvalidLedgerInputException.class, () -> call(who, call));
    assertEquals(before, ledger.fingerprint(), "a refused call changed state");
    return e.reason();
  }

  Function<Bytes, Optional<Bytes>> entries() {
    return ledger.entries(DataSetContract.ID);
  }

  DataSetId registered(String name, long size, long fee) throws InvalidLedgerInputException {
    call(OWNER, register(name, size, fee));
    return DataSetId.of(Keys.address(OWNER), name);
  }

  @Test
  void registrationPaysTheUploadFeeAsANetworkFee() throws Exception {
    long size = 3L << 20 | 1; // 3 MiB and one byte: four started mebibytes
    DataSetId id = registered("weather.csv", size, 200);
    long uploadFee = 1_000 + 4 * 500;
    assertEquals(Amount.ofBaseUnits(uploadFee), FEES.uploadFee(size));
    assertEquals(Amount.ofBaseUnits(1_000_000 - uploadFee), ledger.balance(Keys.address(OWNER)));
    assertEquals(Amount.ofBaseUnits(uploadFee), ledger.networkFees());
    DataSet d = DataSetContract.dataSet(entries(), id).orElseThrow();
    assertEquals(Keys.address(OWNER), d.owner());
    assertEquals(size, d.size());
    assertEquals(0, d.version());
    assertEquals(List.of(NODE), d.storageNodes());
  }

  @Test
  void registeringTheSameNameTwiceIsRefused() throws Exception {
    registered("a", 10, 0);
    assertEquals(Reason.DUPLICATE, refused(OWNER, register("a", 20, 5)));
    // Another account may use the same name: the id differs.
    call(OTHER, register("a", 20, 5));
    assertTrue(
        DataSetContract.dataSet(entries(), DataSetId.of(Keys.address(OTHER), "a")).isPresent());
  }

  @Test
  void anUploaderWhoCannotPayTheUploadFeeRegistersNothing() {
    ledger.fund(Keys.address(7), Amount.ofBaseUnits(10));
    assertEquals(Reason.INSUFFICIENT_FUNDS, refused(7, register("x", 1, 0)));
  }

  @Test
  void aDownloadPaysTheUploaderTheFeeLessTheNetworkFeeAndGrantsAccess() throws Exception {
    DataSetId id = registered("d", 100, 12_345);
    Amount ownerBefore = ledger.balance(Keys.address(OWNER));
    Amount feesBefore = ledger.networkFees();
    assertFalse(DataSetContract.hasGrant(entries(), id, Keys.address(BUYER)));
    call(BUYER, new DataSetCall.Download(id));
    long network = 1_234; // floor(12345 * 10 %)
    assertEquals(Amount.ofBaseUnits(network), FEES.networkFee(Amount.ofBaseUnits(12_345)));
    assertEquals(
        ownerBefore.plus(Amount.ofBaseUnits(12_345 - network)),
        ledger.balance(Keys.address(OWNER)));
    assertEquals(feesBefore.plus(Amount.ofBaseUnits(network)), ledger.networkFees());
    assertEquals(Amount.ofBaseUnits(1_000_000 - 12_345), ledger.balance(Keys.address(BUYER)));
    assertTrue(DataSetContract.hasGrant(entries(), id, Keys.address(BUYER)));
    Grant g = DataSetContract.grant(entries(), id, Keys.address(BUYER)).orElseThrow();
    assertEquals(Amount.ofBaseUnits(12_345), g.paid());
    assertFalse(DataSetContract.hasGrant(entries(), id, Keys.address(OTHER)));
  }

  @Test
  void nobodyBuysTwiceAndTheOwnerDoesNotBuy() throws Exception {
    DataSetId id = registered("d", 100, 50);
    call(BUYER, new DataSetCall.Download(id));
    assertEquals(Reason.DUPLICATE, refused(BUYER, new DataSetCall.Download(id)));
    assertEquals(Reason.CONTRACT_RULE, refused(OWNER, new DataSetCall.Download(id)));
  }

  @Test
  void aDownloadOfAnUnknownDataSetOrWithoutFundsChangesNothing() throws Exception {
    assertEquals(
        Reason.NOT_FOUND,
        refused(BUYER, new DataSetCall.Download(DataSetId.of(Keys.address(OWNER), "none"))));
    DataSetId id = registered("d", 100, 5_000_000);
    assertEquals(Reason.INSUFFICIENT_FUNDS, refused(BUYER, new DataSetCall.Download(id)));
    assertFalse(DataSetContract.hasGrant(entries(), id, Keys.address(BUYER)));
  }

  @Test
  void aFreeDataSetStillNeedsADownloadForAGrant() throws Exception {
    DataSetId id = registered("free", 100, 0);
    assertFalse(DataSetContract.hasGrant(entries(), id, Keys.address(BUYER)));
    Amount before = ledger.supply();
    call(BUYER, new DataSetCall.Download(id));
    assertTrue(DataSetContract.hasGrant(entries(), id, Keys.address(BUYER)));
    assertEquals(before, ledger.supply());
  }

  @Test
  void onlyTheOwnerSetsPermissions() throws Exception {
    DataSetId id = registered("d", 100, 50);
    Permissions rw = new Permissions(true, true, false);
    assertEquals(
        Reason.NOT_AUTHORIZED,
        refused(BUYER, new DataSetCall.SetPermissions(id, Keys.address(BUYER), rw)));
    assertEquals(
        Reason.CONTRACT_RULE,
        refused(OWNER, new DataSetCall.SetPermissions(id, Keys.address(OWNER), rw)));
    call(OWNER, new DataSetCall.SetPermissions(id, Keys.address(BUYER), rw));
    assertEquals(rw, DataSetContract.permissions(entries(), id, Keys.address(BUYER)));
    assertTrue(DataSetContract.hasGrant(entries(), id, Keys.address(BUYER)));
    assertTrue(DataSetContract.may(entries(), id, Keys.address(BUYER), Permission.MODIFY));
    assertFalse(DataSetContract.may(entries(), id, Keys.address(BUYER), Permission.SHARE));
    call(OWNER, new DataSetCall.SetPermissions(id, Keys.address(BUYER), Permissions.NONE));
    assertEquals(Permissions.NONE, DataSetContract.permissions(entries(), id, Keys.address(BUYER)));
    assertFalse(DataSetContract.hasGrant(entries(), id, Keys.address(BUYER)));
  }

  @Test
  void revokingPermissionsLeavesAPaidGrant() throws Exception {
    DataSetId id = registered("d", 100, 50);
    call(BUYER, new DataSetCall.Download(id));
    call(OWNER, new DataSetCall.SetPermissions(id, Keys.address(BUYER), Permissions.NONE));
    assertTrue(DataSetContract.hasGrant(entries(), id, Keys.address(BUYER)));
  }

  @Test
  void sharingNeedsSharePermissionAndGivesReadOnly() throws Exception {
    DataSetId id = registered("d", 100, 50);
    DataSetCall share = new DataSetCall.Share(id, Keys.address(OTHER));
    assertEquals(Reason.NOT_AUTHORIZED, refused(BUYER, share));
    call(BUYER, new DataSetCall.Download(id)); // reading is not sharing
    assertEquals(Reason.NOT_AUTHORIZED, refused(BUYER, share));
    call(
        OWNER,
        new DataSetCall.SetPermissions(
            id, Keys.address(BUYER), new Permissions(false, false, true)));
    call(BUYER, share);
    assertTrue(DataSetContract.hasGrant(entries(), id, Keys.address(OTHER)));
    assertEquals(
        new Permissions(true, false, false),
        DataSetContract.permissions(entries(), id, Keys.address(OTHER)));
    assertEquals(Reason.DUPLICATE, refused(BUYER, share));
    assertEquals(Reason.DUPLICATE, refused(OWNER, new DataSetCall.Share(id, Keys.address(OWNER))));
  }

  @Test
  void modificationsNeedModifyPermissionAndReferenceDagUnits() throws Exception {
    DataSetId id = registered("d", 1 << 20, 50);
    List<Hash> units = List.of(content("unit-1"), content("unit-2"));
    DataSetCall modify = new DataSetCall.Modify(id, content("v1"), (1 << 20) + 1, units);
    assertEquals(Reason.NOT_AUTHORIZED, refused(BUYER, modify));
    call(
        OWNER,
        new DataSetCall.SetPermissions(
            id, Keys.address(BUYER), new Permissions(false, true, false)));
    Amount before = ledger.balance(Keys.address(BUYER));
    call(BUYER, modify);
    // One byte added: the upload fee of one byte.
    assertEquals(before.minus(FEES.uploadFee(1)), ledger.balance(Keys.address(BUYER)));
    DataSet d = DataSetContract.dataSet(entries(), id).orElseThrow();
    assertEquals(1, d.version());
    assertEquals(content("v1"), d.contentHash());
    Modification m = DataSetContract.modification(entries(), id, 1).orElseThrow();
    assertEquals(units, m.units());
    assertEquals(Keys.address(BUYER), m.modifier());
    // Shrinking costs nothing; the owner may always modify.
    Amount owner = ledger.balance(Keys.address(OWNER));
    call(OWNER, new DataSetCall.Modify(id, content("v2"), 10, List.of(content("unit-3"))));
    assertEquals(owner, ledger.balance(Keys.address(OWNER)));
    assertEquals(2, DataSetContract.dataSet(entries(), id).orElseThrow().version());
    assertTrue(DataSetContract.modification(entries(), id, 2).isPresent());
    assertFalse(DataSetContract.modification(entries(), id, 3).isPresent());
  }

  @Test
  void theNetworkFeeNeverOverflowsAndNeverExceedsTheFee() {
    Seeds.qt(200)
        .forAll(integers().allPositive(), integers().between(0, 10_000))
        .checkAssert(
            (units, bps) -> {
              DataSetFees f = new DataSetFees(Amount.ZERO, Amount.ZERO, bps);
              long big = (long) units * 1_000_003L;
              Amount fee = Amount.ofBaseUnits(big);
              Amount net = f.networkFee(fee);
              assertTrue(fee.isAtLeast(net));
              assertEquals(
                  java.math.BigInteger.valueOf(big)
                      .multiply(java.math.BigInteger.valueOf(bps))
                      .divide(java.math.BigInteger.valueOf(10_000))
                      .longValueExact(),
                  net.baseUnits());
            });
    assertEquals(
        Amount.ofBaseUnits(Long.MAX_VALUE),
        new DataSetFees(Amount.ZERO, Amount.ZERO, 10_000)
            .networkFee(Amount.ofBaseUnits(Long.MAX_VALUE)));
  }

  @Test
  void anUploadFeeBeyondTheAmountRangeIsRefusedAsOverflow() {
    DataSetContract greedy =
        new DataSetContract(new DataSetFees(Amount.ZERO, Amount.ofBaseUnits(Long.MAX_VALUE), 0));
    assertEquals(
        Reason.OVERFLOW,
        assertThrows(
                InvalidLedgerInputException.class,
                () -> ledger.call(greedy, Keys.key(OWNER), register("x", 3L << 20, 0).encode()))
            .reason());
  }

  /**
   * Random sequences of calls by a few accounts, many refused: the supply (balances plus network
   * fees) never changes, no balance goes negative, a refused call changes nothing, and whoever the
   * query says may read either owns the data set, paid, or was given read permission.
   */
  @Test
  void randomCallSequencesConserveSupplyAndRefuseCleanly() {
    Seeds.qt(60)
        .forAll(lists().of(integers().all()).ofSizeBetween(1, 40))
        .checkAssert(
            script -> {
              TestLedger l = new TestLedger();
              for (int i = 1; i <= 4; i++) {
                l.fund(Keys.address(i), Amount.ofBaseUnits(20_000));
              }
              Amount supply = l.supply();
              for (int step : script) {
                SplittableRandom r = new SplittableRandom(step);
                int who = 1 + r.nextInt(4);
                DataSetId id = DataSetId.of(Keys.address(1 + r.nextInt(4)), "n" + r.nextInt(2));
                Address target = Keys.address(1 + r.nextInt(4));
                DataSetCall call =
                    switch (r.nextInt(5)) {
                      case 0 ->
                          register("n" + r.nextInt(2), 1 + r.nextInt(3 << 20), r.nextInt(9_000));
                      case 1 -> new DataSetCall.Download(id);
                      case 2 ->
                          new DataSetCall.SetPermissions(
                              id,
                              target,
                              new Permissions(r.nextBoolean(), r.nextBoolean(), r.nextBoolean()));
                      case 3 -> new DataSetCall.Share(id, target);
                      default ->
                          new DataSetCall.Modify(
                              id,
                              content("c" + step),
                              1 + r.nextInt(3 << 20),
                              List.of(content("u" + step)));
                    };
                String before = l.fingerprint();
                try {
                  l.call(CONTRACT, Keys.key(who), call.encode());
                } catch (InvalidLedgerInputException e) {
                  assertEquals(before, l.fingerprint());
                }
                assertEquals(supply, l.supply());
                l.nextBlock();
              }
              for (int owner = 1; owner <= 4; owner++) {
                for (int n = 0; n < 2; n++) {
                  DataSetId id = DataSetId.of(Keys.address(owner), "n" + n);
                  for (int reader = 1; reader <= 4; reader++) {
                    Address a = Keys.address(reader);
                    boolean expected =
                        DataSetContract.dataSet(l.entries(DataSetContract.ID), id).isPresent()
                            && (reader == owner
                                || DataSetContract.grant(l.entries(DataSetContract.ID), id, a)
                                    .isPresent()
                                || DataSetContract.permissions(l.entries(DataSetContract.ID), id, a)
                                    .read());
                    assertEquals(
                        expected, DataSetContract.hasGrant(l.entries(DataSetContract.ID), id, a));
                  }
                }
              }
            });
  }
}
