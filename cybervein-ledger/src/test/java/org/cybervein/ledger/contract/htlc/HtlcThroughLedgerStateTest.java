package org.cybervein.ledger.contract.htlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.BlockEffects;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.state.StateProof;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hashed timelock contract run by the real ledger state: signed transactions in blocks, the
 * locked funds held in the contract's account within an unchanged supply, the revealed preimage
 * proved against a block's state root, and a reverted claim block undone exactly.
 */
class HtlcThroughLedgerStateTest {
  static final Amount TX_FEE = Amount.ofBaseUnits(10);
  static final long START = 10_000_000;
  static final Amount AMOUNT = Amount.ofBaseUnits(3_000_000);
  static final int SENDER = 1;
  static final int RECIPIENT = 2;
  static final int CONTRIBUTOR = 3;
  static final Address ESCROW = HtlcContract.ID.account();

  final Preimage secret = Preimage.random(DeterministicRandom.fromSeed(99));
  final Map<Integer, Long> nonces = new HashMap<>();
  LedgerState state;
  long blockIndex;

  @BeforeEach
  void genesis() {
    TreeMap<Address, Amount> alloc = new TreeMap<>();
    for (int i = 1; i <= 3; i++) {
      alloc.put(Keys.address(i), Amount.ofBaseUnits(START));
    }
    state =
        LedgerState.inMemory(new Genesis(alloc, TX_FEE), ContractRegistry.of(new HtlcContract()));
  }

  BlockContext nextBlock() {
    return new BlockContext(
        ++blockIndex,
        1_700_000_000_000L + blockIndex * 60_000,
        Amount.ZERO,
        List.of(new RewardShare(Keys.address(CONTRIBUTOR), BigInteger.ONE)));
  }

  SignedTransaction tx(int who, HtlcCall call) {
    long nonce = nonces.merge(who, 1L, Long::sum) - 1;
    Ed25519PrivateKey key = Keys.privateKey(who);
    return SignedTransaction.sign(
        new Transaction(
            key.publicKey(), nonce, TX_FEE, new ContractCall(HtlcContract.ID, call.encode())),
        key);
  }

  BlockEffects apply(SignedTransaction... txs) throws InvalidLedgerInputException {
    return state.apply(nextBlock(), List.of(txs));
  }

  Amount balance(Address a) {
    return state.account(a).balance();
  }

  Amount sumOfBalances() {
    Amount sum = balance(ESCROW);
    for (int i = 1; i <= 3; i++) {
      sum = sum.plus(balance(Keys.address(i)));
    }
    return sum;
  }

  LockId lock(long expiryIndex) throws InvalidLedgerInputException {
    apply(
        tx(
            SENDER,
            new HtlcCall.Lock(
                Keys.address(RECIPIENT),
                AMOUNT,
                secret.hashlock(),
                new Timelock.AtHeight(expiryIndex),
                1)));
    return LockId.of(Keys.address(SENDER), 1);
  }

  Optional<Htlc> read(LockId id) {
    return HtlcContract.lock(key -> state.contractEntry(HtlcContract.ID, key), id);
  }

