package org.cybervein.ledger.contract.database;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerContractsProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractStorage;
import org.cybervein.ledger.contract.ContractWire;

/**
 * The database contract's storage layout: entry keys and the encodings of the records under them.
 *
 * <pre>
 *   0x01 || id                          DatabaseContractRecord
 *   0x02 || id || applicant             DatabaseContractApplication
 *   0x03 || id || n (8, BE)             DatabaseContractLogHead
 *   0x04 || id || n (8, BE) || i (4)    DatabaseContractLogEntry (entry i of log n)
 *   0x05 || id || n (8, BE)             DatabaseContractConflict
 * </pre>
 */
final class DatabaseRecords {
  static final byte DATABASE = 1;
  static final byte APPLICATION = 2;
  static final byte LOG_HEAD = 3;
  static final byte LOG_ENTRY = 4;
  static final byte CONFLICT = 5;

  private DatabaseRecords() {}

  static Bytes databaseKey(DatabaseId id) {
    return Bytes.of(ByteBuffer.allocate(33).put(DATABASE).put(id.value().toByteArray()).array());
  }

  static Bytes applicationKey(DatabaseId id, Address applicant) {
    return Bytes.of(
        ByteBuffer.allocate(65)
            .put(APPLICATION)
            .put(id.value().toByteArray())
            .put(applicant.value().toByteArray())
            .array());
  }

  static Bytes sequenceKey(byte kind, DatabaseId id, long n) {
    return Bytes.of(
        ByteBuffer.allocate(41).put(kind).put(id.value().toByteArray()).putLong(n).array());
  }

  static Bytes entryKey(DatabaseId id, long n, int i) {
    return Bytes.of(
        ByteBuffer.allocate(45)
            .put(LOG_ENTRY)
            .put(id.value().toByteArray())
            .putLong(n)
            .putInt(i)
            .array());
  }

  // ---------------------------------------------------------------- members

  static LedgerContractsProto.DatabaseContractMember member(Member m) {
    return LedgerContractsProto.DatabaseContractMember.newBuilder()
        .setAccount(ContractWire.address(m.account()))
        .setNodeKey(ApiTypesCodec.toProto(m.nodeKey()))
        .build();
  }

  static Member member(LedgerContractsProto.DatabaseContractMember m)
      throws InvalidLedgerInputException {
    return new Member(
        ContractWire.address(m.getAccount(), "member account"),
        ContractWire.ed25519Key(m.getNodeKey(), m.hasNodeKey(), "member node key"));
  }

  // ---------------------------------------------------------------- encoders

  static Bytes encode(Database d) {
    LedgerContractsProto.DatabaseContractRecord.Builder b =
        LedgerContractsProto.DatabaseContractRecord.newBuilder()
            .setCreator(ContractWire.address(d.creator()))
            .setName(d.name())
            .setConfirmedLogNumber(d.confirmedLogNumber())
            .setLogCount(d.logCount())
            .setCreatedBlock(d.createdBlock());
    for (Member m : d.members()) {
      b.addMembers(member(m));
    }
    return Bytes.of(b.build().toByteArray());
  }

  static Bytes encode(JoinApplication a) {
    LedgerContractsProto.DatabaseContractApplication.Builder b =
        LedgerContractsProto.DatabaseContractApplication.newBuilder()
            .setNodeKey(ApiTypesCodec.toProto(a.nodeKey()));
    for (Address v : a.approvals()) {
      b.addApprovals(ContractWire.address(v));
    }
    for (Address v : a.rejections()) {
      b.addRejections(ContractWire.address(v));
    }
    return Bytes.of(b.build().toByteArray());
  }

  static Bytes encodeHead(DatabaseLog log) {
    return Bytes.of(
        LedgerContractsProto.DatabaseContractLogHead.newBuilder()
            .setOperationCount(log.entries().size())
            .setUploadDigest(ApiTypesCodec.toProto(log.uploadDigest()))
            .setBlock(log.block())
            .setTransaction(ApiTypesCodec.toProto(log.transaction()))
            .build()
            .toByteArray());
  }

  static Bytes encode(LogEntry e) {
    return Bytes.of(
        LedgerContractsProto.DatabaseContractLogEntry.newBuilder()
            .setCommand(ApiTypesCodec.byteString(e.command()))
            .setInitiator(e.initiator().value())
            .setInitiatorKey(ApiTypesCodec.toProto(e.initiatorKey()))
            .setTimestamp(e.timestamp())
            .setSequence(e.sequence())
            .build()
            .toByteArray());
  }

  static Bytes encode(Conflict c) {
    return Bytes.of(
        LedgerContractsProto.DatabaseContractConflict.newBuilder()
            .setHeldDigest(ApiTypesCodec.toProto(c.heldDigest()))
            .setOfferedDigest(ApiTypesCodec.toProto(c.offeredDigest()))
            .setBlock(c.block())
            .setTransaction(ApiTypesCodec.toProto(c.transaction()))
            .build()
            .toByteArray());
  }

