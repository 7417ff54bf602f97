package org.cybervein.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.ledger.transaction.Transfer;
import org.junit.jupiter.api.Test;

class LedgerStateTransfersTest {
  private static final Amount FEE = Amount.ofBaseUnits(10);
  private final Ed25519PrivateKey alice = key(1);
  private final Ed25519PrivateKey bob = key(2);
  private final Address miner = Address.of(key(3).publicKey());

  static Ed25519PrivateKey key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[1] = (byte) (n >>> 8);
    return Ed25519PrivateKey.fromSeed(seed);
  }

  private LedgerState newState() {
    TreeMap<Address, Amount> alloc = new TreeMap<>();
    alloc.put(Address.of(alice.publicKey()), Amount.ofBaseUnits(1000));
    alloc.put(Address.of(bob.publicKey()), Amount.ofBaseUnits(500));
    return LedgerState.inMemory(new Genesis(alloc, FEE), ContractRegistry.empty());
  }

  private BlockContext block(long index, long reward) {
    return new BlockContext(
        index,
        1_000 * index,
        Amount.ofBaseUnits(reward),
        List.of(new RewardShare(miner, BigInteger.ONE)));
  }

  private SignedTransaction transfer(Ed25519PrivateKey from, long nonce, Address to, long amount) {
    return SignedTransaction.sign(
        new Transaction(from.publicKey(), nonce, FEE, new Transfer(to, Amount.ofBaseUnits(amount))),
        from);
  }

  @Test
  void transferMovesAmountAndPaysFeeAndRewardToContribution() throws Exception {
    LedgerState state = newState();
    Address bobAddr = Address.of(bob.publicKey());
    Hash before = state.root();
    BlockEffects fx = state.apply(block(1, 100), List.of(transfer(alice, 0, bobAddr, 300)));
    assertEquals(
        new Account(Amount.ofBaseUnits(690), 1), state.account(Address.of(alice.publicKey())));
    assertEquals(new Account(Amount.ofBaseUnits(800), 0), state.account(bobAddr));
    assertEquals(new Account(Amount.ofBaseUnits(110), 0), state.account(miner));
    assertEquals(Amount.ofBaseUnits(1600), state.totalSupply());
    assertEquals(before, fx.rootBefore());
    assertEquals(state.root(), fx.rootAfter());
    assertNotEquals(before, state.root());
    assertEquals(Amount.ofBaseUnits(10), fx.fees());
  }

  @Test
  void replayedTransactionIsRejectedAndStateUnchanged() throws Exception {
    LedgerState state = newState();
    SignedTransaction tx = transfer(alice, 0, Address.of(bob.publicKey()), 1);
    state.apply(block(1, 0), List.of(tx));
    Hash root = state.root();
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class, () -> state.apply(block(2, 0), List.of(tx)));
    assertEquals(Reason.BAD_NONCE, e.reason());
    assertEquals(root, state.root());
  }

  @Test
  void blockWithOneBadTransactionLeavesStateAsBefore() throws Exception {
    LedgerState state = newState();
    Hash root = state.root();
    Address bobAddr = Address.of(bob.publicKey());
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class,
            () ->
                state.apply(
                    block(1, 50),
                    List.of(transfer(alice, 0, bobAddr, 10), transfer(bob, 0, bobAddr, 10_000))));
    assertEquals(Reason.INSUFFICIENT_FUNDS, e.reason());
    assertEquals(root, state.root());
    assertEquals(0, state.account(Address.of(alice.publicKey())).nonce());
    assertEquals(Amount.ofBaseUnits(1500), state.totalSupply());
  }

  @Test
  void revertRestoresRootAndAccounts() throws Exception {
    LedgerState state = newState();
    Address aliceAddr = Address.of(alice.publicKey());
    Hash root = state.root();
    BlockEffects fx =
        state.apply(block(1, 7), List.of(transfer(alice, 0, Address.of(bob.publicKey()), 5)));
    state.revert(BlockEffects.decode(fx.encode()));
    assertEquals(root, state.root());
    assertEquals(new Account(Amount.ofBaseUnits(1000), 0), state.account(aliceAddr));
    assertEquals(Account.EMPTY, state.account(miner));
    assertThrows(IllegalStateException.class, () -> state.revert(fx));
  }

  @Test
  void revertRefusesUndoDataThatDoesNotLeadBackAndChangesNothing() throws Exception {
    LedgerState state = newState();
    BlockEffects fx =
        state.apply(block(1, 7), List.of(transfer(alice, 0, Address.of(bob.publicKey()), 5)));
    Hash root = state.root();
    BlockEffects partial =
        new BlockEffects(
            fx.blockIndex(),
            fx.rootBefore(),
            fx.rootAfter(),
            fx.fees(),
            fx.transactionCount(),
            fx.undo().subList(1, fx.undo().size()));
    assertThrows(IllegalStateException.class, () -> state.revert(partial));
    assertEquals(root, state.root());
    assertEquals(1, state.account(Address.of(alice.publicKey())).nonce());
    state.revert(fx);
    assertEquals(fx.rootBefore(), state.root());
  }

  @Test
  void selectApplicableSkipsFailingCandidates() throws Exception {
    LedgerState state = newState();
    Address bobAddr = Address.of(bob.publicKey());
    SignedTransaction good0 = transfer(alice, 0, bobAddr, 1);
    SignedTransaction gap = transfer(alice, 5, bobAddr, 1);
    SignedTransaction good1 = transfer(alice, 1, bobAddr, 1);
    Hash root = state.root();
    List<SignedTransaction> chosen =
        state.selectApplicable(block(1, 0), List.of(good0, gap, good0, good1));
    assertEquals(List.of(good0, good1), chosen);
    assertEquals(root, state.root());
    state.apply(block(1, 0), chosen);
  }

  @Test
  void proofsShowBalancesAndAbsence() throws Exception {
    LedgerState state = newState();
    Hash aliceKey = StateKeys.account(Address.of(alice.publicKey()));
    StateProof proof = state.prove(aliceKey);
    assertTrue(proof.verify(state.root(), aliceKey, state.value(aliceKey)));
    Hash minerKey = StateKeys.account(miner);
    assertTrue(state.prove(minerKey).verify(state.root(), minerKey, Optional.empty()));
  }
}
