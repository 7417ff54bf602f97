package org.cybervein.ledger.contract.btcswap;

import static org.cybervein.ledger.contract.btcswap.BitcoinFixtures.REAL_SCRIPT;
import static org.cybervein.ledger.contract.btcswap.BitcoinFixtures.REAL_VALUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.BtcSwapProto;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.chain.ChainEntry;
import org.cybervein.bitcoin.header.BlockHeader;
import org.cybervein.bitcoin.merkle.TxMerkleProof;
import org.cybervein.bitcoin.merkle.TxMerkleTree;
import org.cybervein.bitcoin.script.HtlcScript;
import org.cybervein.bitcoin.transaction.BitcoinTransaction;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.TestLedger;
import org.cybervein.ledger.contract.btcrelay.BitcoinRelay;
import org.cybervein.ledger.contract.htlc.Timelock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The swap contract's rules, on the real mainnet headers and transaction of the vectors where a
 * real payment will do, and on regtest-like blocks mined around chosen outputs where it will not.
 */
class BtcSwapContractTest {
  private static final int SELLER = 1;
  private static final int BUYER = 2;
  private static final int RELAYER = 3;
  private static final Amount START = Amount.ofCvt(100);
  private static final Amount PRICE = Amount.ofCvt(20);

  private final BtcSwapContract swaps = new BtcSwapContract();
  private TestLedger ledger;

  @BeforeEach
  void fund() {
    ledger = new TestLedger();
    for (int k : new int[] {SELLER, BUYER, RELAYER}) {
      ledger.fund(Keys.address(k), START);
    }
  }

  // ---------------------------------------------------------------- helpers

  private void feedMainnet(BitcoinRelay relay, int upTo) throws InvalidLedgerInputException {
    ledger.call(
        relay,
        Keys.key(RELAYER),
        BitcoinRelay.submitHeadersCall(BitcoinFixtures.mainnetHeaders().subList(1, upTo)));
  }

  private SwapId lock(BtcPayment payment, int k, long earliest, Timelock timelock, long nonce)
      throws InvalidLedgerInputException {
    BtcSwapCall.Lock call =
        new BtcSwapCall.Lock(Keys.address(BUYER), PRICE, payment, k, earliest, timelock, nonce);
    ledger.call(swaps, Keys.key(SELLER), call.encode());
    return call.idFor(Keys.address(SELLER));
  }

  private SwapId lockRealOutput(int k, long nonce) throws InvalidLedgerInputException {
    return lock(new BtcPayment(REAL_VALUE, REAL_SCRIPT), k, 0, new Timelock.AtHeight(100), nonce);
  }

  private static BtcSwapCall.Release realRelease(SwapId id) {
    return new BtcSwapCall.Release(
        id,
        BitcoinFixtures.realTransaction(),
        0,
        BitcoinFixtures.mainnetHeaders().get(0).hash(),
        BitcoinFixtures.realProof());
  }

  private void call(int who, Bytes input) throws InvalidLedgerInputException {
    ledger.call(swaps, Keys.key(who), input);
  }

  /** The call is refused with a reason, and no entry or balance changed. */
  private Reason refusal(int who, Bytes input) {
    String before = ledger.fingerprint();
    Reason r = assertThrows(InvalidLedgerInputException.class, () -> call(who, input)).reason();
    assertEquals(before, ledger.fingerprint(), "a refused call leaves no trace");
    return r;
  }

  private BtcSwap swap(SwapId id) {
    return BtcSwapContract.swap(ledger.entries(BtcSwapContract.ID), id).orElseThrow();
  }

  private Amount balance(int who) {
    return ledger.balance(Keys.address(who));
  }

  private Amount held() {
    return ledger.balance(BtcSwapContract.ID.account());
  }

  private void assertSupply() {
    assertEquals(START.times(3), ledger.supply(), "CVT is neither made nor lost");
  }

  // ---------------------------------------------------------------- lock

