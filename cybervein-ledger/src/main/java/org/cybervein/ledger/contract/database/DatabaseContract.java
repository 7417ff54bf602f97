package org.cybervein.ledger.contract.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.UploadCertificateVerifier;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractStorage;
import org.cybervein.ledger.contract.ContractWire;
import org.cybervein.ledger.contract.NativeContract;

/**
 * The whitepaper's database management contract ({@code database} version 1): each database's
 * member list, the admission of new member nodes, and the operation log its members agreed on with
 * PBFT. Calls are {@link DatabaseCall}s; every rule is checked before anything is written, and a
 * refused call throws {@link InvalidLedgerInputException} (the ledger then discards the call).
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li><b>Create</b> ("member list of account and node addresses"): any account creates {@code
 *       DatabaseId.of(caller, name)} ({@code DUPLICATE} if it exists) with 1 to 100 members, each
 *       an account address and a node Ed25519 key, accounts and keys distinct. Member i is PBFT
 *       replica i, and {@code f = (|members| - 1) / 3}.
 *   <li><b>Apply</b> ("a node applies to join"): the caller's account applies with its node key;
 *       refused ({@code DUPLICATE}) if the account or key is already a member's or the caller has
 *       an application pending, and ({@code CONTRACT_RULE}) when the list holds 100 members. Two
 *       pending applications may name one key (so nobody blocks an applicant by copying its key
 *       first); the vote that would admit the second is refused ({@code DUPLICATE}).
 *   <li><b>Vote</b> ("members vote; passes with more than two thirds"): only a member's account
 *       votes ({@code NOT_AUTHORIZED} otherwise), once per application ({@code DUPLICATE}). The
 *       application passes when approvals exceed two thirds of the current members ({@code 3a >
 *       2m}); the applicant is then appended as member m (replica m). It fails once rejections make
 *       that impossible ({@code 3r >= m}). Either way the application is removed, so the applicant
 *       may apply again. Members are never removed in version 1. The vote that would admit a member
 *       to a list already holding 100 is refused ({@code CONTRACT_RULE}), as an application to it
 *       would be.
 *   <li><b>Insert log</b> ("insertion only with f + 1 matching signed UPLOADs of members, checked
 *       by the contract"): log n is inserted only with a certificate in which every frame is a
 *       signed PBFT UPLOAD {@code <n, d>} whose sender index names a member ({@code
 *       NOT_AUTHORIZED}), no member appears twice ({@code DUPLICATE}), all carry equal content
 *       ({@code CONTRACT_RULE}), at least f + 1 members signed ({@code BAD_PROOF}), the log carried
 *       with the frames hashes to their digest d ({@code BAD_PROOF}) and is log n ({@code
 *       CONTRACT_RULE}), and each signature is that member's node key's signature on the frame as
 *       PBFT replicas sign it ({@code BAD_SIGNATURE}). A set with any bad frame is refused whole.
 *       Anyone may submit a certificate: it proves itself. These are the checks of {@link
 *       org.cybervein.consensus.pbft.UploadCertificateVerifier}, with the members' node keys as the
 *       replica keys; its other refusals are {@code OVERSIZED}, {@code NON_CANONICAL} and {@code
 *       MALFORMED}, and a command too large for a log entry is {@code CONTRACT_RULE}.
 *   <li><b>One key per database</b>: a PBFT UPLOAD does not name its database, so a certificate for
 *       one database is also valid for another whose members at the same indexes hold the same node
 *       keys. Nodes use a distinct key per database; the contract cannot see keys reused across
 *       databases.
 *   <li><b>Each log once</b>: log n is written once, by the first valid insertion. A later valid
 *       certificate for a held n with equal content changes nothing, and the call succeeds (every
 *       correct replica submits the certificate it collected, and refusing the losers of that race
 *       would break their nonce sequences); one with other content is recorded once as {@link
 *       Conflict} evidence (it takes more than f faulty members) and the held log stays. A repeated
 *       transaction is refused by the ledger's nonce rule before the contract sees it.
 *   <li><b>The log array and the confirmed log number</b>: log n is kept as its entries (executable
 *       command, initiator, timestamp, sequence number), queried by sequence number with {@link
 *       #log}; the confirmed log number is the highest n such that logs 1 to n are all held.
 * </ul>
 *
 * <h2>Queries</h2>
 *
 * The static queries read the contract's entries through any function from entry key to value, e.g.
 * {@code key -> ledgerState.contractEntry(DatabaseContract.ID, key)}.
 */
