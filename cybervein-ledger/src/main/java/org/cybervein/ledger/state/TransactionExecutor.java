package org.cybervein.ledger.state;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.store.StoreException;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.ContractStorage;
import org.cybervein.ledger.contract.NativeContract;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.ledger.transaction.Transfer;
import org.cybervein.storageproofs.poc.RewardSplit;

/**
 * Applies the transactions of one block to a {@link MutableState}, one at a time, then pays the
 * block's reward and fees ({@link #finish}).
 *
 * <h2>Rules of one transaction</h2>
 *
 * <ol>
 *   <li>The nonce must equal the sender account's nonce ({@code BAD_NONCE}) and be below {@link
 *       Long#MAX_VALUE}, so that the next one exists ({@code OVERFLOW}); the fee must be at least
 *       the minimum ({@code FEE_TOO_LOW}).
 *   <li>Transfer: the sender must hold amount plus fee ({@code INSUFFICIENT_FUNDS}; {@code
 *       OVERFLOW} if that sum or the receiver's balance overflows). The sender pays both and its
 *       nonce goes up by one; the receiver gets the amount.
 *   <li>Contract call: the contract must be registered ({@code UNKNOWN_CONTRACT}) and the sender
 *       must hold the fee ({@code INSUFFICIENT_FUNDS}). The sender pays the fee, its nonce goes up,
 *       then the contract runs with a {@link CallContext} whose storage writes, transfers and
 *       network fees go to the state's journal. If the contract throws {@link
 *       InvalidLedgerInputException} the exception propagates with its reason; if it throws any
 *       other {@link RuntimeException} (a contract bug, e.g. an oversized storage write) it is
 *       reported as {@code CONTRACT_RULE}; a {@link StoreException} propagates unchanged.
 * </ol>
 *
 * {@link #execute} is atomic: when it throws, the state and the collected fees are as they were
 * before the call.
 */
public final class TransactionExecutor {
  private final MutableState state;
  private final ContractRegistry registry;
  private final Amount minimumFee;
  private final BlockContext block;
  private Amount fees = Amount.ZERO;
  private int executed;
  private boolean finished;

  /**
   * An executor for one block.
   *
   * @param state the state to change
   * @param registry the native contracts
   * @param minimumFee the ledger's minimum transaction fee
   * @param block the block being applied
   */
  public TransactionExecutor(
      MutableState state, ContractRegistry registry, Amount minimumFee, BlockContext block) {
    this.state = Objects.requireNonNull(state, "state");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.minimumFee = Objects.requireNonNull(minimumFee, "minimumFee");
    this.block = Objects.requireNonNull(block, "block");
  }

  /**
   * Fees collected so far: transaction fees plus network fees paid by contracts.
   *
   * @return the fees of the transactions executed successfully so far, in base units; zero before
   *     the first
   */
  public Amount fees() {
    return fees;
  }

  /**
   * The number of transactions executed successfully so far.
   *
   * @return the count, zero or more; a transaction that threw is not counted
   */
  public int executedCount() {
    return executed;
  }

  /**
   * Executes one transaction, all or nothing.
   *
   * @param signed the transaction to run; its signature was checked when it was decoded or signed,
   *     and is not checked again
   * @throws InvalidLedgerInputException with the reason of the first rule it breaks (see the class
   *     documentation); nothing of it remains
   * @throws IllegalStateException after {@link #finish}
   */
  public void execute(SignedTransaction signed) throws InvalidLedgerInputException {
    Objects.requireNonNull(signed, "signed");
    checkNotFinished();
    int mark = state.savepoint();
    Amount feesBefore = fees;
    boolean done = false;
    try {
      run(signed);
      done = true;
      executed++;
    } finally {
      if (!done) {
        state.rollbackTo(mark);
        fees = feesBefore;
      }
    }
  }

  /**
   * Executes one transaction, all or nothing, and keeps it only if {@link #finish} would still
   * succeed after it: the check a block producer makes so that the transactions it chose can be
   * applied with the block's reward split.
   *
   * @param signed the transaction to run; its signature was checked when it was decoded or signed,
   *     and is not checked again
   * @throws InvalidLedgerInputException the transaction's reason (see {@link #execute}), or {@code
   *     OVERFLOW} if paying the block would fail with it; nothing of it remains
   * @throws IllegalStateException after {@link #finish}
   */
  public void executeKeepingBlockPayable(SignedTransaction signed)
      throws InvalidLedgerInputException {
    Objects.requireNonNull(signed, "signed");
    checkNotFinished();
    int mark = state.savepoint();
    Amount feesBefore = fees;
    int executedBefore = executed;
    execute(signed);
    if (!canFinish()) {
      state.rollbackTo(mark);
      fees = feesBefore;
      executed = executedBefore;
      throw new InvalidLedgerInputException(
          Reason.OVERFLOW, "paying the block's reward and fees would overflow with " + signed);
    }
  }

