package org.cybervein.ledger.contract.dataset;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerContractsProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractStorage;
import org.cybervein.ledger.contract.ContractWire;

/**
 * The data set contract's storage layout: entry keys and the encodings of the records under them.
 *
 * <pre>
 *   0x01 || id                      DataSetRecord
 *   0x02 || id || account           DataSetPermissionRecord
 *   0x03 || id || account           DataSetGrantRecord
 *   0x04 || id || version (8, BE)   DataSetModificationRecord
 * </pre>
 */
final class DataSetRecords {
  static final byte DATA_SET = 1;
  static final byte PERMISSION = 2;
  static final byte GRANT = 3;
  static final byte MODIFICATION = 4;

  private DataSetRecords() {}

  static Bytes dataSetKey(DataSetId id) {
    return Bytes.of(ByteBuffer.allocate(33).put(DATA_SET).put(id.value().toByteArray()).array());
  }

  static Bytes accountKey(byte kind, DataSetId id, Address account) {
    return Bytes.of(
        ByteBuffer.allocate(65)
            .put(kind)
            .put(id.value().toByteArray())
            .put(account.value().toByteArray())
            .array());
  }

  static Bytes modificationKey(DataSetId id, long version) {
    return Bytes.of(
        ByteBuffer.allocate(41)
            .put(MODIFICATION)
            .put(id.value().toByteArray())
            .putLong(version)
            .array());
  }

  // ---------------------------------------------------------------- encoders

  static Bytes encode(DataSet d) {
    LedgerContractsProto.DataSetRecord.Builder b =
        LedgerContractsProto.DataSetRecord.newBuilder()
            .setOwner(ContractWire.address(d.owner()))
            .setName(d.name())
            .setContentHash(ApiTypesCodec.toProto(d.contentHash()))
            .setSize(d.size())
            .setDownloadFee(ApiTypesCodec.toProto(d.downloadFee()))
            .setVersion(d.version())
            .setRegisteredBlock(d.registeredBlock());
    for (Address a : d.storageNodes()) {
      b.addStorageNodes(ContractWire.address(a));
    }
    return Bytes.of(b.build().toByteArray());
  }

  static Bytes encode(Permissions p) {
    return Bytes.of(
        LedgerContractsProto.DataSetPermissionRecord.newBuilder()
            .setRead(p.read())
            .setModify(p.modify())
            .setShare(p.share())
            .build()
            .toByteArray());
  }

  static Bytes encode(Grant g) {
    return Bytes.of(
        LedgerContractsProto.DataSetGrantRecord.newBuilder()
            .setPaid(ApiTypesCodec.toProto(g.paid()))
            .setBlock(g.block())
            .setTransaction(ApiTypesCodec.toProto(g.transaction()))
            .build()
            .toByteArray());
  }

  static Bytes encode(Modification m) {
    LedgerContractsProto.DataSetModificationRecord.Builder b =
        LedgerContractsProto.DataSetModificationRecord.newBuilder()
            .setModifier(ContractWire.address(m.modifier()))
            .setContentHash(ApiTypesCodec.toProto(m.contentHash()))
            .setSize(m.size())
            .setBlock(m.block())
            .setTransaction(ApiTypesCodec.toProto(m.transaction()));
    for (Hash u : m.units()) {
      b.addUnits(ApiTypesCodec.toProto(u));
    }
    return Bytes.of(b.build().toByteArray());
  }

  // ---------------------------------------------------------------- readers

  /**
   * Reads the entries through {@code entries}. The contract wrote them, so a value that does not
   * decode means the state itself is damaged: that is no caller's input error.
   */
  static Optional<DataSet> dataSet(Function<Bytes, Optional<Bytes>> entries, DataSetId id) {
    return ContractWire.readRecord(
        entries,
        dataSetKey(id),
        ContractStorage.MAX_VALUE_SIZE,
        LedgerContractsProto.DataSetRecord.getDefaultInstance(),
        "data set",
        r -> {
          List<Address> nodes = new ArrayList<>(r.getStorageNodesCount());
          for (ByteString a : r.getStorageNodesList()) {
            nodes.add(ContractWire.address(a, "storage node"));
          }
          return new DataSet(
              id,
              ContractWire.address(r.getOwner(), "owner"),
              r.getName(),
              ContractWire.hash(r.getContentHash(), r.hasContentHash(), "content hash"),
              r.getSize(),
              ContractWire.amount(r.getDownloadFee(), r.hasDownloadFee(), "download fee"),
              nodes,
              r.getVersion(),
              r.getRegisteredBlock());
        });
  }

  static Permissions permissions(
      Function<Bytes, Optional<Bytes>> entries, DataSetId id, Address account) {
    return ContractWire.readRecord(
            entries,
            accountKey(PERMISSION, id, account),
            64,
            LedgerContractsProto.DataSetPermissionRecord.getDefaultInstance(),
            "permission",
            r -> new Permissions(r.getRead(), r.getModify(), r.getShare()))
        .orElse(Permissions.NONE);
  }

  static Optional<Grant> grant(
      Function<Bytes, Optional<Bytes>> entries, DataSetId id, Address account) {
    return ContractWire.readRecord(
        entries,
        accountKey(GRANT, id, account),
        256,
        LedgerContractsProto.DataSetGrantRecord.getDefaultInstance(),
        "grant",
        r ->
            new Grant(
                ContractWire.amount(r.getPaid(), r.hasPaid(), "paid"),
                r.getBlock(),
                ContractWire.hash(r.getTransaction(), r.hasTransaction(), "transaction")));
  }

  static Optional<Modification> modification(
      Function<Bytes, Optional<Bytes>> entries, DataSetId id, long version) {
    return ContractWire.readRecord(
        entries,
        modificationKey(id, version),
        ContractStorage.MAX_VALUE_SIZE,
        LedgerContractsProto.DataSetModificationRecord.getDefaultInstance(),
        "modification",
        r -> {
          List<Hash> units = new ArrayList<>(r.getUnitsCount());
          for (TypesProto.Hash u : r.getUnitsList()) {
            units.add(ContractWire.hash(u, true, "unit"));
          }
          return new Modification(
              version,
              ContractWire.address(r.getModifier(), "modifier"),
              ContractWire.hash(r.getContentHash(), r.hasContentHash(), "content hash"),
              r.getSize(),
              units,
              r.getBlock(),
              ContractWire.hash(r.getTransaction(), r.hasTransaction(), "transaction"));
        });
  }
}
