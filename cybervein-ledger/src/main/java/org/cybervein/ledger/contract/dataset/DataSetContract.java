package org.cybervein.ledger.contract.dataset;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractStorage;
import org.cybervein.ledger.contract.NativeContract;

/**
 * The whitepaper's data set contract ({@code dataset} version 1): the data market of the blockchain
 * layer. Calls are {@link DataSetCall}s; every rule below is checked before anything is written or
 * paid, and a refused call throws {@link InvalidLedgerInputException} (the ledger then discards the
 * whole call).
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li><b>Register</b> ("the uploader registers a data set and pays the upload fee"): the caller
 *       becomes the owner of {@code DataSetId.of(caller, name)} ({@code DUPLICATE} if it exists)
 *       and pays {@link DataSetFees#uploadFee} of the size as a network fee, which goes to the
 *       block's contributors with the other fees.
 *   <li><b>Download</b> ("a downloader pays the download fee, which goes to the uploader less the
 *       network fee, and receives an access grant that storage nodes check"): the caller pays the
 *       data set's download fee; {@link DataSetFees#networkFee} of it is a network fee and the rest
 *       goes to the owner. The caller's {@link Grant} is recorded and never revoked. The owner
 *       cannot buy its own data set ({@code CONTRACT_RULE}), nobody buys twice ({@code DUPLICATE}).
 *   <li><b>Permissions</b> ("the owner sets who may read, modify and share"): only the owner
 *       ({@code NOT_AUTHORIZED} otherwise) sets an account's {@link Permissions}; the owner always
 *       has every right and cannot be given rights ({@code CONTRACT_RULE}).
 *   <li><b>Share</b>: the owner or an account with {@link Permission#SHARE} gives another account
 *       read permission ({@code DUPLICATE} if it may read already).
 *   <li><b>Modify</b> ("data set modifications reference DAG units"): the owner or an account with
 *       {@link Permission#MODIFY} records the new content hash and size with the ids of the DAG
 *       units carrying the change; the version goes up by one, a {@link Modification} is kept per
 *       version, and the modifier pays the upload fee of the bytes added, if any.
 * </ul>
 *
 * <h2>What storage nodes check</h2>
 *
 * The static queries read the contract's entries through any function from entry key to value, e.g.
 * {@code key -> ledgerState.contractEntry(DataSetContract.ID, key)}, or entries checked against a
 * block's state root with state proofs. {@link #hasGrant} is the check a storage node makes before
 * serving data.
 */
public final class DataSetContract implements NativeContract {
  /** This contract's id: {@code dataset} version 1. */
  public static final ContractId ID = new ContractId("dataset", 1);

  private final DataSetFees fees;

  /**
   * The contract with the fee schedule {@code fees}.
   *
   * @param fees the upload, download and network fee rates
   */
  public DataSetContract(DataSetFees fees) {
    this.fees = Objects.requireNonNull(fees, "fees");
  }

  /**
   * The fee schedule.
   *
   * @return the fee schedule
   */
  public DataSetFees fees() {
    return fees;
  }

  @Override
  public ContractId id() {
    return ID;
  }

  @Override
  public void call(CallContext context, Bytes input) throws InvalidLedgerInputException {
    Objects.requireNonNull(context, "context");
    DataSetCall call = DataSetCall.decode(input);
    if (call instanceof DataSetCall.Register r) {
      register(context, r);
    } else if (call instanceof DataSetCall.Download d) {
      download(context, d);
    } else if (call instanceof DataSetCall.SetPermissions p) {
      setPermissions(context, p);
    } else if (call instanceof DataSetCall.Share s) {
      share(context, s);
    } else if (call instanceof DataSetCall.Modify m) {
      modify(context, m);
    } else {
      throw new IllegalStateException("unknown call " + call);
    }
  }

  private void register(CallContext context, DataSetCall.Register r)
      throws InvalidLedgerInputException {
    ContractStorage storage = context.storage();
    DataSetId id = DataSetId.of(context.caller(), r.name());
    if (storage.get(DataSetRecords.dataSetKey(id)).isPresent()) {
      throw new InvalidLedgerInputException(Reason.DUPLICATE, "data set " + id + " exists");
    }
    Amount fee = uploadFee(r.size());
    pay(context, fee);
    storage.put(
        DataSetRecords.dataSetKey(id),
        DataSetRecords.encode(
            new DataSet(
                id,
                context.caller(),
                r.name(),
                r.contentHash(),
                r.size(),
                r.downloadFee(),
                r.storageNodes(),
                0,
                context.blockIndex())));
  }

