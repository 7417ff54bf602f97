package org.cybervein.ledger.contract.dataset;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerContractsProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractWire;

/**
 * One call of the data set contract, the input of a {@code ContractCall} to {@link
 * DataSetContract#ID}. {@link #encode()} gives the input bytes; {@link #decode} reads untrusted
 * ones (message {@code DataSetCall} of {@code ledger_contracts.proto}).
 */
public sealed interface DataSetCall {
  /** The largest encoded call accepted. */
  int MAX_ENCODED_SIZE = 16 * 1024;

  /**
   * The canonical encoding, the bytes a transaction carries.
   *
   * @return the canonical bytes
   */
  Bytes encode();

  /**
   * Registers a data set; the caller becomes its owner and pays the upload fee.
   *
   * @param name 1 to 64 characters of {@code [A-Za-z0-9._-]}; the id is {@code DataSetId.of(caller,
   *     name)}
   * @param contentHash the hash of the content
   * @param size the size in bytes, at least 1
   * @param downloadFee what each downloader will pay
   * @param storageNodes the storage nodes holding the data, 1 to 32, distinct
   */
  record Register(
      String name, Hash contentHash, long size, Amount downloadFee, List<Address> storageNodes)
      implements DataSetCall {
    /**
     * Checks the parts and copies the list.
     *
     * @param name 1 to 64 characters of {@code [A-Za-z0-9._-]}; the id is {@code
     *     DataSetId.of(caller, name)}
     * @param contentHash the hash of the content
     * @param size the size in bytes, at least 1
     * @param downloadFee what each downloader will pay
     * @param storageNodes the storage nodes holding the data, 1 to 32, distinct
     */
    public Register {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(contentHash, "contentHash");
      Objects.requireNonNull(downloadFee, "downloadFee");
      storageNodes = List.copyOf(storageNodes);
      if (!ContractWire.isValidName(name)) {
        throw new IllegalArgumentException("data set names are [A-Za-z0-9._-]{1,64}");
      }
      if (size < 1) {
        throw new IllegalArgumentException("size must be at least 1");
      }
      DataSet.checkStorageNodes(storageNodes);
    }

    @Override
    public Bytes encode() {
      LedgerContractsProto.DataSetRegister.Builder b =
          LedgerContractsProto.DataSetRegister.newBuilder()
              .setName(name)
              .setContentHash(ApiTypesCodec.toProto(contentHash))
              .setSize(size)
              .setDownloadFee(ApiTypesCodec.toProto(downloadFee));
      for (Address a : storageNodes) {
        b.addStorageNodes(ContractWire.address(a));
      }
      return wrap(LedgerContractsProto.DataSetCall.newBuilder().setRegister(b));
    }
  }

  /**
   * Downloads a data set: the caller pays its download fee and receives an access grant.
   *
   * @param dataSet the data set
   */
  record Download(DataSetId dataSet) implements DataSetCall {
    /**
     * Rejects null.
     *
     * @param dataSet the data set
     */
    public Download {
      Objects.requireNonNull(dataSet, "dataSet");
    }

    @Override
    public Bytes encode() {
      return wrap(
          LedgerContractsProto.DataSetCall.newBuilder()
              .setDownload(
                  LedgerContractsProto.DataSetDownload.newBuilder().setDataSet(id(dataSet))));
    }
  }

  /**
   * The owner sets what {@code account} may do; all false removes the account's permissions.
   *
   * @param dataSet the data set
   * @param account the account, not the owner
   * @param permissions its rights from now on
   */
  record SetPermissions(DataSetId dataSet, Address account, Permissions permissions)
      implements DataSetCall {
    /**
     * Rejects null.
     *
     * @param dataSet the data set
     * @param account the account, not the owner
     * @param permissions its rights from now on
     */
    public SetPermissions {
      Objects.requireNonNull(dataSet, "dataSet");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(permissions, "permissions");
    }

    @Override
    public Bytes encode() {
      return wrap(
          LedgerContractsProto.DataSetCall.newBuilder()
              .setSetPermissions(
                  LedgerContractsProto.DataSetSetPermissions.newBuilder()
                      .setDataSet(id(dataSet))
                      .setAccount(ContractWire.address(account))
                      .setRead(permissions.read())
                      .setModify(permissions.modify())
                      .setShare(permissions.share())));
    }
  }

  /**
   * An account with share permission (or the owner) gives {@code account} read permission.
   *
   * @param dataSet the data set
   * @param account who receives read permission
   */
  record Share(DataSetId dataSet, Address account) implements DataSetCall {
    /**
     * Rejects null.
     *
     * @param dataSet the data set
     * @param account who receives read permission
     */
    public Share {
      Objects.requireNonNull(dataSet, "dataSet");
      Objects.requireNonNull(account, "account");
    }

