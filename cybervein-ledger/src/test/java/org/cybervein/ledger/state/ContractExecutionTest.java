package org.cybervein.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.NativeContract;
import org.cybervein.ledger.testing.StateFixture;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.junit.jupiter.api.Test;

class ContractExecutionTest {
  static final ContractId ID = new ContractId("probe", 1);
  static final Bytes KEY = Bytes.utf8("k");
  static final Address PAYEE = StateFixture.address(5);
  static final Address MINER = StateFixture.address(7);

  /** A contract whose input's first byte says what to do, to probe the journal. */
  static final class Probe implements NativeContract {
    CallContext leaked;

    @Override
    public ContractId id() {
      return ID;
    }

    @Override
    public void call(CallContext ctx, Bytes input) throws InvalidLedgerInputException {
      int op = input.isEmpty() ? 0 : input.byteAt(0);
      switch (op) {
        case 1 -> ctx.storage().put(KEY, input.slice(1, input.size()));
        case 2 -> {
          ctx.storage().put(KEY, Bytes.utf8("written"));
          ctx.transferFromCaller(PAYEE, Amount.ofBaseUnits(100));
          ctx.payNetworkFee(Amount.ofBaseUnits(7));
          if (input.size() > 1) {
            throw new InvalidLedgerInputException(Reason.CONTRACT_RULE, "refused on purpose");
          }
        }
        case 3 -> {
          ctx.storage().put(KEY, Bytes.utf8("written"));
          throw new IllegalStateException("a contract bug");
        }
        case 4 -> leaked = ctx;
        case 5 -> {
          try {
            ctx.transferFromCaller(PAYEE, Amount.ofBaseUnits(Long.MAX_VALUE));
          } catch (InvalidLedgerInputException e) {
            ctx.storage().put(KEY, Bytes.utf8(e.reason().name()));
          }
        }
        case 6 -> ctx.storage().delete(KEY);
        case 7 -> {
          // Escrow: the caller pays 300 into the contract's account, the contract pays 100 out.
          ctx.transferFromCaller(ctx.contractAccount(), Amount.ofBaseUnits(300));
          ctx.transferFromContract(PAYEE, Amount.ofBaseUnits(100));
        }
        case 8 -> {
          // Overdraws its own account: refused, and a caught refusal leaves nothing behind.
          try {
            ctx.transferFromContract(PAYEE, Amount.ofBaseUnits(1_000_000));
          } catch (InvalidLedgerInputException e) {
            ctx.storage().put(KEY, Bytes.utf8(e.reason().name()));
          }
        }
        default -> throw new InvalidLedgerInputException(Reason.MALFORMED, "unknown op");
      }
    }
  }

  private final Probe probe = new Probe();
  private final LedgerState state =
      LedgerState.inMemory(StateFixture.genesis(2, 10_000), ContractRegistry.of(probe));

  private static SignedTransaction call(int from, long nonce, ContractId id, int... input) {
    byte[] in = new byte[input.length];
    for (int i = 0; i < input.length; i++) {
      in[i] = (byte) input[i];
    }
    return SignedTransaction.sign(
        new Transaction(
            StateFixture.key(from).publicKey(),
            nonce,
            Amount.ofBaseUnits(10),
            new ContractCall(id, Bytes.of(in))),
        StateFixture.key(from));
  }

  private static BlockContext block(long i) {
    return StateFixture.block(i, 0, MINER);
  }

  private Reason refusal(List<SignedTransaction> txs) {
    Hash root = state.root();
    InvalidLedgerInputException e =
        assertThrows(InvalidLedgerInputException.class, () -> state.apply(block(9), txs));
    assertEquals(root, state.root(), "a refused block leaves the root");
    return e.reason();
  }

  @Test
  void contractWritesLandInTheStateWithAProof() throws Exception {
    state.apply(block(1), List.of(call(0, 0, ID, 1, 42, 43)));
    assertEquals(Optional.of(Bytes.of(new byte[] {42, 43})), state.contractEntry(ID, KEY));
    Hash key = StateKeys.contractEntry(ID, KEY);
    assertTrue(state.prove(key).verify(state.root(), key, state.contractEntry(ID, KEY)));
  }

