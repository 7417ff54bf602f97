package org.cybervein.ledger.contract.database;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerContractsProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractWire;
import org.cybervein.ledger.transaction.ContractCall;

/**
 * One call of the database management contract, the input of a {@code ContractCall} to {@link
 * DatabaseContract#ID}. {@link #encode()} gives the input bytes; {@link #decode} reads untrusted
 * ones (message {@code DatabaseContractCall} of {@code ledger_contracts.proto}).
 */
public sealed interface DatabaseCall {
  /** The largest encoded call accepted: a transaction's largest contract input. */
  int MAX_ENCODED_SIZE = ContractCall.MAX_INPUT_SIZE;

  /**
   * The canonical encoding, the bytes a transaction carries.
   *
   * @return the canonical bytes
   */
  Bytes encode();

  /**
   * Creates a database.
   *
   * @param name 1 to 64 characters of {@code [A-Za-z0-9._-]}; the id is {@code
   *     DatabaseId.of(caller, name)}
   * @param members the member list, member i being PBFT replica i; 1 to 100, distinct accounts and
   *     keys
   */
  record Create(String name, List<Member> members) implements DatabaseCall {
    /**
     * Checks the parts and copies the list.
     *
     * @param name 1 to 64 characters of {@code [A-Za-z0-9._-]}; the id is {@code
     *     DatabaseId.of(caller, name)}
     * @param members the member list, member i being PBFT replica i; 1 to 100, distinct accounts
     *     and keys
     */
    public Create {
      Objects.requireNonNull(name, "name");
      members = List.copyOf(members);
      if (!ContractWire.isValidName(name)) {
        throw new IllegalArgumentException("database names are [A-Za-z0-9._-]{1,64}");
      }
      Database.checkMembers(members);
    }

    @Override
    public Bytes encode() {
      LedgerContractsProto.DatabaseContractCreate.Builder b =
          LedgerContractsProto.DatabaseContractCreate.newBuilder().setName(name);
      for (Member m : members) {
        b.addMembers(DatabaseRecords.member(m));
      }
      return wrap(LedgerContractsProto.DatabaseContractCall.newBuilder().setCreate(b));
    }
  }

  /**
   * The caller's account applies to join {@code database} with its node's key.
   *
   * @param database the database
   * @param nodeKey the node's Ed25519 key
   */
  record Apply(DatabaseId database, PublicKey nodeKey) implements DatabaseCall {
    /**
     * Rejects null and a key that is not Ed25519.
     *
     * @param database the database
     * @param nodeKey the node's Ed25519 key
     */
    public Apply {
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(nodeKey, "nodeKey");
      if (nodeKey.algorithm() != SignatureAlgorithm.ED25519) {
        throw new IllegalArgumentException("node keys are Ed25519");
      }
    }

    @Override
    public Bytes encode() {
      return wrap(
          LedgerContractsProto.DatabaseContractCall.newBuilder()
              .setApply(
                  LedgerContractsProto.DatabaseContractApply.newBuilder()
                      .setDatabase(ApiTypesCodec.toProto(database.value()))
                      .setNodeKey(ApiTypesCodec.toProto(nodeKey))));
    }
  }

  /**
   * A member votes on {@code applicant}'s application.
   *
   * @param database the database
   * @param applicant the applying account
   * @param approve true to admit
   */
  record Vote(DatabaseId database, Address applicant, boolean approve) implements DatabaseCall {
    /**
     * Rejects null.
     *
     * @param database the database
     * @param applicant the applying account
     * @param approve true to admit
     */
    public Vote {
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(applicant, "applicant");
    }

    @Override
    public Bytes encode() {
      return wrap(
          LedgerContractsProto.DatabaseContractCall.newBuilder()
              .setVote(
                  LedgerContractsProto.DatabaseContractVote.newBuilder()
                      .setDatabase(ApiTypesCodec.toProto(database.value()))
                      .setApplicant(ContractWire.address(applicant))
                      .setApprove(approve)));
    }
  }