  /**
   * True if {@link #finish} would succeed now. Changes nothing: the payment is tried and rolled
   * back.
   *
   * @return true if minting the reward and paying reward plus fees to the contributions would
   *     overflow no balance and not the supply
   * @throws IllegalStateException after {@link #finish}
   */
  public boolean canFinish() {
    checkNotFinished();
    int mark = state.savepoint();
    try {
      pay();
      return true;
    } catch (InvalidLedgerInputException e) {
      return false;
    } finally {
      state.rollbackTo(mark);
    }
  }

  /**
   * Pays the block: mints the block reward and splits reward plus fees among the block's
   * contributions by weight ({@code RewardSplit.splitByWeights}). Call once, after the last
   * transaction; nothing of it remains if it throws.
   *
   * @throws InvalidLedgerInputException {@code OVERFLOW} if the supply or a balance would overflow
   * @throws IllegalStateException if called twice
   */
  public void finish() throws InvalidLedgerInputException {
    checkNotFinished();
    int mark = state.savepoint();
    boolean done = false;
    try {
      pay();
      done = true;
      finished = true;
    } finally {
      if (!done) {
        state.rollbackTo(mark);
      }
    }
  }

  private void pay() throws InvalidLedgerInputException {
    Amount pool = add(block.reward(), fees);
    Amount supply = readSupply();
    writeSupply(add(supply, block.reward()));
    List<BigInteger> weights = new ArrayList<>(block.contributions().size());
    for (RewardShare s : block.contributions()) {
      weights.add(s.weight());
    }
    List<Amount> parts = RewardSplit.splitByWeights(pool, weights);
    for (int i = 0; i < parts.size(); i++) {
      credit(block.contributions().get(i).to(), parts.get(i));
    }
  }

  private void run(SignedTransaction signed) throws InvalidLedgerInputException {
    Transaction tx = signed.transaction();
    Address sender = tx.senderAddress();
    Account account = account(sender);
    if (tx.nonce() != account.nonce()) {
      throw new InvalidLedgerInputException(
          Reason.BAD_NONCE, "nonce " + tx.nonce() + ", expected " + account.nonce());
    }
    if (account.nonce() == Long.MAX_VALUE) {
      // The nonce after this one would not exist: the account has sent all it ever can.
      throw new InvalidLedgerInputException(Reason.OVERFLOW, "the sender's nonces are used up");
    }
    if (!tx.fee().isAtLeast(minimumFee)) {
      throw new InvalidLedgerInputException(
          Reason.FEE_TOO_LOW, "fee " + tx.fee() + " below the minimum " + minimumFee);
    }
    if (tx.payload() instanceof Transfer t) {
      Amount total = add(t.amount(), tx.fee());
      debit(sender, account, total, true);
      credit(t.to(), t.amount());
      fees = add(fees, tx.fee());
    } else {
      ContractCall c = (ContractCall) tx.payload();
      NativeContract contract =
          registry
              .find(c.contract())
              .orElseThrow(
                  () ->
                      new InvalidLedgerInputException(
                          Reason.UNKNOWN_CONTRACT, "no contract " + c.contract()));
      debit(sender, account, tx.fee(), true);
      fees = add(fees, tx.fee());
      Context context = new Context(tx.sender(), sender, signed.id(), contract.id());
      try {
        contract.call(context, c.input());
      } catch (InvalidLedgerInputException | StoreException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new InvalidLedgerInputException(
            Reason.CONTRACT_RULE, "contract " + c.contract() + " failed: " + e, e);
      } finally {
        context.active = false;
      }
    }
  }

  /** Takes {@code amount} from {@code who}, whose state is {@code current}. */
  private void debit(Address who, Account current, Amount amount, boolean bumpNonce)
      throws InvalidLedgerInputException {
    if (!current.balance().isAtLeast(amount)) {
      throw new InvalidLedgerInputException(
          Reason.INSUFFICIENT_FUNDS, who + " holds " + current.balance() + ", needs " + amount);
    }
    writeAccount(
        who,
        new Account(
            current.balance().minus(amount), bumpNonce ? current.nonce() + 1 : current.nonce()));
  }

  private void credit(Address who, Amount amount) throws InvalidLedgerInputException {
    Account current = account(who);
    writeAccount(who, new Account(add(current.balance(), amount), current.nonce()));
  }