  @Test
  void aContractHoldsFundsInItsOwnAccountAndOnlyWhatItHolds() throws Exception {
    Address escrow = ID.account();
    state.apply(block(1), List.of(call(0, 0, ID, 7)));
    assertEquals(Amount.ofBaseUnits(200), state.account(escrow).balance());
    assertEquals(Amount.ofBaseUnits(100), state.account(PAYEE).balance());
    assertEquals(Amount.ofBaseUnits(20_000), state.totalSupply());
    Hash key = StateKeys.account(escrow);
    assertTrue(
        state
            .prove(key)
            .verify(state.root(), key, Optional.of(StateValues.account(state.account(escrow)))));
    state.apply(block(2), List.of(call(0, 1, ID, 8)));
    assertEquals(Optional.of(Bytes.utf8("INSUFFICIENT_FUNDS")), state.contractEntry(ID, KEY));
    assertEquals(Amount.ofBaseUnits(200), state.account(escrow).balance());
    assertEquals(Amount.ofBaseUnits(100), state.account(PAYEE).balance());
  }

  @Test
  void transfersAndNetworkFeesOfAContractAreKeptAndPaidToTheBlock() throws Exception {
    BlockEffects fx = state.apply(block(1), List.of(call(0, 0, ID, 2)));
    assertEquals(
        new Account(Amount.ofBaseUnits(10_000 - 10 - 100 - 7), 1),
        state.account(StateFixture.address(0)));
    assertEquals(Amount.ofBaseUnits(100), state.account(PAYEE).balance());
    assertEquals(Amount.ofBaseUnits(17), state.account(MINER).balance());
    assertEquals(Amount.ofBaseUnits(17), fx.fees());
    assertEquals(Amount.ofBaseUnits(20_000), state.totalSupply());
  }

  @Test
  void aRefusingContractRejectsTheBlockAndLeavesNoTrace() {
    assertEquals(Reason.CONTRACT_RULE, refusal(List.of(call(0, 0, ID, 2, 1))));
    assertEquals(Optional.empty(), state.contractEntry(ID, KEY));
    assertEquals(Account.EMPTY, state.account(PAYEE));
    assertEquals(0, state.account(StateFixture.address(0)).nonce());
  }

  @Test
  void aContractBugIsReportedAsAContractRuleRefusal() {
    assertEquals(Reason.CONTRACT_RULE, refusal(List.of(call(0, 0, ID, 3))));
  }

  @Test
  void unknownContractIsRefused() {
    assertEquals(
        Reason.UNKNOWN_CONTRACT, refusal(List.of(call(0, 0, new ContractId("probe", 2), 1, 1))));
  }

  @Test
  void selectionSkipsARefusedCallAndTheNextCallReusesItsNonce() throws Exception {
    SignedTransaction refused = call(0, 0, ID, 2, 1);
    SignedTransaction ok = call(0, 0, ID, 1, 9);
    List<SignedTransaction> chosen = state.selectApplicable(block(1), List.of(refused, ok));
    assertEquals(List.of(ok), chosen);
    state.apply(block(1), chosen);
    assertEquals(Optional.of(Bytes.of(new byte[] {9})), state.contractEntry(ID, KEY));
  }

  @Test
  void aFailedTransferInsideACallThatTheContractCatchesLeavesNothingHalfDone() throws Exception {
    state.apply(block(1), List.of(call(0, 0, ID, 5)));
    assertEquals(Optional.of(Bytes.utf8("INSUFFICIENT_FUNDS")), state.contractEntry(ID, KEY));
    assertEquals(Account.EMPTY, state.account(PAYEE));
  }

  @Test
  void aCallContextIsDeadAfterItsCall() throws Exception {
    state.apply(block(1), List.of(call(0, 0, ID, 4)));
    assertThrows(IllegalStateException.class, () -> probe.leaked.storage().get(KEY));
    assertThrows(
        IllegalStateException.class,
        () -> probe.leaked.transferFromCaller(PAYEE, Amount.ofBaseUnits(1)));
  }

  @Test
  void revertRemovesContractEntriesAndDeleteWorks() throws Exception {
    Hash root0 = state.root();
    BlockEffects fx1 = state.apply(block(1), List.of(call(0, 0, ID, 1, 1)));
    Hash root1 = state.root();
    BlockEffects fx2 = state.apply(block(2), List.of(call(1, 0, ID, 6)));
    assertEquals(Optional.empty(), state.contractEntry(ID, KEY));
    state.revert(fx2);
    assertEquals(root1, state.root());
    assertEquals(Optional.of(Bytes.of(new byte[] {1})), state.contractEntry(ID, KEY));
    state.revert(fx1);
    assertEquals(root0, state.root());
    assertEquals(Optional.empty(), state.contractEntry(ID, KEY));
  }
}
