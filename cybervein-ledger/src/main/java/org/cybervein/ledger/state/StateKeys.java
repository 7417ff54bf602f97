package org.cybervein.ledger.state;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractStorage;

/**
 * Where each piece of state lives in the state tree: a 256-bit key, the tagged SHA-256 of what the
 * entry is. A distinct tag per kind of entry keeps an account key from ever equalling a contract
 * entry key. Light clients compute the same keys to ask for a proof.
 */
public final class StateKeys {
  /** The tag of account keys: {@code H(tag || address)}. */
  public static final DomainTag ACCOUNT_TAG = DomainTag.of("cybervein/ledger/state-key/account/v1");

  /**
   * The tag of contract entry keys: {@code H(tag || u32(len(name)) || name || u32(version) ||
   * u32(len(key)) || key)}, the name in ASCII.
   */
  public static final DomainTag CONTRACT_ENTRY_TAG =
      DomainTag.of("cybervein/ledger/state-key/contract-entry/v1");

  /** The tag of the one total supply key: {@code H(tag)}. */
  public static final DomainTag SUPPLY_TAG = DomainTag.of("cybervein/ledger/state-key/supply/v1");

  private static final Hash SUPPLY = HashFunction.SHA256.hash(SUPPLY_TAG, Bytes.EMPTY);

  private StateKeys() {}

  /**
   * The key of an account's entry (value: {@link StateValues#account}).
   *
   * @param address the account's address
   * @return {@code H(ACCOUNT_TAG || address)}
   * @throws NullPointerException if {@code address} is null
   */
  public static Hash account(Address address) {
    Objects.requireNonNull(address, "address");
    return HashFunction.SHA256.newHasher(ACCOUNT_TAG).update(address.value()).digest();
  }

  /**
   * The key of a contract's storage entry (value: the stored bytes as they are).
   *
   * @param contract the contract, by name and version, that owns the entry
   * @param key the entry's key within the contract's storage; 1 to {@link
   *     ContractStorage#MAX_KEY_SIZE} bytes
   * @return the tagged hash ({@link #CONTRACT_ENTRY_TAG}) of the contract's name and version and
   *     the entry key
   * @throws IllegalArgumentException if the entry key is empty or longer than {@link
   *     ContractStorage#MAX_KEY_SIZE}
   */
  public static Hash contractEntry(ContractId contract, Bytes key) {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.size() > ContractStorage.MAX_KEY_SIZE) {
      throw new IllegalArgumentException(
          "a contract entry key is 1 to " + ContractStorage.MAX_KEY_SIZE + " bytes");
    }
    byte[] name = contract.name().getBytes(StandardCharsets.US_ASCII);
    return HashFunction.SHA256
        .newHasher(CONTRACT_ENTRY_TAG)
        .updateInt(name.length)
        .update(name)
        .updateInt(contract.version())
        .updateInt(key.size())
        .update(key)
        .digest();
  }

  /**
   * The key of the total supply (value: {@link StateValues#supply}).
   *
   * @return {@code H(SUPPLY_TAG)}, the same on every call
   */
  public static Hash totalSupply() {
    return SUPPLY;
  }
}