    @Override
    public Bytes encode() {
      return wrap(
          LedgerContractsProto.DataSetCall.newBuilder()
              .setShare(
                  LedgerContractsProto.DataSetShare.newBuilder()
                      .setDataSet(id(dataSet))
                      .setAccount(ContractWire.address(account))));
    }
  }

  /**
   * An account with modify permission (or the owner) records a new version made of DAG units.
   *
   * @param dataSet the data set
   * @param contentHash the content's hash after the change
   * @param size the size after the change, at least 1
   * @param units the DAG unit ids carrying the change, 1 to 64, distinct
   */
  record Modify(DataSetId dataSet, Hash contentHash, long size, List<Hash> units)
      implements DataSetCall {
    /**
     * Checks the parts and copies the list.
     *
     * @param dataSet the data set
     * @param contentHash the content's hash after the change
     * @param size the size after the change, at least 1
     * @param units the DAG unit ids carrying the change, 1 to 64, distinct
     */
    public Modify {
      Objects.requireNonNull(dataSet, "dataSet");
      Objects.requireNonNull(contentHash, "contentHash");
      units = List.copyOf(units);
      if (size < 1) {
        throw new IllegalArgumentException("size must be at least 1");
      }
      Modification.checkUnits(units);
    }

    @Override
    public Bytes encode() {
      LedgerContractsProto.DataSetModify.Builder b =
          LedgerContractsProto.DataSetModify.newBuilder()
              .setDataSet(id(dataSet))
              .setContentHash(ApiTypesCodec.toProto(contentHash))
              .setSize(size);
      for (Hash u : units) {
        b.addUnits(ApiTypesCodec.toProto(u));
      }
      return wrap(LedgerContractsProto.DataSetCall.newBuilder().setModify(b));
    }
  }

  /**
   * Decodes a call from a transaction.
   *
   * @param input the transaction's call input
   * @return the call
   * @throws InvalidLedgerInputException {@code OVERSIZED} above {@link #MAX_ENCODED_SIZE}, {@code
   *     NON_CANONICAL} if not the canonical encoding, {@code MALFORMED} if it does not parse or a
   *     field is missing or out of range
   */
  static DataSetCall decode(Bytes input) throws InvalidLedgerInputException {
    return ContractWire.decodeCall(
        input,
        MAX_ENCODED_SIZE,
        LedgerContractsProto.DataSetCall.getDefaultInstance(),
        DataSetCall::fromProto);
  }

  private static DataSetCall fromProto(LedgerContractsProto.DataSetCall call)
      throws InvalidLedgerInputException {
    return switch (call.getKindCase()) {
      case REGISTER -> {
        LedgerContractsProto.DataSetRegister r = call.getRegister();
        List<Address> nodes = new ArrayList<>(r.getStorageNodesCount());
        for (ByteString a : r.getStorageNodesList()) {
          nodes.add(ContractWire.address(a, "storage node"));
        }
        yield new Register(
            ContractWire.name(r.getName()),
            ContractWire.hash(r.getContentHash(), r.hasContentHash(), "content hash"),
            ContractWire.positive(r.getSize(), "size"),
            ContractWire.amount(r.getDownloadFee(), r.hasDownloadFee(), "download fee"),
            nodes);
      }
      case DOWNLOAD ->
          new Download(dataSetId(call.getDownload().getDataSet(), call.getDownload().hasDataSet()));
      case SET_PERMISSIONS -> {
        LedgerContractsProto.DataSetSetPermissions p = call.getSetPermissions();
        yield new SetPermissions(
            dataSetId(p.getDataSet(), p.hasDataSet()),
            ContractWire.address(p.getAccount(), "account"),
            new Permissions(p.getRead(), p.getModify(), p.getShare()));
      }
      case SHARE ->
          new Share(
              dataSetId(call.getShare().getDataSet(), call.getShare().hasDataSet()),
              ContractWire.address(call.getShare().getAccount(), "account"));
      case MODIFY -> {
        LedgerContractsProto.DataSetModify m = call.getModify();
        List<Hash> units = new ArrayList<>(m.getUnitsCount());
        for (TypesProto.Hash u : m.getUnitsList()) {
          units.add(ContractWire.hash(u, true, "unit id"));
        }
        yield new Modify(
            dataSetId(m.getDataSet(), m.hasDataSet()),
            ContractWire.hash(m.getContentHash(), m.hasContentHash(), "content hash"),
            ContractWire.positive(m.getSize(), "size"),
            units);
      }
      case KIND_NOT_SET -> throw new InvalidLedgerInputException(Reason.MALFORMED, "no call");
    };
  }

  private static DataSetId dataSetId(TypesProto.Hash proto, boolean present)
      throws InvalidLedgerInputException {
    return new DataSetId(ContractWire.hash(proto, present, "data set id"));
  }

  private static TypesProto.Hash id(DataSetId id) {
    return ApiTypesCodec.toProto(id.value());
  }

  private static Bytes wrap(LedgerContractsProto.DataSetCall.Builder call) {
    return Bytes.of(call.build().toByteArray());
  }
}