  private void download(CallContext context, DataSetCall.Download d)
      throws InvalidLedgerInputException {
    ContractStorage storage = context.storage();
    DataSet dataSet = existing(storage, d.dataSet());
    Address caller = context.caller();
    if (caller.equals(dataSet.owner())) {
      throw new InvalidLedgerInputException(Reason.CONTRACT_RULE, "the owner has access already");
    }
    Bytes grantKey = DataSetRecords.accountKey(DataSetRecords.GRANT, d.dataSet(), caller);
    if (storage.get(grantKey).isPresent()) {
      throw new InvalidLedgerInputException(Reason.DUPLICATE, "already downloaded");
    }
    Amount fee = dataSet.downloadFee();
    Amount network = fees.networkFee(fee);
    Amount toOwner = fee.minus(network);
    if (!toOwner.isZero()) {
      context.transferFromCaller(dataSet.owner(), toOwner);
    }
    pay(context, network);
    storage.put(
        grantKey,
        DataSetRecords.encode(new Grant(fee, context.blockIndex(), context.transactionId())));
  }

  private void setPermissions(CallContext context, DataSetCall.SetPermissions p)
      throws InvalidLedgerInputException {
    ContractStorage storage = context.storage();
    DataSet dataSet = existing(storage, p.dataSet());
    if (!context.caller().equals(dataSet.owner())) {
      throw new InvalidLedgerInputException(Reason.NOT_AUTHORIZED, "only the owner sets rights");
    }
    if (p.account().equals(dataSet.owner())) {
      throw new InvalidLedgerInputException(Reason.CONTRACT_RULE, "the owner has every right");
    }
    Bytes key = DataSetRecords.accountKey(DataSetRecords.PERMISSION, p.dataSet(), p.account());
    if (p.permissions().isNone()) {
      storage.delete(key);
    } else {
      storage.put(key, DataSetRecords.encode(p.permissions()));
    }
  }

  private void share(CallContext context, DataSetCall.Share s) throws InvalidLedgerInputException {
    ContractStorage storage = context.storage();
    Function<Bytes, Optional<Bytes>> entries = storage::get;
    DataSet dataSet = existing(storage, s.dataSet());
    if (!allows(entries, dataSet, context.caller(), Permission.SHARE)) {
      throw new InvalidLedgerInputException(Reason.NOT_AUTHORIZED, "no share permission");
    }
    if (allows(entries, dataSet, s.account(), Permission.READ)) {
      throw new InvalidLedgerInputException(Reason.DUPLICATE, "the account may read already");
    }
    Permissions held = DataSetRecords.permissions(entries, s.dataSet(), s.account());
    storage.put(
        DataSetRecords.accountKey(DataSetRecords.PERMISSION, s.dataSet(), s.account()),
        DataSetRecords.encode(new Permissions(true, held.modify(), held.share())));
  }

  private void modify(CallContext context, DataSetCall.Modify m)
      throws InvalidLedgerInputException {
    ContractStorage storage = context.storage();
    DataSet dataSet = existing(storage, m.dataSet());
    if (!allows(storage::get, dataSet, context.caller(), Permission.MODIFY)) {
      throw new InvalidLedgerInputException(Reason.NOT_AUTHORIZED, "no modify permission");
    }
    long added = m.size() - dataSet.size();
    pay(context, added > 0 ? uploadFee(added) : Amount.ZERO);
    long version = dataSet.version() + 1;
    storage.put(
        DataSetRecords.modificationKey(m.dataSet(), version),
        DataSetRecords.encode(
            new Modification(
                version,
                context.caller(),
                m.contentHash(),
                m.size(),
                m.units(),
                context.blockIndex(),
                context.transactionId())));
    storage.put(
        DataSetRecords.dataSetKey(m.dataSet()),
        DataSetRecords.encode(
            new DataSet(
                dataSet.id(),
                dataSet.owner(),
                dataSet.name(),
                m.contentHash(),
                m.size(),
                dataSet.downloadFee(),
                dataSet.storageNodes(),
                version,
                dataSet.registeredBlock())));
  }

  private Amount uploadFee(long size) throws InvalidLedgerInputException {
    try {
      return fees.uploadFee(size);
    } catch (ArithmeticException e) {
      throw new InvalidLedgerInputException(Reason.OVERFLOW, "upload fee out of range", e);
    }
  }