  @Test
  void lockMovesTheAmountIntoTheContractAndRecordsTheTerms() throws Exception {
    SwapId id = lockRealOutput(6, 7);
    assertEquals(START.minus(PRICE), balance(SELLER));
    assertEquals(PRICE, held());
    BtcSwap s = swap(id);
    assertEquals(SwapStatus.OPEN, s.status());
    assertEquals(Keys.address(SELLER), s.seller());
    assertEquals(Keys.address(BUYER), s.buyer());
    assertEquals(new BtcPayment(REAL_VALUE, REAL_SCRIPT), s.payment());
    assertEquals(6, s.confirmations());
    assertEquals(SwapId.of(Keys.address(SELLER), 7), id);
    assertEquals(ledger.blockIndex(), s.lockedBlock());
    assertEquals(Optional.empty(), s.paidBy());
    // The same nonce again, even for other terms.
    assertEquals(
        Reason.DUPLICATE,
        refusal(
            SELLER,
            new BtcSwapCall.Lock(
                    Keys.address(BUYER),
                    Amount.ofCvt(1),
                    new BtcPayment(1, REAL_SCRIPT),
                    1,
                    0,
                    new Timelock.AtHeight(50),
                    7)
                .encode()));
    assertSupply();
  }

  @Test
  void lockRefusesAZeroAmountAnExpiredTimelockAndBadTerms() throws Exception {
    BtcSwapProto.BtcSwapLock good =
        BtcSwapProto.BtcSwapCall.parseFrom(
                new BtcSwapCall.Lock(
                        Keys.address(BUYER),
                        PRICE,
                        new BtcPayment(REAL_VALUE, REAL_SCRIPT),
                        6,
                        0,
                        new Timelock.AtHeight(100),
                        1)
                    .encode()
                    .toByteArray())
            .getLock();
    assertEquals(Reason.MALFORMED, refusal(SELLER, lockInput(good.toBuilder().setAmount(zero()))));
    assertEquals(
        Reason.MALFORMED, refusal(SELLER, lockInput(good.toBuilder().setValueSatoshis(0))));
    assertEquals(
        Reason.MALFORMED,
        refusal(SELLER, lockInput(good.toBuilder().setValueSatoshis(2_100_000_000_000_001L))));
    assertEquals(
        Reason.MALFORMED,
        refusal(SELLER, lockInput(good.toBuilder().setOutputScript(ByteString.EMPTY))));
    assertEquals(
        Reason.MALFORMED, refusal(SELLER, lockInput(good.toBuilder().setConfirmations(0))));
    assertEquals(
        Reason.MALFORMED, refusal(SELLER, lockInput(good.toBuilder().setConfirmations(1001))));
    assertEquals(Reason.MALFORMED, refusal(SELLER, lockInput(good.toBuilder().clearTimelock())));
    assertEquals(Reason.MALFORMED, refusal(SELLER, lockInput(good.toBuilder().clearBuyer())));
    // A timelock that has expired in the locking block (block 1 here).
    assertEquals(
        Reason.BAD_TIME,
        refusal(
            SELLER,
            new BtcSwapCall.Lock(
                    Keys.address(BUYER),
                    PRICE,
                    new BtcPayment(REAL_VALUE, REAL_SCRIPT),
                    6,
                    0,
                    new Timelock.AtHeight(ledger.blockIndex()),
                    1)
                .encode()));
    assertEquals(
        Reason.CONTRACT_RULE,
        refusal(
            SELLER,
            new BtcSwapCall.Lock(
                    BtcSwapContract.ID.account(),
                    PRICE,
                    new BtcPayment(REAL_VALUE, REAL_SCRIPT),
                    6,
                    0,
                    new Timelock.AtHeight(100),
                    1)
                .encode()));
    assertEquals(
        Reason.INSUFFICIENT_FUNDS,
        refusal(
            SELLER,
            new BtcSwapCall.Lock(
                    Keys.address(BUYER),
                    START.plus(Amount.ofBaseUnits(1)),
                    new BtcPayment(REAL_VALUE, REAL_SCRIPT),
                    6,
                    0,
                    new Timelock.AtHeight(100),
                    1)
                .encode()));
    assertEquals(0, ledger.entryCount(BtcSwapContract.ID));
    assertSupply();
  }

  private static org.cybervein.api.wire.v1.TypesProto.Amount zero() {
    return ApiTypesCodec.toProto(Amount.ZERO);
  }

  private static Bytes lockInput(BtcSwapProto.BtcSwapLock.Builder lock) {
    return Bytes.of(BtcSwapProto.BtcSwapCall.newBuilder().setLock(lock).build().toByteArray());
  }

  // ---------------------------------------------------------------- release on mainnet data