  @Test
  void theRevealedPreimageIsProvedAgainstTheClaimingBlocksStateRoot() throws Exception {
    LockId id = lock(10);
    Hash rootBeforeClaim = state.root();
    apply(tx(RECIPIENT, new HtlcCall.Claim(id, secret)));
    Hash root = state.root();

    // The light client: the state root from the block header, a proof from any full node.
    StateProof proof = state.prove(HtlcContract.preimageStateKey(id));
    assertTrue(HtlcContract.provesPreimage(root, id, secret.hashlock(), secret, proof));
    // The proof shows those 32 bytes and no others, under that root and no other.
    Preimage other = Preimage.random(DeterministicRandom.fromSeed(100));
    assertFalse(HtlcContract.provesPreimage(root, id, other.hashlock(), other, proof));
    assertFalse(HtlcContract.provesPreimage(rootBeforeClaim, id, secret.hashlock(), secret, proof));
    assertFalse(
        HtlcContract.provesPreimage(
            root, LockId.of(Keys.address(SENDER), 2), secret.hashlock(), secret, proof));
    // Before the claim, the same key provably held nothing.
    Hash key = HtlcContract.preimageStateKey(id);
    assertTrue(state.prove(rootBeforeClaim, key).verify(rootBeforeClaim, key, Optional.empty()));

    // The lock's record, settled, is provable as well.
    Htlc claimed = read(id).orElseThrow();
    assertEquals(HtlcStatus.CLAIMED, claimed.status());
    assertTrue(HtlcContract.provesLock(root, claimed, state.prove(HtlcContract.lockStateKey(id))));
    Htlc open =
        new Htlc(
            id,
            claimed.sender(),
            claimed.recipient(),
            claimed.amount(),
            claimed.hashlock(),
            claimed.timelock(),
            claimed.lockedBlock(),
            HtlcStatus.OPEN,
            0);
    assertFalse(HtlcContract.provesLock(root, open, state.prove(HtlcContract.lockStateKey(id))));
    assertTrue(
        HtlcContract.provesLock(
            rootBeforeClaim, open, state.prove(rootBeforeClaim, HtlcContract.lockStateKey(id))));
  }

  @Test
  void lockedFundsAreHeldByTheContractAndTheSupplyIsUnchanged() throws Exception {
    Amount supply = state.totalSupply();
    LockId id = lock(3);
    assertEquals(AMOUNT, balance(ESCROW));
    assertEquals(Amount.ofBaseUnits(START - 10).minus(AMOUNT), balance(Keys.address(SENDER)));
    assertEquals(supply, state.totalSupply());
    assertEquals(supply, sumOfBalances());
    apply(); // block 2
    apply(tx(SENDER, new HtlcCall.Refund(id))); // block 3: expired
    assertEquals(Amount.ZERO, balance(ESCROW));
    assertEquals(Amount.ofBaseUnits(START - 20), balance(Keys.address(SENDER)));
    assertEquals(supply, state.totalSupply());
    assertEquals(supply, sumOfBalances());
    assertEquals(HtlcStatus.REFUNDED, read(id).orElseThrow().status());
  }

  @Test
  void aRevertedClaimBlockRestoresRootBalancesAndTheOpenLockExactly() throws Exception {
    LockId id = lock(10);
    Hash root = state.root();
    Amount recipient = balance(Keys.address(RECIPIENT));
    Amount contributor = balance(Keys.address(CONTRIBUTOR));
    BlockEffects claim = apply(tx(RECIPIENT, new HtlcCall.Claim(id, secret)));
    assertEquals(
        Optional.of(secret),
        HtlcContract.revealedPreimage(key -> state.contractEntry(HtlcContract.ID, key), id));

    state.revert(claim);
    assertEquals(root, state.root());
    assertEquals(recipient, balance(Keys.address(RECIPIENT)));
    assertEquals(contributor, balance(Keys.address(CONTRIBUTOR)));
    assertEquals(AMOUNT, balance(ESCROW));
    assertTrue(read(id).orElseThrow().isOpen());
    assertTrue(
        HtlcContract.revealedPreimage(key -> state.contractEntry(HtlcContract.ID, key), id)
            .isEmpty());
    assertEquals(state.totalSupply(), sumOfBalances());
  }

  @Test
  void aRefusedHtlcCallRejectsTheWholeBlockWithItsReason() throws Exception {
    LockId id = lock(10);
    Hash root = state.root();
    Preimage wrong = Preimage.random(DeterministicRandom.fromSeed(5));
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class,
            () -> apply(tx(RECIPIENT, new HtlcCall.Claim(id, wrong))));
    assertEquals(Reason.BAD_PROOF, e.reason());
    assertEquals(root, state.root());
  }
}