public final class DatabaseContract implements NativeContract {
  /** This contract's id: {@code database} version 1. */
  public static final ContractId ID = new ContractId("database", 1);

  /** The contract; it has no parameters. */
  public DatabaseContract() {}

  @Override
  public ContractId id() {
    return ID;
  }

  @Override
  public void call(CallContext context, Bytes input) throws InvalidLedgerInputException {
    Objects.requireNonNull(context, "context");
    DatabaseCall call = DatabaseCall.decode(input);
    if (call instanceof DatabaseCall.Create c) {
      create(context, c);
    } else if (call instanceof DatabaseCall.Apply a) {
      apply(context, a);
    } else if (call instanceof DatabaseCall.Vote v) {
      vote(context, v);
    } else if (call instanceof DatabaseCall.InsertLog l) {
      insertLog(context, l);
    } else {
      throw new IllegalStateException("unknown call " + call);
    }
  }

  private static void create(CallContext context, DatabaseCall.Create c)
      throws InvalidLedgerInputException {
    DatabaseId id = DatabaseId.of(context.caller(), c.name());
    ContractStorage storage = context.storage();
    if (storage.get(DatabaseRecords.databaseKey(id)).isPresent()) {
      throw new InvalidLedgerInputException(Reason.DUPLICATE, "database " + id + " exists");
    }
    storage.put(
        DatabaseRecords.databaseKey(id),
        DatabaseRecords.encode(
            new Database(id, context.caller(), c.name(), c.members(), 0, 0, context.blockIndex())));
  }

  private static void apply(CallContext context, DatabaseCall.Apply a)
      throws InvalidLedgerInputException {
    ContractStorage storage = context.storage();
    Database db = existing(storage, a.database());
    Address applicant = context.caller();
    for (Member m : db.members()) {
      if (m.account().equals(applicant) || m.nodeKey().equals(a.nodeKey())) {
        throw new InvalidLedgerInputException(Reason.DUPLICATE, "already a member");
      }
    }
    if (db.members().size() >= Database.MAX_MEMBERS) {
      throw new InvalidLedgerInputException(Reason.CONTRACT_RULE, "the member list is full");
    }
    if (storage.get(DatabaseRecords.applicationKey(a.database(), applicant)).isPresent()) {
      throw new InvalidLedgerInputException(Reason.DUPLICATE, "an application is pending");
    }
    storage.put(
        DatabaseRecords.applicationKey(a.database(), applicant),
        DatabaseRecords.encode(new JoinApplication(applicant, a.nodeKey(), List.of(), List.of())));
    // A key pending in another application is caught when that one would be admitted, below, so
    // that an applicant cannot block others by applying with their key first.
  }

  private static void vote(CallContext context, DatabaseCall.Vote v)
      throws InvalidLedgerInputException {
    ContractStorage storage = context.storage();
    Database db = existing(storage, v.database());
    Address voter = context.caller();
    if (db.indexOf(voter).isEmpty()) {
      throw new InvalidLedgerInputException(Reason.NOT_AUTHORIZED, "only members vote");
    }
    Bytes key = DatabaseRecords.applicationKey(v.database(), v.applicant());
    JoinApplication held =
        DatabaseRecords.application(storage::get, v.database(), v.applicant())
            .orElseThrow(
                () -> new InvalidLedgerInputException(Reason.NOT_FOUND, "no such application"));
    if (held.hasVoted(voter)) {
      throw new InvalidLedgerInputException(Reason.DUPLICATE, "this member has voted");
    }
    List<Address> approvals = new ArrayList<>(held.approvals());
    List<Address> rejections = new ArrayList<>(held.rejections());
    (v.approve() ? approvals : rejections).add(voter);
    long members = db.members().size();
    if (3L * approvals.size() > 2L * members) {
      if (db.members().size() >= Database.MAX_MEMBERS) {
        // Another application filled the list after this one was made.
        throw new InvalidLedgerInputException(Reason.CONTRACT_RULE, "the member list is full");
      }
      for (Member m : db.members()) {
        if (m.nodeKey().equals(held.nodeKey())) {
          // Another applicant with the same node key was admitted first.
          throw new InvalidLedgerInputException(Reason.DUPLICATE, "the node key is a member's");
        }
      }
      List<Member> grown = new ArrayList<>(db.members());
      grown.add(new Member(held.applicant(), held.nodeKey()));
      storage.delete(key);
      storage.put(
          DatabaseRecords.databaseKey(db.id()),
          DatabaseRecords.encode(
              new Database(
                  db.id(),
                  db.creator(),
                  db.name(),
                  grown,
                  db.confirmedLogNumber(),
                  db.logCount(),
                  db.createdBlock())));
    } else if (3L * rejections.size() >= members) {
      storage.delete(key);
    } else {
      storage.put(
          key,
          DatabaseRecords.encode(
              new JoinApplication(held.applicant(), held.nodeKey(), approvals, rejections)));
    }
  }