  private Account account(Address who) {
    Optional<Bytes> v = state.get(StateKeys.account(who));
    if (v.isEmpty()) {
      return Account.EMPTY;
    }
    try {
      return StateValues.decodeAccount(v.get());
    } catch (InvalidLedgerInputException e) {
      throw new StoreException("stored account of " + who + " is corrupt", e);
    }
  }

  private void writeAccount(Address who, Account account) {
    Hash key = StateKeys.account(who);
    if (account.isEmpty()) {
      state.delete(key);
    } else {
      state.put(key, StateValues.account(account));
    }
  }

  private Amount readSupply() {
    Optional<Bytes> v = state.get(StateKeys.totalSupply());
    if (v.isEmpty()) {
      return Amount.ZERO;
    }
    try {
      return StateValues.decodeSupply(v.get());
    } catch (InvalidLedgerInputException e) {
      throw new StoreException("stored supply is corrupt", e);
    }
  }

  private void writeSupply(Amount supply) {
    state.put(StateKeys.totalSupply(), StateValues.supply(supply));
  }

  private static Amount add(Amount a, Amount b) throws InvalidLedgerInputException {
    try {
      return a.plus(b);
    } catch (ArithmeticException e) {
      throw new InvalidLedgerInputException(Reason.OVERFLOW, a + " + " + b + " overflows", e);
    }
  }

  private void checkNotFinished() {
    if (finished) {
      throw new IllegalStateException("this block has been finished");
    }
  }

  /** The context of one contract call; dead once the call returns. */
  private final class Context implements CallContext, ContractStorage {
    private final PublicKey callerKey;
    private final Address caller;
    private final Hash transactionId;
    private final ContractId contract;
    boolean active = true;

    Context(PublicKey callerKey, Address caller, Hash transactionId, ContractId contract) {
      this.callerKey = callerKey;
      this.caller = caller;
      this.transactionId = transactionId;
      this.contract = contract;
    }

    private void checkActive() {
      if (!active) {
        throw new IllegalStateException("a call context is valid only during its call");
      }
    }

    @Override
    public PublicKey callerKey() {
      return callerKey;
    }

    @Override
    public Address caller() {
      return caller;
    }

    @Override
    public Hash transactionId() {
      return transactionId;
    }

    @Override
    public long blockIndex() {
      return block.index();
    }

    @Override
    public long blockTimeMillis() {
      return block.timeMillis();
    }

    @Override
    public ContractStorage storage() {
      return this;
    }

    @Override
    public Optional<Bytes> contractEntry(ContractId other, Bytes key) {
      Objects.requireNonNull(other, "contract");
      Objects.requireNonNull(key, "key");
      checkActive();
      return state.get(StateKeys.contractEntry(other, key));
    }

    @Override
    public Account account(Address address) {
      checkActive();
      return TransactionExecutor.this.account(Objects.requireNonNull(address, "address"));
    }

    @Override
    public void transferFromCaller(Address to, Amount amount) throws InvalidLedgerInputException {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(amount, "amount");
      checkActive();
      transfer(caller, to, amount);
    }

    @Override
    public Address contractAccount() {
      return contract.account();
    }

    @Override
    public void transferFromContract(Address to, Amount amount) throws InvalidLedgerInputException {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(amount, "amount");
      checkActive();
      transfer(contract.account(), to, amount);
    }

    // All or nothing on its own: a contract may catch the refusal and go on, and must not find
    // the payer debited for a credit that failed.
    private void transfer(Address from, Address to, Amount amount)
        throws InvalidLedgerInputException {
      int mark = state.savepoint();
      boolean done = false;
      try {
        debit(from, TransactionExecutor.this.account(from), amount, false);
        credit(to, amount);
        done = true;
      } finally {
        if (!done) {
          state.rollbackTo(mark);
        }
      }
    }

    @Override
    public void payNetworkFee(Amount amount) throws InvalidLedgerInputException {
      Objects.requireNonNull(amount, "amount");
      checkActive();
      Amount newFees = add(fees, amount);
      debit(caller, TransactionExecutor.this.account(caller), amount, false);
      fees = newFees;
    }

    @Override
    public Optional<Bytes> get(Bytes key) {
      checkActive();
      return state.get(StateKeys.contractEntry(contract, key));
    }

    @Override
    public void put(Bytes key, Bytes value) {
      Objects.requireNonNull(value, "value");
      checkActive();
      if (value.isEmpty() || value.size() > MAX_VALUE_SIZE) {
        throw new IllegalArgumentException(
            "a contract entry value is 1 to " + MAX_VALUE_SIZE + " bytes, got " + value.size());
      }
      state.put(StateKeys.contractEntry(contract, key), value);
    }

    @Override
    public void delete(Bytes key) {
      checkActive();
      state.delete(StateKeys.contractEntry(contract, key));
    }
  }
}