  @Test
  void aRealMainnetPaymentWithSixConfirmationsReleasesTheCvtToTheBuyer() throws Exception {
    BitcoinRelay relay = BitcoinFixtures.mainnetRelay();
    feedMainnet(relay, 7); // the paying block now has 7 confirmations
    SwapId id = lockRealOutput(6, 1);
    ledger.nextBlock();
    // Anyone may submit the proof: the relayer does; the buyer is paid.
    call(RELAYER, realRelease(id).encode());
    assertEquals(START.plus(PRICE), balance(BUYER));
    assertEquals(START, balance(RELAYER));
    assertEquals(Amount.ZERO, held());
    BtcSwap s = swap(id);
    assertEquals(SwapStatus.RELEASED, s.status());
    assertEquals(ledger.blockIndex(), s.settledBlock());
    BitcoinOutpoint paid = new BitcoinOutpoint(BitcoinFixtures.realTransaction().txid(), 0);
    assertEquals(Optional.of(paid), s.paidBy());
    assertEquals(
        Optional.of(id), BtcSwapContract.releasedBy(ledger.entries(BtcSwapContract.ID), paid));
    // Settled: no second release, no refund even after expiry.
    assertEquals(Reason.DUPLICATE, refusal(RELAYER, realRelease(id).encode()));
    while (ledger.blockIndex() < 100) {
      ledger.nextBlock();
    }
    assertEquals(Reason.DUPLICATE, refusal(SELLER, new BtcSwapCall.Refund(id).encode()));
    assertSupply();
  }

  @Test
  void tooFewConfirmationsAreRefusedUntilTheRelayIsFedMore() throws Exception {
    BitcoinRelay relay = BitcoinFixtures.mainnetRelay();
    feedMainnet(relay, 5); // 5 confirmations
    SwapId id = lockRealOutput(6, 1);
    assertEquals(Reason.CONTRACT_RULE, refusal(RELAYER, realRelease(id).encode()));
    feedMainnet(relay, 6); // 6
    SwapId deeper = lockRealOutput(8, 2);
    assertEquals(Reason.CONTRACT_RULE, refusal(RELAYER, realRelease(deeper).encode()));
    call(RELAYER, realRelease(id).encode());
    assertEquals(SwapStatus.RELEASED, swap(id).status());
    assertSupply();
  }

  @Test
  void aProofAgainstABlockNotOnTheBestChainIsRefused() throws Exception {
    BitcoinRelay relay = BitcoinFixtures.mainnetRelay();
    feedMainnet(relay, 7);
    SwapId id = lockRealOutput(1, 1);
    BitcoinTransaction tx = BitcoinFixtures.realTransaction();
    TxMerkleProof proof = BitcoinFixtures.realProof();
    List<BlockHeader> headers = BitcoinFixtures.mainnetHeaders();
    // A block the relay never saw.
    assertEquals(
        Reason.NOT_FOUND,
        refusal(
            RELAYER,
            new BtcSwapCall.Release(id, tx, 0, Hash256.of(Bytes.utf8("no block")), proof)
                .encode()));
    // A block on the best chain that does not hold the transaction.
    assertEquals(
        Reason.BAD_PROOF,
        refusal(
            RELAYER, new BtcSwapCall.Release(id, tx, 0, headers.get(1).hash(), proof).encode()));
    // The right block with a proof for another position.
    TxMerkleProof shifted = new TxMerkleProof(proof.index() ^ 1, proof.siblings());
    assertEquals(
        Reason.BAD_PROOF,
        refusal(
            RELAYER, new BtcSwapCall.Release(id, tx, 0, headers.get(0).hash(), shifted).encode()));
    assertEquals(SwapStatus.OPEN, swap(id).status());
    assertSupply();
  }

