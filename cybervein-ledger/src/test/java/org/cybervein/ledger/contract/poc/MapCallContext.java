package org.cybervein.ledger.contract.poc;

import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractStorage;

/** A call context over a plain sorted map, for testing the contract alone. */
final class MapCallContext implements CallContext {
  final TreeMap<Bytes, Bytes> entries;
  private final PublicKey caller;
  private final long blockIndex;

  MapCallContext(TreeMap<Bytes, Bytes> entries, PublicKey caller, long blockIndex) {
    this.entries = entries;
    this.caller = caller;
    this.blockIndex = blockIndex;
  }

  @Override
  public PublicKey callerKey() {
    return caller;
  }

  @Override
  public Address caller() {
    return Address.of(caller);
  }

  @Override
  public Hash transactionId() {
    return Hash.ZERO;
  }

  @Override
  public long blockIndex() {
    return blockIndex;
  }

  @Override
  public long blockTimeMillis() {
    return 0;
  }

  @Override
  public ContractStorage storage() {
    return new ContractStorage() {
      @Override
      public Optional<Bytes> get(Bytes key) {
        return Optional.ofNullable(entries.get(key));
      }

      @Override
      public void put(Bytes key, Bytes value) {
        entries.put(key, value);
      }

      @Override
      public void delete(Bytes key) {
        entries.remove(key);
      }
    };
  }

  @Override
  public Optional<Bytes> contractEntry(ContractId contract, Bytes key) {
    return Optional.empty();
  }

  @Override
  public Account account(Address address) {
    return Account.EMPTY;
  }

  @Override
  public void transferFromCaller(Address to, Amount amount) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Address contractAccount() {
    return PocContract.ID.account();
  }

  @Override
  public void transferFromContract(Address to, Amount amount) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void payNetworkFee(Amount amount) {
    throw new UnsupportedOperationException();
  }
}
