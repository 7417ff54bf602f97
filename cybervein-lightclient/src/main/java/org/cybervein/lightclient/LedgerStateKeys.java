package org.cybervein.lightclient;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

/**
 * Where an entry lives in the ledger's state tree: the 256-bit keys a light client asks proofs for,
 * derived as the ledger derives them.
 *
 * <pre>
 *   address(pk)              = TH("cybervein/ledger/address/v1", ascii(algorithm) || pk)
 *   account(address)         = TH("cybervein/ledger/state-key/account/v1", address)
 *   contractEntry(n, v, k)   = TH("cybervein/ledger/state-key/contract-entry/v1",
 *                                 u32(len n) || ascii(n) || u32(v) || u32(len k) || k)
 *   totalSupply()            = TH("cybervein/ledger/state-key/supply/v1")
 * </pre>
 *
 * Every native contract's entry is {@link #contractEntry} of the contract's name, version and its
 * own key bytes, so the key of any contract's record (a data-set grant, a PBFT log, an HTLC's
 * state) is a function of (contract, key bytes) and needs no code here; the few layouts a client
 * most often asks about have their own method.
 */
public final class LedgerStateKeys {
  /** Tag of account addresses. */
  public static final DomainTag ADDRESS_TAG = DomainTag.of("cybervein/ledger/address/v1");

  /** Tag of account keys. */
  public static final DomainTag ACCOUNT_TAG = DomainTag.of("cybervein/ledger/state-key/account/v1");

  /** Tag of contract entry keys. */
  public static final DomainTag CONTRACT_ENTRY_TAG =
      DomainTag.of("cybervein/ledger/state-key/contract-entry/v1");

  /** Tag of the total supply key. */
  public static final DomainTag SUPPLY_TAG = DomainTag.of("cybervein/ledger/state-key/supply/v1");

  /** The longest contract entry key, as contract storage allows. */
  public static final int MAX_ENTRY_KEY_SIZE = 256;

  /** The proof-of-contribution contract, {@code poc} version 1. */
  public static final String POC_CONTRACT = "poc";

  /** The data set contract, {@code dataset} version 1. */
  public static final String DATASET_CONTRACT = "dataset";

  private LedgerStateKeys() {}

  /**
   * The address of the account {@code key} controls.
   *
   * @param key an account key
   * @return its 32-byte address
   */
  public static Hash address(PublicKey key) {
    Objects.requireNonNull(key, "key");
    return HashFunction.SHA256
        .newHasher(ADDRESS_TAG)
        .update(key.algorithm().name().getBytes(StandardCharsets.US_ASCII))
        .update(key.encoded())
        .digest();
  }

  /**
   * The state key of an account's entry, whose value is {@link AccountValue}.
   *
   * @param address the account's address ({@link #address})
   * @return the state key
   */
  public static Hash account(Hash address) {
    Objects.requireNonNull(address, "address");
    return HashFunction.SHA256.newHasher(ACCOUNT_TAG).update(address).digest();
  }

  /**
   * The state key of a contract's entry.
   *
   * @param contract the contract's name, ASCII
   * @param version the contract's version
   * @param key the entry's key in the contract's storage, 1 to {@link #MAX_ENTRY_KEY_SIZE} bytes
   * @return the state key
   * @throws IllegalArgumentException if the name is not ASCII or the key is empty or too long
   */
  public static Hash contractEntry(String contract, int version, Bytes key) {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(key, "key");
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(contract)) {
      throw new IllegalArgumentException("a contract name is ASCII");
    }
    if (key.isEmpty() || key.size() > MAX_ENTRY_KEY_SIZE) {
      throw new IllegalArgumentException("a contract entry key is 1 to 256 bytes");
    }
    byte[] name = contract.getBytes(StandardCharsets.US_ASCII);
    return HashFunction.SHA256
        .newHasher(CONTRACT_ENTRY_TAG)
        .updateInt(name.length)
        .update(name)
        .updateInt(version)
        .updateInt(key.size())
        .update(key)
        .digest();
  }

  /**
   * The state key of the total supply.
   *
   * @return the state key
   */
  public static Hash totalSupply() {
    return HashFunction.SHA256.hash(SUPPLY_TAG, Bytes.EMPTY);
  }

  /**
   * The {@code poc} entry naming the commitment {@code owner} registered: {@code "o" || address};
   * its value is the commitment id {@code TH("cybervein/ledger/poc/commitment-id/v1", commitment)}.
   *
   * @param owner the contributor's key
   * @return the state key
   */
  public static Hash pocRegistration(PublicKey owner) {
    return contractEntry(POC_CONTRACT, 1, prefixed('o', address(owner).toBytes()));
  }

  /**
   * The {@code poc} entry of the bytes recorded for {@code provider} in {@code window}: {@code "b"
   * || address || u64be(window)}; its value is a u64be total, absent for zero.
   *
   * @param provider the provider's key
   * @param window the bandwidth window, zero or more
   * @return the state key
   * @throws IllegalArgumentException if the window is negative
   */
  public static Hash pocBandwidth(PublicKey provider, long window) {
    if (window < 0) {
      throw new IllegalArgumentException("windows are zero or more");
    }
    Bytes key =
        prefixed('b', address(provider).toBytes())
            .concat(Bytes.of(ByteBuffer.allocate(8).putLong(window).array()));
    return contractEntry(POC_CONTRACT, 1, key);
  }

  /**
   * The {@code dataset} entry of {@code account}'s access grant to a data set: {@code 0x03 || data
   * set id || address}; its value is a {@code cybervein.v1.DataSetGrantRecord}.
   *
   * @param dataSetId the data set's 32-byte id
   * @param account the grantee's address ({@link #address})
   * @return the state key
   */
  public static Hash dataSetGrant(Hash dataSetId, Hash account) {
    Objects.requireNonNull(dataSetId, "dataSetId");
    Objects.requireNonNull(account, "account");
    Bytes key = Bytes.of(new byte[] {3}).concat(dataSetId.toBytes()).concat(account.toBytes());
    return contractEntry(DATASET_CONTRACT, 1, key);
  }

  private static Bytes prefixed(char prefix, Bytes rest) {
    return Bytes.of(new byte[] {(byte) prefix}).concat(rest);
  }
}