  private static void insertLog(CallContext context, DatabaseCall.InsertLog l)
      throws InvalidLedgerInputException {
    ContractStorage storage = context.storage();
    Database db = existing(storage, l.database());
    CertifiedLog certified = UploadVerification.check(db, l.sequence(), l.uploads(), l.log());
    long n = l.sequence();
    Optional<Hash> held = DatabaseRecords.logDigest(storage::get, db.id(), n);
    if (held.isPresent()) {
      // Every correct replica that collects a certificate submits it, so repeated insertions of a
      // held log are the normal race, not an attack: they succeed and change nothing (the
      // submitter still pays its fee), which keeps each replica's transaction nonces contiguous.
      if (held.get().equals(certified.uploadDigest())) {
        return;
      }
      Bytes conflictKey = DatabaseRecords.sequenceKey(DatabaseRecords.CONFLICT, db.id(), n);
      if (storage.get(conflictKey).isPresent()) {
        return;
      }
      storage.put(
          conflictKey,
          DatabaseRecords.encode(
              new Conflict(
                  n,
                  held.get(),
                  certified.uploadDigest(),
                  context.blockIndex(),
                  context.transactionId())));
      return;
    }
    DatabaseLog log =
        new DatabaseLog(
            n,
            certified.entries(),
            certified.uploadDigest(),
            context.blockIndex(),
            context.transactionId());
    storage.put(
        DatabaseRecords.sequenceKey(DatabaseRecords.LOG_HEAD, db.id(), n),
        DatabaseRecords.encodeHead(log));
    for (int i = 0; i < log.entries().size(); i++) {
      storage.put(
          DatabaseRecords.entryKey(db.id(), n, i), DatabaseRecords.encode(log.entries().get(i)));
    }
    long confirmed = db.confirmedLogNumber();
    while (storage
        .get(DatabaseRecords.sequenceKey(DatabaseRecords.LOG_HEAD, db.id(), confirmed + 1))
        .isPresent()) {
      confirmed++;
    }
    storage.put(
        DatabaseRecords.databaseKey(db.id()),
        DatabaseRecords.encode(
            new Database(
                db.id(),
                db.creator(),
                db.name(),
                db.members(),
                confirmed,
                db.logCount() + 1,
                db.createdBlock())));
  }

  private static Database existing(ContractStorage storage, DatabaseId id)
      throws InvalidLedgerInputException {
    return DatabaseRecords.database(storage::get, id)
        .orElseThrow(() -> new InvalidLedgerInputException(Reason.NOT_FOUND, "no database " + id));
  }

  // ---------------------------------------------------------------- checks others reuse