  private static void pay(CallContext context, Amount networkFee)
      throws InvalidLedgerInputException {
    if (!networkFee.isZero()) {
      context.payNetworkFee(networkFee);
    }
  }

  private static DataSet existing(ContractStorage storage, DataSetId id)
      throws InvalidLedgerInputException {
    return DataSetRecords.dataSet(storage::get, id)
        .orElseThrow(() -> new InvalidLedgerInputException(Reason.NOT_FOUND, "no data set " + id));
  }

  private static boolean allows(
      Function<Bytes, Optional<Bytes>> entries,
      DataSet dataSet,
      Address account,
      Permission permission) {
    if (account.equals(dataSet.owner())) {
      return true;
    }
    if (permission == Permission.READ
        && DataSetRecords.grant(entries, dataSet.id(), account).isPresent()) {
      return true;
    }
    return DataSetRecords.permissions(entries, dataSet.id(), account).allows(permission);
  }

  // ---------------------------------------------------------------- queries

  /**
   * The data set {@code id}, read from the contract's entries.
   *
   * @param entries the contract's entries by key, e.g. {@code key ->
   *     state.contractEntry(DataSetContract.ID, key)}
   * @param id the data set, as {@link DataSetId#of} names it
   * @return the data set, or empty if it does not exist
   * @throws IllegalStateException if the stored entry is damaged
   */
  public static Optional<DataSet> dataSet(Function<Bytes, Optional<Bytes>> entries, DataSetId id) {
    return DataSetRecords.dataSet(Objects.requireNonNull(entries, "entries"), id);
  }

  /**
   * True if {@code account} may read data set {@code id}: it is the owner, it paid a download
   * ({@link Grant}), or it holds read permission. Storage nodes serve data only when this holds.
   * False for an unknown data set.
   *
   * @param entries the contract's entries by key
   * @param id the data set, as {@link DataSetId#of} names it
   * @param account the account asking to read
   * @return true if it may read
   */
  public static boolean hasGrant(
      Function<Bytes, Optional<Bytes>> entries, DataSetId id, Address account) {
    return may(entries, id, account, Permission.READ);
  }

  /**
   * True if {@code account} holds {@code permission} on data set {@code id} (see {@link
   * #hasGrant}).
   *
   * @param entries the contract's entries by key
   * @param id the data set, as {@link DataSetId#of} names it
   * @param account the account to check
   * @param permission the right asked for
   * @return true if it holds it
   */
  public static boolean may(
      Function<Bytes, Optional<Bytes>> entries,
      DataSetId id,
      Address account,
      Permission permission) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(permission, "permission");
    Optional<DataSet> dataSet = dataSet(entries, id);
    return dataSet.isPresent() && allows(entries, dataSet.get(), account, permission);
  }

  /**
   * The permissions the owner (or a share) gave {@code account}; {@link Permissions#NONE} if none.
   *
   * @param entries the contract's entries by key
   * @param id the data set, as {@link DataSetId#of} names it
   * @param account the account
   * @return its permissions
   */
  public static Permissions permissions(
      Function<Bytes, Optional<Bytes>> entries, DataSetId id, Address account) {
    return DataSetRecords.permissions(
        Objects.requireNonNull(entries, "entries"), id, Objects.requireNonNull(account, "account"));
  }

  /**
   * The paid download grant of {@code account}, if it downloaded data set {@code id}.
   *
   * @param entries the contract's entries by key
   * @param id the data set, as {@link DataSetId#of} names it
   * @param account the account
   * @return the grant, or empty if it did not download
   */
  public static Optional<Grant> grant(
      Function<Bytes, Optional<Bytes>> entries, DataSetId id, Address account) {
    return DataSetRecords.grant(
        Objects.requireNonNull(entries, "entries"), id, Objects.requireNonNull(account, "account"));
  }

  /**
   * Modification {@code version} (1 to the data set's version) of data set {@code id}.
   *
   * @param entries the contract's entries by key
   * @param id the data set, as {@link DataSetId#of} names it
   * @param version the modification's version
   * @return the modification, or empty if there is none
   */
  public static Optional<Modification> modification(
      Function<Bytes, Optional<Bytes>> entries, DataSetId id, long version) {
    return DataSetRecords.modification(Objects.requireNonNull(entries, "entries"), id, version);
  }
}