  // ---------------------------------------------------------------- readers

  // The contract wrote these entries, so one that does not decode means the state is damaged, not
  // that a caller sent bad input: the readers throw IllegalStateException.

  static Optional<Database> database(Function<Bytes, Optional<Bytes>> entries, DatabaseId id) {
    return ContractWire.readRecord(
        entries,
        databaseKey(id),
        ContractStorage.MAX_VALUE_SIZE,
        LedgerContractsProto.DatabaseContractRecord.getDefaultInstance(),
        "database",
        r -> {
          List<Member> members = new ArrayList<>(r.getMembersCount());
          for (LedgerContractsProto.DatabaseContractMember m : r.getMembersList()) {
            members.add(member(m));
          }
          return new Database(
              id,
              ContractWire.address(r.getCreator(), "creator"),
              r.getName(),
              members,
              r.getConfirmedLogNumber(),
              r.getLogCount(),
              r.getCreatedBlock());
        });
  }

  static Optional<JoinApplication> application(
      Function<Bytes, Optional<Bytes>> entries, DatabaseId id, Address applicant) {
    return ContractWire.readRecord(
        entries,
        applicationKey(id, applicant),
        ContractStorage.MAX_VALUE_SIZE,
        LedgerContractsProto.DatabaseContractApplication.getDefaultInstance(),
        "application",
        r ->
            new JoinApplication(
                applicant,
                ContractWire.ed25519Key(r.getNodeKey(), r.hasNodeKey(), "node key"),
                addresses(r.getApprovalsList()),
                addresses(r.getRejectionsList())));
  }

  static Optional<DatabaseLog> log(
      Function<Bytes, Optional<Bytes>> entries, DatabaseId id, long n) {
    return ContractWire.readRecord(
        entries,
        sequenceKey(LOG_HEAD, id, n),
        1024,
        LedgerContractsProto.DatabaseContractLogHead.getDefaultInstance(),
        "log head",
        head -> {
          long count = head.getOperationCount();
          if (count < 0 || count > Integer.MAX_VALUE) {
            throw new InvalidLedgerInputException(Reason.MALFORMED, "operation count");
          }
          List<LogEntry> list = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            list.add(entry(entries, id, n, i));
          }
          return new DatabaseLog(
              n,
              list,
              ContractWire.hash(head.getUploadDigest(), head.hasUploadDigest(), "digest"),
              head.getBlock(),
              ContractWire.hash(head.getTransaction(), head.hasTransaction(), "transaction"));
        });
  }

  /** The upload digest of held log n, without reading its entries. */
  static Optional<Hash> logDigest(Function<Bytes, Optional<Bytes>> entries, DatabaseId id, long n) {
    return ContractWire.readRecord(
        entries,
        sequenceKey(LOG_HEAD, id, n),
        1024,
        LedgerContractsProto.DatabaseContractLogHead.getDefaultInstance(),
        "log head",
        head -> ContractWire.hash(head.getUploadDigest(), head.hasUploadDigest(), "digest"));
  }

  private static LogEntry entry(
      Function<Bytes, Optional<Bytes>> entries, DatabaseId id, long n, int i)
      throws InvalidLedgerInputException {
    Bytes raw =
        entries
            .apply(entryKey(id, n, i))
            .orElseThrow(() -> corrupt("log entry", new IllegalStateException("missing")));
    LedgerContractsProto.DatabaseContractLogEntry e =
        ContractWire.parse(
            raw,
            ContractStorage.MAX_VALUE_SIZE,
            LedgerContractsProto.DatabaseContractLogEntry.getDefaultInstance());
    return new LogEntry(
        ApiTypesCodec.bytes(e.getCommand()),
        new NodeId(e.getInitiator()),
        ContractWire.ed25519Key(e.getInitiatorKey(), e.hasInitiatorKey(), "initiator key"),
        e.getTimestamp(),
        e.getSequence());
  }

  static Optional<Conflict> conflict(
      Function<Bytes, Optional<Bytes>> entries, DatabaseId id, long n) {
    return ContractWire.readRecord(
        entries,
        sequenceKey(CONFLICT, id, n),
        1024,
        LedgerContractsProto.DatabaseContractConflict.getDefaultInstance(),
        "conflict",
        c ->
            new Conflict(
                n,
                ContractWire.hash(c.getHeldDigest(), c.hasHeldDigest(), "held"),
                ContractWire.hash(c.getOfferedDigest(), c.hasOfferedDigest(), "offered"),
                c.getBlock(),
                ContractWire.hash(c.getTransaction(), c.hasTransaction(), "transaction")));
  }

  private static List<Address> addresses(List<ByteString> raw) throws InvalidLedgerInputException {
    List<Address> list = new ArrayList<>(raw.size());
    for (ByteString a : raw) {
      list.add(ContractWire.address(a, "voter"));
    }
    return list;
  }

  private static IllegalStateException corrupt(String what, Exception cause) {
    return new IllegalStateException("corrupt " + what + " entry in contract storage", cause);
  }
}