  /**
   * Checks {@code uploads} with {@code log} as a certificate for log {@code sequence} of {@code
   * database} exactly as an insertion would (see the rules above), and returns what it proves. Lets
   * a submitter check a certificate before paying for a transaction.
   *
   * @param database the database the log belongs to
   * @param sequence the log's sequence number n
   * @param uploads the encoded signed UPLOAD frames offered as its certificate
   * @param log the encoded {@code PbftLog} whose digest the uploads sign
   * @return the certified log
   * @throws InvalidLedgerInputException with the reason the insertion would be refused for
   */
  public static CertifiedLog verifyCertificate(
      Database database, long sequence, List<Bytes> uploads, Bytes log)
      throws InvalidLedgerInputException {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(log, "log");
    if (sequence < 1) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "sequence must be at least 1");
    }
    return UploadVerification.check(database, sequence, List.copyOf(uploads), log);
  }

  /**
   * The upload digest of log n, as {@link DatabaseLog#uploadDigest} records it: the log digest d
   * that the certifying UPLOADs {@code <n, d>} signed, i.e. {@link
   * org.cybervein.consensus.pbft.UploadCertificateVerifier#logDigest} of the encoded {@code
   * PbftLog}.
   *
   * @param encodedPbftLog the encoded {@code PbftLog}
   * @return the upload digest
   * @throws InvalidLedgerInputException if the bytes are not a canonical {@code PbftLog}
   */
  public static Hash uploadDigest(Bytes encodedPbftLog) throws InvalidLedgerInputException {
    ContractWire.parse(
        encodedPbftLog, DatabaseCall.MAX_ENCODED_SIZE, PbftProto.PbftLog.getDefaultInstance());
    return UploadCertificateVerifier.logDigest(encodedPbftLog);
  }

  // ---------------------------------------------------------------- queries

  /**
   * The database {@code id}, with its member list and confirmed log number.
   *
   * @param entries the contract's entries by key, e.g. {@code key ->
   *     state.contractEntry(DatabaseContract.ID, key)}
   * @param id the database, as {@link DatabaseId#of} names it
   * @return the database, or empty if it does not exist
   * @throws IllegalStateException if the stored entry is damaged
   */
  public static Optional<Database> database(
      Function<Bytes, Optional<Bytes>> entries, DatabaseId id) {
    return DatabaseRecords.database(Objects.requireNonNull(entries, "entries"), id);
  }

  /**
   * The pending application of {@code applicant} to {@code id}, if any.
   *
   * @param entries the contract's entries by key
   * @param id the database, as {@link DatabaseId#of} names it
   * @param applicant the applicant's address
   * @return the application, or empty if none is pending
   */
  public static Optional<JoinApplication> application(
      Function<Bytes, Optional<Bytes>> entries, DatabaseId id, Address applicant) {
    return DatabaseRecords.application(
        Objects.requireNonNull(entries, "entries"),
        id,
        Objects.requireNonNull(applicant, "applicant"));
  }

  /**
   * Log {@code sequence} of database {@code id}, if held: the query by sequence number.
   *
   * @param entries the contract's entries by key
   * @param id the database, as {@link DatabaseId#of} names it
   * @param sequence the log's PBFT sequence number n
   * @return the log, or empty if not held
   */
  public static Optional<DatabaseLog> log(
      Function<Bytes, Optional<Bytes>> entries, DatabaseId id, long sequence) {
    Objects.requireNonNull(entries, "entries");
    return sequence < 1 ? Optional.empty() : DatabaseRecords.log(entries, id, sequence);
  }

  /**
   * True if log {@code sequence} of database {@code id} is held (reads only its head).
   *
   * @param entries the contract's entries by key
   * @param id the database, as {@link DatabaseId#of} names it
   * @param sequence the log's PBFT sequence number n
   * @return true if the log is held
   */
  public static boolean holdsLog(
      Function<Bytes, Optional<Bytes>> entries, DatabaseId id, long sequence) {
    Objects.requireNonNull(entries, "entries");
    return sequence >= 1 && DatabaseRecords.logDigest(entries, id, sequence).isPresent();
  }

  /**
   * The conflict evidence recorded for log {@code sequence} of database {@code id}, if any.
   *
   * @param entries the contract's entries by key
   * @param id the database, as {@link DatabaseId#of} names it
   * @param sequence the log's PBFT sequence number n
   * @return the conflict, or empty if none was recorded
   */
  public static Optional<Conflict> conflict(
      Function<Bytes, Optional<Bytes>> entries, DatabaseId id, long sequence) {
    Objects.requireNonNull(entries, "entries");
    return sequence < 1 ? Optional.empty() : DatabaseRecords.conflict(entries, id, sequence);
  }
}