  @Test
  void aPaymentOnABranchTheRelayLeftNoLongerReleases() throws Exception {
    ChainEntry cp = BitcoinFixtures.regtestCheckpoint();
    BitcoinRelay relay = BitcoinFixtures.regtestRelay(cp);
    Bytes script = Bytes.fromHex("0014" + "ab".repeat(20));
    BitcoinTransaction pay = BitcoinFixtures.payment(5_000, script, 1);
    ChainEntry b1 = BitcoinFixtures.mine(cp, List.of(pay), 0);
    List<ChainEntry> main = new ArrayList<>(List.of(b1));
    main.addAll(BitcoinFixtures.branch(b1, 2, 0));
    ledger.call(
        relay, Keys.key(RELAYER), BitcoinRelay.submitHeadersCall(BitcoinFixtures.headers(main)));
    // A heavier branch from the checkpoint without the payment takes over.
    List<ChainEntry> fork = BitcoinFixtures.branch(cp, 4, 1);
    ledger.call(
        relay, Keys.key(RELAYER), BitcoinRelay.submitHeadersCall(BitcoinFixtures.headers(fork)));
    SwapId id = lock(new BtcPayment(5_000, script), 1, 0, new Timelock.AtHeight(100), 1);
    TxMerkleProof proof = TxMerkleTree.proof(BitcoinFixtures.txids(cp, List.of(pay), 0), 1);
    Bytes release = new BtcSwapCall.Release(id, pay, 1, b1.hash(), proof).encode();
    assertEquals(Reason.NOT_FOUND, refusal(RELAYER, release));
    // The first branch wins back with more work: the same proof releases.
    ChainEntry oldTip = main.get(main.size() - 1);
    ledger.call(
        relay,
        Keys.key(RELAYER),
        BitcoinRelay.submitHeadersCall(
            BitcoinFixtures.headers(BitcoinFixtures.branch(oldTip, 2, 0))));
    call(RELAYER, release);
    assertEquals(SwapStatus.RELEASED, swap(id).status());
    assertSupply();
  }

  @Test
  void theWrongValueOrScriptIsRefused() throws Exception {
    BitcoinRelay relay = BitcoinFixtures.mainnetRelay();
    feedMainnet(relay, 7);
    SwapId oneSatMore =
        lock(new BtcPayment(REAL_VALUE + 1, REAL_SCRIPT), 6, 0, new Timelock.AtHeight(100), 1);
    assertEquals(Reason.CONTRACT_RULE, refusal(RELAYER, realRelease(oneSatMore).encode()));
    Bytes otherScript = Bytes.fromHex("0020" + "a4".repeat(32));
    SwapId elsewhere =
        lock(new BtcPayment(REAL_VALUE, otherScript), 6, 0, new Timelock.AtHeight(100), 2);
    assertEquals(Reason.CONTRACT_RULE, refusal(RELAYER, realRelease(elsewhere).encode()));
    // The right terms, but naming output 1 (the OP_RETURN) or an output that does not exist.
    SwapId right = lockRealOutput(6, 3);
    BtcSwapCall.Release r = realRelease(right);
    assertEquals(
        Reason.CONTRACT_RULE,
        refusal(
            RELAYER,
            new BtcSwapCall.Release(right, r.transaction(), 1, r.blockHash(), r.proof()).encode()));
    assertEquals(
        Reason.MALFORMED,
        refusal(
            RELAYER,
            new BtcSwapCall.Release(right, r.transaction(), 2, r.blockHash(), r.proof()).encode()));
    // A lower agreed value is paid by the larger output.
    SwapId less =
        lock(new BtcPayment(REAL_VALUE - 1, REAL_SCRIPT), 6, 0, new Timelock.AtHeight(100), 4);
    call(RELAYER, realRelease(less).encode());
    assertEquals(SwapStatus.RELEASED, swap(less).status());
    assertSupply();
  }

  @Test
  void aPaymentBelowTheSwapsEarliestBitcoinHeightIsRefused() throws Exception {
    BitcoinRelay relay = BitcoinFixtures.mainnetRelay();
    feedMainnet(relay, 7);
    SwapId late =
        lock(
            new BtcPayment(REAL_VALUE, REAL_SCRIPT),
            1,
            BitcoinFixtures.CHECKPOINT_HEIGHT + 1,
            new Timelock.AtHeight(100),
            1);
    assertEquals(Reason.CONTRACT_RULE, refusal(RELAYER, realRelease(late).encode()));
    SwapId exact =
        lock(
            new BtcPayment(REAL_VALUE, REAL_SCRIPT),
            1,
            BitcoinFixtures.CHECKPOINT_HEIGHT,
            new Timelock.AtHeight(100),
            2);
    call(RELAYER, realRelease(exact).encode());
    assertEquals(SwapStatus.RELEASED, swap(exact).status());
  }

