package org.cybervein.ledger.contract.htlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerContractsProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.TestLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of the hashed timelock contract, one by one, over the journaling {@link TestLedger}:
 * every refusal has its reason and leaves entries and balances exactly as they were.
 */
class HtlcContractTest {
  static final HtlcContract CONTRACT = new HtlcContract();
  static final int SENDER = 1;
  static final int RECIPIENT = 2;
  static final int OTHER = 3;
  static final long START = 1_000_000;
  static final Amount AMOUNT = Amount.ofBaseUnits(250_000);
  static final Address ESCROW = HtlcContract.ID.account();

  final Preimage secret = Preimage.random(DeterministicRandom.fromSeed(17));
  TestLedger ledger;

  @BeforeEach
  void fund() {
    ledger = new TestLedger();
    for (int i = 1; i <= 3; i++) {
      ledger.fund(Keys.address(i), Amount.ofBaseUnits(START));
    }
  }

  HtlcCall.Lock lockAtHeight(long expiry, long nonce) {
    return new HtlcCall.Lock(
        Keys.address(RECIPIENT), AMOUNT, secret.hashlock(), new Timelock.AtHeight(expiry), nonce);
  }

  void call(int who, HtlcCall call) throws InvalidLedgerInputException {
    ledger.call(CONTRACT, Keys.key(who), call.encode());
  }

