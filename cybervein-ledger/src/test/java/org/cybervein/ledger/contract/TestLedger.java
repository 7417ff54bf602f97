package org.cybervein.ledger.contract;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.account.Address;

/**
 * A test double of the ledger for contract tests: balances, contract entries and network fees in
 * sorted maps, and a {@link CallContext} whose writes and transfers are journaled, so a call that
 * throws leaves everything as it was (what the real ledger promises).
 */
public final class TestLedger {
  private static final DomainTag TX = DomainTag.of("cybervein/test/ledger/tx");

  private TreeMap<Address, Amount> balances = new TreeMap<>();
  private TreeMap<String, Bytes> entries = new TreeMap<>();
  private Amount networkFees = Amount.ZERO;
  private long block = 1;
  private long calls;

  /** Credits {@code amount} to {@code address} (a genesis allocation). */
  public void fund(Address address, Amount amount) {
    balances.merge(address, amount, Amount::plus);
  }

  /** The balance of {@code address}. */
  public Amount balance(Address address) {
    return balances.getOrDefault(address, Amount.ZERO);
  }

  /** The sum of all balances plus the network fees collected. */
  public Amount supply() {
    Amount sum = networkFees;
    for (Amount a : balances.values()) {
      sum = sum.plus(a);
    }
    return sum;
  }

  /** The network fees collected so far. */
  public Amount networkFees() {
    return networkFees;
  }

  /** Moves to the next block index. */
  public void nextBlock() {
    block++;
  }

  /** The index of the block calls run in now; its time is {@link #blockTimeMillis()}. */
  public long blockIndex() {
    return block;
  }

  /** The time of the block calls run in now: one second per block after a fixed start. */
  public long blockTimeMillis() {
    return 1_700_000_000_000L + block * 1000;
  }

  /** The number of stored entries of {@code contract}. */
  public int entryCount(ContractId contract) {
    String prefix = contract + "|";
    return (int) entries.keySet().stream().filter(k -> k.startsWith(prefix)).count();
  }

  /** A snapshot of every entry and balance, to compare before and after a refused call. */
  public String fingerprint() {
    return entries + "|" + balances + "|" + networkFees;
  }

  /** The entry {@code key} of {@code contract}. */
  public Optional<Bytes> entry(ContractId contract, Bytes key) {
    return Optional.ofNullable(entries.get(contract + "|" + key.toHex()));
  }

  /** Runs one call of {@code contract} by {@code caller}; on a throw nothing of it remains. */
  public void call(NativeContract contract, PublicKey caller, Bytes input)
      throws InvalidLedgerInputException {
    TreeMap<Address, Amount> savedBalances = new TreeMap<>(balances);
    TreeMap<String, Bytes> savedEntries = new TreeMap<>(entries);
    Amount savedFees = networkFees;
    Hash tx = HashFunction.SHA256.newHasher(TX).updateLong(++calls).digest();
    try {
      contract.call(new Context(contract.id(), caller, tx), input);
    } catch (InvalidLedgerInputException | RuntimeException e) {
      balances = savedBalances;
      entries = savedEntries;
      networkFees = savedFees;
      throw e;
    }
  }

  private final class Context implements CallContext {
    private final ContractId contract;
    private final PublicKey callerKey;
    private final Hash tx;

    Context(ContractId contract, PublicKey callerKey, Hash tx) {
      this.contract = contract;
      this.callerKey = callerKey;
      this.tx = tx;
    }

    @Override
    public PublicKey callerKey() {
      return callerKey;
    }

    @Override
    public Address caller() {
      return Address.of(callerKey);
    }

    @Override
    public Hash transactionId() {
      return tx;
    }

    @Override
    public long blockIndex() {
      return block;
    }

    @Override
    public long blockTimeMillis() {
      return TestLedger.this.blockTimeMillis();
    }

    @Override
    public ContractStorage storage() {
      return new ContractStorage() {
        @Override
        public Optional<Bytes> get(Bytes key) {
          return Optional.ofNullable(entries.get(name(key)));
        }

        @Override
        public void put(Bytes key, Bytes value) {
          if (key.isEmpty() || key.size() > MAX_KEY_SIZE) {
            throw new IllegalArgumentException("key size " + key.size());
          }
          if (value.isEmpty() || value.size() > MAX_VALUE_SIZE) {
            throw new IllegalArgumentException("value size " + value.size());
          }
          entries.put(name(key), value);
        }

        @Override
        public void delete(Bytes key) {
          entries.remove(name(key));
        }

        private String name(Bytes key) {
          return contract + "|" + Objects.requireNonNull(key, "key").toHex();
        }
      };
    }

    @Override
    public Optional<Bytes> contractEntry(ContractId other, Bytes key) {
      return entry(other, key);
    }

    @Override
    public Account account(Address address) {
      return new Account(balance(address), 0);
    }

    @Override
    public void transferFromCaller(Address to, Amount amount) throws InvalidLedgerInputException {
      take(amount);
      balances.merge(to, amount, Amount::plus);
    }

    @Override
    public Address contractAccount() {
      return contract.account();
    }

    @Override
    public void transferFromContract(Address to, Amount amount) throws InvalidLedgerInputException {
      Amount have = balance(contract.account());
      if (!have.isAtLeast(amount)) {
        throw new InvalidLedgerInputException(Reason.INSUFFICIENT_FUNDS, "contract cannot pay");
      }
      balances.put(contract.account(), have.minus(amount));
      balances.merge(to, amount, Amount::plus);
    }

    @Override
    public void payNetworkFee(Amount amount) throws InvalidLedgerInputException {
      take(amount);
      networkFees = networkFees.plus(amount);
    }

    private void take(Amount amount) throws InvalidLedgerInputException {
      Amount have = balance(caller());
      if (!have.isAtLeast(amount)) {
        throw new InvalidLedgerInputException(Reason.INSUFFICIENT_FUNDS, "caller cannot pay");
      }
      balances.put(caller(), have.minus(amount));
    }
  }

  /** The entries of {@code contract} as a lookup function for the contracts' static queries. */
  public java.util.function.Function<Bytes, Optional<Bytes>> entries(ContractId contract) {
    return key -> entry(contract, key);
  }

  /** Every entry, for debugging. */
  public Map<String, Bytes> allEntries() {
    return new TreeMap<>(entries);
  }
}