  @Test
  void oneBitcoinOutputReleasesAtMostOneSwap() throws Exception {
    BitcoinRelay relay = BitcoinFixtures.mainnetRelay();
    feedMainnet(relay, 7);
    SwapId first = lockRealOutput(6, 1);
    SwapId second = lockRealOutput(6, 2);
    call(RELAYER, realRelease(first).encode());
    assertEquals(Reason.DUPLICATE, refusal(BUYER, realRelease(second).encode()));
    assertEquals(SwapStatus.OPEN, swap(second).status());
    assertEquals(PRICE, held());
    // The seller gets the second lock back after its timelock.
    while (ledger.blockIndex() < 100) {
      ledger.nextBlock();
    }
    call(SELLER, new BtcSwapCall.Refund(second).encode());
    assertEquals(START.minus(PRICE), balance(SELLER));
    assertEquals(Amount.ZERO, held());
    assertSupply();
  }

  @Test
  void twoOutputsOfOneTransactionReleaseTwoSwaps() throws Exception {
    ChainEntry cp = BitcoinFixtures.regtestCheckpoint();
    BitcoinRelay relay = BitcoinFixtures.regtestRelay(cp);
    Bytes script = Bytes.fromHex("0014" + "cd".repeat(20));
    // payment() also pays 1000 sat to this script in its output 0.
    BitcoinTransaction pay = BitcoinFixtures.payment(1_000, script, 2);
    ChainEntry b1 = BitcoinFixtures.mine(cp, List.of(pay), 0);
    ledger.call(relay, Keys.key(RELAYER), BitcoinRelay.submitHeadersCall(List.of(b1.header())));
    TxMerkleProof proof = TxMerkleTree.proof(BitcoinFixtures.txids(cp, List.of(pay), 0), 1);
    SwapId a = lock(new BtcPayment(1_000, script), 1, 0, new Timelock.AtHeight(100), 1);
    SwapId b = lock(new BtcPayment(1_000, script), 1, 0, new Timelock.AtHeight(100), 2);
    call(RELAYER, new BtcSwapCall.Release(a, pay, 0, b1.hash(), proof).encode());
    assertEquals(
        Reason.DUPLICATE,
        refusal(RELAYER, new BtcSwapCall.Release(b, pay, 0, b1.hash(), proof).encode()));
    call(RELAYER, new BtcSwapCall.Release(b, pay, 1, b1.hash(), proof).encode());
    assertEquals(START.plus(PRICE.times(2)), balance(BUYER));
    assertSupply();
  }

  @Test
  void aPaymentToABip199HtlcReleasesOnSyntheticBlocks() throws Exception {
    ChainEntry cp = BitcoinFixtures.regtestCheckpoint();
    BitcoinRelay relay = BitcoinFixtures.regtestRelay(cp);
    HtlcScript htlc =
        new HtlcScript(
            Hash.ZERO.toBytes(),
            Bytes.fromHex("11".repeat(20)),
            800_000,
            Bytes.fromHex("22".repeat(20)));
    BitcoinTransaction pay = BitcoinFixtures.payment(250_000, htlc.p2wshOutputScript(), 3);
    ChainEntry b1 = BitcoinFixtures.mine(cp, List.of(pay), 0);
    List<ChainEntry> chain = new ArrayList<>(List.of(b1));
    chain.addAll(BitcoinFixtures.branch(b1, 2, 0));
    ledger.call(
        relay, Keys.key(RELAYER), BitcoinRelay.submitHeadersCall(BitcoinFixtures.headers(chain)));
    SwapId p2wsh =
        lock(new BtcPayment(250_000, htlc.p2wshOutputScript()), 3, 1, new Timelock.AtHeight(9), 1);
    SwapId p2sh =
        lock(new BtcPayment(250_000, htlc.p2shOutputScript()), 3, 1, new Timelock.AtHeight(9), 2);
    TxMerkleProof proof = TxMerkleTree.proof(BitcoinFixtures.txids(cp, List.of(pay), 0), 1);
    assertEquals(List.of(1), htlc.fundingOutputs(pay));
    assertEquals(
        Reason.CONTRACT_RULE,
        refusal(RELAYER, new BtcSwapCall.Release(p2sh, pay, 1, b1.hash(), proof).encode()));
    call(RELAYER, new BtcSwapCall.Release(p2wsh, pay, 1, b1.hash(), proof).encode());
    assertEquals(SwapStatus.RELEASED, swap(p2wsh).status());
    assertSupply();
  }

  // ---------------------------------------------------------------- refund and timelock