  /**
   * Inserts log {@code sequence} with its certificate: signed PBFT UPLOAD {@code <n, d>} frames,
   * each an encoded {@code PbftFrame} exactly as its replica signed it, and the encoded {@code
   * PbftLog} whose digest d they sign.
   *
   * @param database the database
   * @param sequence n, at least 1
   * @param uploads the signed UPLOAD frames, at least one
   * @param log the encoded {@code PbftLog} of log n
   */
  record InsertLog(DatabaseId database, long sequence, List<Bytes> uploads, Bytes log)
      implements DatabaseCall {
    /**
     * Checks the parts and copies the list.
     *
     * @param database the database
     * @param sequence n, at least 1
     * @param uploads the signed UPLOAD frames, at least one
     * @param log the encoded {@code PbftLog} of log n
     */
    public InsertLog {
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(log, "log");
      uploads = List.copyOf(uploads);
      if (sequence < 1) {
        throw new IllegalArgumentException("sequence must be at least 1");
      }
      if (uploads.isEmpty()) {
        throw new IllegalArgumentException("no uploads");
      }
    }

    @Override
    public Bytes encode() {
      LedgerContractsProto.DatabaseContractInsertLog.Builder b =
          LedgerContractsProto.DatabaseContractInsertLog.newBuilder()
              .setDatabase(ApiTypesCodec.toProto(database.value()))
              .setSequence(sequence);
      for (Bytes u : uploads) {
        b.addUploads(ApiTypesCodec.byteString(u));
      }
      b.setLog(ApiTypesCodec.byteString(log));
      return wrap(LedgerContractsProto.DatabaseContractCall.newBuilder().setInsertLog(b));
    }
  }

  /**
   * Decodes a call from a transaction. The UPLOAD frames and the log of an {@link InsertLog} are
   * only carried here; the contract parses and checks them.
   *
   * @param input the transaction's call input
   * @return the call
   * @throws InvalidLedgerInputException {@code OVERSIZED} above {@link #MAX_ENCODED_SIZE}, {@code
   *     NON_CANONICAL} if not the canonical encoding, {@code MALFORMED} if it does not parse or a
   *     field is missing or out of range
   */
  static DatabaseCall decode(Bytes input) throws InvalidLedgerInputException {
    return ContractWire.decodeCall(
        input,
        MAX_ENCODED_SIZE,
        LedgerContractsProto.DatabaseContractCall.getDefaultInstance(),
        DatabaseCall::fromProto);
  }

  private static DatabaseCall fromProto(LedgerContractsProto.DatabaseContractCall call)
      throws InvalidLedgerInputException {
    return switch (call.getKindCase()) {
      case CREATE -> {
        LedgerContractsProto.DatabaseContractCreate c = call.getCreate();
        if (c.getMembersCount() > Database.MAX_MEMBERS) {
          throw new InvalidLedgerInputException(Reason.MALFORMED, "too many members");
        }
        List<Member> members = new ArrayList<>(c.getMembersCount());
        for (LedgerContractsProto.DatabaseContractMember m : c.getMembersList()) {
          members.add(DatabaseRecords.member(m));
        }
        yield new Create(ContractWire.name(c.getName()), members);
      }
      case APPLY ->
          new Apply(
              databaseId(call.getApply().getDatabase(), call.getApply().hasDatabase()),
              ContractWire.ed25519Key(
                  call.getApply().getNodeKey(), call.getApply().hasNodeKey(), "node key"));
      case VOTE ->
          new Vote(
              databaseId(call.getVote().getDatabase(), call.getVote().hasDatabase()),
              ContractWire.address(call.getVote().getApplicant(), "applicant"),
              call.getVote().getApprove());
      case INSERT_LOG -> {
        LedgerContractsProto.DatabaseContractInsertLog l = call.getInsertLog();
        if (l.getUploadsCount() == 0) {
          throw new InvalidLedgerInputException(Reason.MALFORMED, "no uploads");
        }
        List<Bytes> uploads = new ArrayList<>(l.getUploadsCount());
        for (ByteString u : l.getUploadsList()) {
          uploads.add(ApiTypesCodec.bytes(u));
        }
        yield new InsertLog(
            databaseId(l.getDatabase(), l.hasDatabase()),
            ContractWire.positive(l.getSequence(), "sequence"),
            uploads,
            ApiTypesCodec.bytes(l.getLog()));
      }
      case KIND_NOT_SET -> throw new InvalidLedgerInputException(Reason.MALFORMED, "no call");
    };
  }

  private static DatabaseId databaseId(TypesProto.Hash proto, boolean present)
      throws InvalidLedgerInputException {
    return new DatabaseId(ContractWire.hash(proto, present, "database id"));
  }

  private static Bytes wrap(LedgerContractsProto.DatabaseContractCall.Builder call) {
    return Bytes.of(call.build().toByteArray());
  }
}