  Reason refused(int who, Bytes input) {
    String before = ledger.fingerprint();
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class, () -> ledger.call(CONTRACT, Keys.key(who), input));
    assertEquals(before, ledger.fingerprint(), "a refused call changed state");
    return e.reason();
  }

  Reason refused(int who, HtlcCall call) {
    return refused(who, call.encode());
  }

  Function<Bytes, Optional<Bytes>> entries() {
    return ledger.entries(HtlcContract.ID);
  }

  /** Opens a lock from SENDER to RECIPIENT that expires 10 blocks from now. */
  LockId opened() throws InvalidLedgerInputException {
    call(SENDER, lockAtHeight(ledger.blockIndex() + 10, 1));
    return LockId.of(Keys.address(SENDER), 1);
  }

  void advance(int blocks) {
    for (int i = 0; i < blocks; i++) {
      ledger.nextBlock();
    }
  }

  Htlc lock(LockId id) {
    return HtlcContract.lock(entries(), id).orElseThrow();
  }

  @Test
  void lockMovesTheAmountIntoTheContractAccountAndRecordsTheLock() throws Exception {
    Amount supply = ledger.supply();
    LockId id = opened();
    assertEquals(Amount.ofBaseUnits(START).minus(AMOUNT), ledger.balance(Keys.address(SENDER)));
    assertEquals(AMOUNT, ledger.balance(ESCROW));
    assertEquals(supply, ledger.supply());
    Htlc h = lock(id);
    assertEquals(Keys.address(SENDER), h.sender());
    assertEquals(Keys.address(RECIPIENT), h.recipient());
    assertEquals(AMOUNT, h.amount());
    assertEquals(secret.hashlock(), h.hashlock());
    assertEquals(new Timelock.AtHeight(11), h.timelock());
    assertEquals(1, h.lockedBlock());
    assertEquals(HtlcStatus.OPEN, h.status());
    assertTrue(HtlcContract.revealedPreimage(entries(), id).isEmpty());
  }

  @Test
  void theContractAccountIsNoKeysAddress() {
    for (int i = 1; i <= 50; i++) {
      assertFalse(ESCROW.equals(Keys.address(i)));
    }
    assertFalse(ESCROW.equals(new org.cybervein.ledger.contract.ContractId("htlc", 2).account()));
  }

  @Test
  void aZeroAmountIsMalformed() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new HtlcCall.Lock(
                Keys.address(RECIPIENT),
                Amount.ZERO,
                secret.hashlock(),
                new Timelock.AtHeight(9),
                1));
    Bytes zero =
        Bytes.of(
            LedgerContractsProto.HtlcCall.newBuilder()
                .setLock(
                    LedgerContractsProto.HtlcLock.newBuilder()
                        .setRecipient(
                            ByteString.copyFrom(Keys.address(RECIPIENT).value().toByteArray()))
                        .setAmount(ApiTypesCodec.toProto(Amount.ZERO))
                        .setHashlock(ApiTypesCodec.toProto(secret.hashlock()))
                        .setTimelock(
                            LedgerContractsProto.HtlcTimelock.newBuilder().setBlockHeight(9))
                        .setLockNonce(1))
                .build()
                .toByteArray());
    assertEquals(Reason.MALFORMED, refused(SENDER, zero));
  }

  @Test
  void aTimelockAlreadyExpiredIsRefused() {
    advance(4); // block 5
    assertEquals(Reason.BAD_TIME, refused(SENDER, lockAtHeight(5, 1)));
    assertEquals(Reason.BAD_TIME, refused(SENDER, lockAtHeight(2, 1)));
    HtlcCall.Lock pastTime =
        new HtlcCall.Lock(
            Keys.address(RECIPIENT),
            AMOUNT,
            secret.hashlock(),
            new Timelock.AtTime(ledger.blockTimeMillis()),
            1);
    assertEquals(Reason.BAD_TIME, refused(SENDER, pastTime));
  }

  @Test
  void aDuplicateLockIdIsRefusedEvenAfterSettlement() throws Exception {
    LockId id = opened();
    assertEquals(Reason.DUPLICATE, refused(SENDER, lockAtHeight(50, 1)));
    call(RECIPIENT, new HtlcCall.Claim(id, secret));
    assertEquals(Reason.DUPLICATE, refused(SENDER, lockAtHeight(50, 1)));
    // The same nonce from another sender is another id.
    call(OTHER, lockAtHeight(50, 1));
    assertTrue(HtlcContract.lock(entries(), LockId.of(Keys.address(OTHER), 1)).isPresent());
  }

  @Test
  void theRecipientClaimsWithTheRightPreimageAndTheSecretIsStored() throws Exception {
    LockId id = opened();
    advance(9); // block 10, the last before expiry at 11
    Amount supply = ledger.supply();
    call(RECIPIENT, new HtlcCall.Claim(id, secret));
    assertEquals(Amount.ofBaseUnits(START).plus(AMOUNT), ledger.balance(Keys.address(RECIPIENT)));
    assertEquals(Amount.ZERO, ledger.balance(ESCROW));
    assertEquals(supply, ledger.supply());
    assertEquals(HtlcStatus.CLAIMED, lock(id).status());
    assertEquals(10, lock(id).settledBlock());
    assertEquals(Optional.of(secret), HtlcContract.revealedPreimage(entries(), id));
    assertEquals(
        Optional.of(secret.value()),
        ledger.entry(HtlcContract.ID, HtlcContract.preimageEntryKey(id)));
    // Settled: neither a second claim nor a refund.
    assertEquals(Reason.DUPLICATE, refused(RECIPIENT, new HtlcCall.Claim(id, secret)));
    advance(5);
    assertEquals(Reason.DUPLICATE, refused(SENDER, new HtlcCall.Refund(id)));
  }

  @Test
  void aWrongPreimageIsABadProof() throws Exception {
    LockId id = opened();
    Preimage wrong = Preimage.random(DeterministicRandom.fromSeed(18));
    assertEquals(Reason.BAD_PROOF, refused(RECIPIENT, new HtlcCall.Claim(id, wrong)));
    // The hashlock itself is no preimage of itself either.
    assertEquals(
        Reason.BAD_PROOF,
        refused(RECIPIENT, new HtlcCall.Claim(id, new Preimage(secret.hashlock().toBytes()))));
  }

  @Test
  void onlyTheRecipientClaimsAndOnlyTheSenderRefunds() throws Exception {
    LockId id = opened();
    assertEquals(Reason.NOT_AUTHORIZED, refused(OTHER, new HtlcCall.Claim(id, secret)));
    assertEquals(Reason.NOT_AUTHORIZED, refused(SENDER, new HtlcCall.Claim(id, secret)));
    advance(10);
    assertEquals(Reason.NOT_AUTHORIZED, refused(OTHER, new HtlcCall.Refund(id)));
    assertEquals(Reason.NOT_AUTHORIZED, refused(RECIPIENT, new HtlcCall.Refund(id)));
  }

  @Test
  void aClaimAfterExpiryIsRefused() throws Exception {
    LockId id = opened();
    advance(10); // block 11: expired
    assertEquals(Reason.BAD_TIME, refused(RECIPIENT, new HtlcCall.Claim(id, secret)));
    advance(100);
    assertEquals(Reason.BAD_TIME, refused(RECIPIENT, new HtlcCall.Claim(id, secret)));
  }

  @Test
  void theSenderRefundsAfterExpiry() throws Exception {
    LockId id = opened();
    advance(10); // block 11
    Amount supply = ledger.supply();
    call(SENDER, new HtlcCall.Refund(id));
    assertEquals(Amount.ofBaseUnits(START), ledger.balance(Keys.address(SENDER)));
    assertEquals(Amount.ZERO, ledger.balance(ESCROW));
    assertEquals(supply, ledger.supply());
    assertEquals(HtlcStatus.REFUNDED, lock(id).status());
    assertEquals(11, lock(id).settledBlock());
    assertTrue(HtlcContract.revealedPreimage(entries(), id).isEmpty());
    assertEquals(Reason.DUPLICATE, refused(RECIPIENT, new HtlcCall.Claim(id, secret)));
    assertEquals(Reason.DUPLICATE, refused(SENDER, new HtlcCall.Refund(id)));
  }

  @Test
  void aRefundBeforeExpiryIsRefused() throws Exception {
    LockId id = opened();
    assertEquals(Reason.BAD_TIME, refused(SENDER, new HtlcCall.Refund(id)));
    advance(9); // block 10, the last claimable one
    assertEquals(Reason.BAD_TIME, refused(SENDER, new HtlcCall.Refund(id)));
  }

  @Test
  void timeTimelocksFollowTheBlockTime() throws Exception {
    long expiry = ledger.blockTimeMillis() + 3_000; // three blocks from now
    call(
        SENDER,
        new HtlcCall.Lock(
            Keys.address(RECIPIENT), AMOUNT, secret.hashlock(), new Timelock.AtTime(expiry), 7));
    LockId id = LockId.of(Keys.address(SENDER), 7);
    advance(2);
    assertEquals(Reason.BAD_TIME, refused(SENDER, new HtlcCall.Refund(id)));
    advance(1);
    assertEquals(expiry, ledger.blockTimeMillis());
    assertEquals(Reason.BAD_TIME, refused(RECIPIENT, new HtlcCall.Claim(id, secret)));
    call(SENDER, new HtlcCall.Refund(id));
    assertEquals(HtlcStatus.REFUNDED, lock(id).status());
  }

  @Test
  void anUnknownIdIsNotFound() {
    LockId unknown = LockId.of(Keys.address(SENDER), 99);
    assertEquals(Reason.NOT_FOUND, refused(RECIPIENT, new HtlcCall.Claim(unknown, secret)));
    assertEquals(Reason.NOT_FOUND, refused(SENDER, new HtlcCall.Refund(unknown)));
  }

  @Test
  void aPreimageOfTheWrongLengthIsMalformed() throws Exception {
    LockId id = opened();
    for (int size : new int[] {0, 1, 31, 33, 64}) {
      assertThrows(IllegalArgumentException.class, () -> new Preimage(Bytes.of(new byte[size])));
      Bytes input =
          Bytes.of(
              LedgerContractsProto.HtlcCall.newBuilder()
                  .setClaim(
                      LedgerContractsProto.HtlcClaim.newBuilder()
                          .setLock(ApiTypesCodec.toProto(id.value()))
                          .setPreimage(ByteString.copyFrom(new byte[size])))
                  .build()
                  .toByteArray());
      assertEquals(Reason.MALFORMED, refused(RECIPIENT, input), "size " + size);
    }
    // A 33-byte value whose first 32 bytes are the secret is still refused.
    Bytes longer =
        Bytes.of(
            LedgerContractsProto.HtlcCall.newBuilder()
                .setClaim(
                    LedgerContractsProto.HtlcClaim.newBuilder()
                        .setLock(ApiTypesCodec.toProto(id.value()))
                        .setPreimage(
                            ByteString.copyFrom(
                                secret.value().concat(Bytes.of(new byte[1])).toByteArray())))
                .build()
                .toByteArray());
    assertEquals(Reason.MALFORMED, refused(RECIPIENT, longer));
    assertTrue(lock(id).isOpen());
  }

  @Test
  void theSenderCannotLockMoreThanItHolds() {
    HtlcCall.Lock tooMuch =
        new HtlcCall.Lock(
            Keys.address(RECIPIENT),
            Amount.ofBaseUnits(START + 1),
            secret.hashlock(),
            new Timelock.AtHeight(9),
            1);
    assertEquals(Reason.INSUFFICIENT_FUNDS, refused(SENDER, tooMuch));
  }

  @Test
  void theContractAccountCannotBeTheRecipient() {
    HtlcCall.Lock toEscrow =
        new HtlcCall.Lock(ESCROW, AMOUNT, secret.hashlock(), new Timelock.AtHeight(9), 1);
    assertEquals(Reason.CONTRACT_RULE, refused(SENDER, toEscrow));
  }

  @Test
  void theEscrowHoldsExactlyTheOpenLocks() throws Exception {
    call(SENDER, lockAtHeight(20, 1));
    call(SENDER, lockAtHeight(5, 2));
    call(OTHER, lockAtHeight(20, 1));
    assertEquals(AMOUNT.times(3), ledger.balance(ESCROW));
    call(RECIPIENT, new HtlcCall.Claim(LockId.of(Keys.address(SENDER), 1), secret));
    assertEquals(AMOUNT.times(2), ledger.balance(ESCROW));
    advance(4);
    call(SENDER, new HtlcCall.Refund(LockId.of(Keys.address(SENDER), 2)));
    assertEquals(AMOUNT, ledger.balance(ESCROW));
    assertEquals(Amount.ofBaseUnits(3 * START), ledger.supply());
  }
}