  @Test
  void refundOnlyBySellerAndOnlyAfterTheTimelock() throws Exception {
    BitcoinRelay relay = BitcoinFixtures.mainnetRelay();
    feedMainnet(relay, 7);
    SwapId id = lock(new BtcPayment(REAL_VALUE, REAL_SCRIPT), 6, 0, new Timelock.AtHeight(4), 1);
    Bytes refund = new BtcSwapCall.Refund(id).encode();
    assertEquals(Reason.BAD_TIME, refusal(SELLER, refund));
    ledger.nextBlock();
    ledger.nextBlock(); // block 3, the last one before expiry
    assertEquals(Reason.BAD_TIME, refusal(SELLER, refund));
    ledger.nextBlock(); // block 4: expired
    assertEquals(Reason.NOT_AUTHORIZED, refusal(BUYER, refund));
    // Expired: the proof no longer releases, even a valid one.
    assertEquals(Reason.BAD_TIME, refusal(RELAYER, realRelease(id).encode()));
    call(SELLER, refund);
    assertEquals(START, balance(SELLER));
    assertEquals(SwapStatus.REFUNDED, swap(id).status());
    assertEquals(Reason.DUPLICATE, refusal(SELLER, refund));
    assertEquals(Reason.DUPLICATE, refusal(RELAYER, realRelease(id).encode()));
    assertSupply();
  }

  @Test
  void aTimeTimelockExpiresWithTheBlockTime() throws Exception {
    long expiry = ledger.blockTimeMillis() + 2_000;
    SwapId id = lock(new BtcPayment(REAL_VALUE, REAL_SCRIPT), 6, 0, new Timelock.AtTime(expiry), 1);
    ledger.nextBlock();
    assertEquals(Reason.BAD_TIME, refusal(SELLER, new BtcSwapCall.Refund(id).encode()));
    ledger.nextBlock();
    call(SELLER, new BtcSwapCall.Refund(id).encode());
    assertEquals(SwapStatus.REFUNDED, swap(id).status());
  }

  @Test
  void anUnknownSwapIsNotFound() throws Exception {
    BitcoinRelay relay = BitcoinFixtures.mainnetRelay();
    feedMainnet(relay, 7);
    SwapId unknown = SwapId.of(Keys.address(SELLER), 99);
    assertEquals(Reason.NOT_FOUND, refusal(RELAYER, realRelease(unknown).encode()));
    assertEquals(Reason.NOT_FOUND, refusal(SELLER, new BtcSwapCall.Refund(unknown).encode()));
    assertTrue(BtcSwapContract.swap(ledger.entries(BtcSwapContract.ID), unknown).isEmpty());
  }

  // ---------------------------------------------------------------- malformed input

  @Test
  void malformedTransactionOrProofBytesAreRefusedAndChangeNothing() throws Exception {
    BitcoinRelay relay = BitcoinFixtures.mainnetRelay();
    feedMainnet(relay, 7);
    SwapId id = lockRealOutput(6, 1);
    BtcSwapProto.BtcSwapRelease good =
        BtcSwapProto.BtcSwapCall.parseFrom(realRelease(id).encode().toByteArray()).getRelease();
    Bytes raw = BitcoinFixtures.realTransactionBytes();
    // The transaction: truncated, with a trailing byte, empty, oversized.
    assertEquals(
        Reason.MALFORMED,
        refusal(
            RELAYER,
            releaseInput(good.toBuilder().setTransaction(bs(raw.slice(0, raw.size() - 1))))));
    assertEquals(
        Reason.MALFORMED,
        refusal(
            RELAYER,
            releaseInput(good.toBuilder().setTransaction(bs(raw.concat(Bytes.fromHex("00")))))));
    assertEquals(
        Reason.MALFORMED,
        refusal(RELAYER, releaseInput(good.toBuilder().setTransaction(ByteString.EMPTY))));
    assertEquals(
        Reason.OVERSIZED,
        refusal(
            RELAYER,
            releaseInput(
                good.toBuilder()
                    .setTransaction(
                        ByteString.copyFrom(new byte[BtcSwapCall.MAX_TRANSACTION_SIZE + 1])))));
    // The proof: siblings not a multiple of 32 bytes, too deep, an index outside the depth.
    ByteString siblings = good.getMerkleSiblings();
    assertEquals(
        Reason.MALFORMED,
        refusal(RELAYER, releaseInput(good.toBuilder().setMerkleSiblings(siblings.substring(1)))));
    assertEquals(
        Reason.OVERSIZED,
        refusal(
            RELAYER,
            releaseInput(
                good.toBuilder()
                    .setMerkleSiblings(
                        ByteString.copyFrom(new byte[32 * (TxMerkleProof.MAX_DEPTH + 1)])))));
    assertEquals(
        Reason.BAD_PROOF,
        refusal(RELAYER, releaseInput(good.toBuilder().setMerkleIndex(1L << 40))));
    assertEquals(
        Reason.BAD_PROOF, refusal(RELAYER, releaseInput(good.toBuilder().setMerkleIndex(-1L))));
    // The block hash of 31 bytes, the swap id missing, an output index above 2^31.
    assertEquals(
        Reason.MALFORMED,
        refusal(
            RELAYER,
            releaseInput(good.toBuilder().setBlockHash(good.getBlockHash().substring(1)))));
    assertEquals(Reason.MALFORMED, refusal(RELAYER, releaseInput(good.toBuilder().clearSwap())));
    assertEquals(
        Reason.MALFORMED, refusal(RELAYER, releaseInput(good.toBuilder().setOutputIndex(-1))));
    // Bytes that are no call, an empty call, a call padded past the cap.
    assertEquals(Reason.MALFORMED, refusal(RELAYER, Bytes.fromHex("ffffffff")));
    assertEquals(Reason.MALFORMED, refusal(RELAYER, Bytes.EMPTY));
    assertEquals(
        Reason.OVERSIZED, refusal(RELAYER, Bytes.of(new byte[BtcSwapCall.MAX_ENCODED_SIZE + 1])));
    // The well-formed call still works afterwards.
    call(RELAYER, releaseInput(good.toBuilder()));
    assertEquals(SwapStatus.RELEASED, swap(id).status());
  }

  @Test
  void aSixtyFourByteTransactionIsRefusedAsAPossibleInnerNode() throws Exception {
    ChainEntry cp = BitcoinFixtures.regtestCheckpoint();
    BitcoinRelay relay = BitcoinFixtures.regtestRelay(cp);
    // version 4 + 1 input (41: empty script) + 1 output (8 + 1 + 4) + locktime 4 = 64 bytes.
    Bytes script = Bytes.fromHex("6a020102");
    BitcoinTransaction tiny =
        new BitcoinTransaction(
            1,
            List.of(
                new org.cybervein.bitcoin.transaction.TxInput(
                    Hash256.of(Bytes.utf8("x")), 0, Bytes.EMPTY, 0, List.of())),
            List.of(new org.cybervein.bitcoin.transaction.TxOutput(1, script)),
            0);
    assertEquals(64, tiny.encode().size());
    ChainEntry b1 = BitcoinFixtures.mine(cp, List.of(tiny), 0);
    ledger.call(relay, Keys.key(RELAYER), BitcoinRelay.submitHeadersCall(List.of(b1.header())));
    SwapId id = lock(new BtcPayment(1, script), 1, 0, new Timelock.AtHeight(100), 1);
    TxMerkleProof proof = TxMerkleTree.proof(BitcoinFixtures.txids(cp, List.of(tiny), 0), 1);
    assertEquals(
        Reason.BAD_PROOF,
        refusal(RELAYER, new BtcSwapCall.Release(id, tiny, 0, b1.hash(), proof).encode()));
  }

  @Test
  void callsRoundTripThroughTheirEncoding() throws Exception {
    SwapId id = SwapId.of(Keys.address(SELLER), 5);
    for (BtcSwapCall c :
        List.of(
            new BtcSwapCall.Lock(
                Keys.address(BUYER),
                PRICE,
                new BtcPayment(REAL_VALUE, REAL_SCRIPT),
                6,
                12,
                new Timelock.AtTime(1_800_000_000_000L),
                -3),
            realRelease(id),
            new BtcSwapCall.Refund(id))) {
      assertEquals(c, BtcSwapCall.decode(c.encode()));
    }
  }

  private static ByteString bs(Bytes b) {
    return ByteString.copyFrom(b.toByteArray());
  }

  private static Bytes releaseInput(BtcSwapProto.BtcSwapRelease.Builder r) {
    return Bytes.of(BtcSwapProto.BtcSwapCall.newBuilder().setRelease(r).build().toByteArray());
  }

  @SuppressWarnings("unused")
  private static Address address(int k) {
    return Keys.address(k);
  }
}
