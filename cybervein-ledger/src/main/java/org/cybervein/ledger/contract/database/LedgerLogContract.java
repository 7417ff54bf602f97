package org.cybervein.ledger.contract.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.consensus.pbft.LogContract;
import org.cybervein.consensus.pbft.LoggedOperation;
import org.cybervein.consensus.pbft.OperationLog;
import org.cybervein.consensus.pbft.SignedUpload;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;

/**
 * The {@link LogContract} of a PBFT replica backed by the ledger's database management contract
 * ({@link DatabaseContract}): where the whitepaper's agreed logs land on the chain. One instance
 * per replica; it reads the ledger state and signs insertion transactions with the replica's
 * account key.
 *
 * <p><b>Insert.</b> {@link #insert} checks the certificate exactly as the contract will ({@link
 * DatabaseContract#verifyCertificate}: f + 1 matching UPLOADs signed by distinct members with their
 * node keys and the log that hashes to their digest, against the member list the ledger holds now),
 * then signs a {@code ContractCall} of {@link DatabaseCall.InsertLog} with the frames as the
 * replicas signed them and the log, and hands it to the {@link TransactionSubmitter}. It answers
 * {@link Outcome#INSERTED} once the submitter took the transaction: the log is on the ledger when a
 * block that includes it is applied (at once, if the submitter applies blocks itself). The contract
 * keeps one log per sequence number: when several replicas submit the same log, the first included
 * writes it and the others land as no-ops, so every replica's nonces stay contiguous.
 *
 * <p><b>Queries.</b> {@link #contains} and {@link #entry} read the ledger state: they see a log
 * once its block is applied.
 *
 * <p><b>Nonces.</b> Each insertion takes the account's next nonce: the state's, or one past the
 * last this instance submitted if that is higher (insertions submitted but not yet in a block). A
 * submitted transaction that never lands (the account cannot pay its fee, the mempool drops it)
 * leaves a gap that stalls later ones until the host resubmits or makes a new instance. Not
 * thread-safe, like the replica that calls it.
 */
public final class LedgerLogContract implements LogContract {
  /** Takes a signed insertion transaction towards a block (a mempool, or a block producer). */
  @FunctionalInterface
  public interface TransactionSubmitter {
    /**
     * Submits {@code transaction}.
     *
     * @param transaction the signed transaction
     * @throws InvalidLedgerInputException if it is refused at once (a submitter that applies it
     *     directly throws the ledger's reason)
     */
    void submit(SignedTransaction transaction) throws InvalidLedgerInputException;
  }

  private final LedgerState state;
  private final DatabaseId database;
  private final Ed25519PrivateKey account;
  private final Amount fee;
  private final TransactionSubmitter submitter;
  private final Function<Bytes, Optional<Bytes>> entries;
  private long nextNonce;
  private Optional<InvalidLedgerInputException> lastRefusal = Optional.empty();

  /**
   * A log contract for {@code database} on {@code state}.
   *
   * @param state the ledger state to read
   * @param database the database whose log this is
   * @param account the key of the account that signs and pays for insertion transactions
   * @param fee the fee of each insertion transaction (at least the ledger's minimum)
   * @param submitter where insertion transactions go
   */
  public LedgerLogContract(
      LedgerState state,
      DatabaseId database,
      Ed25519PrivateKey account,
      Amount fee,
      TransactionSubmitter submitter) {
    this.state = Objects.requireNonNull(state, "state");
    this.database = Objects.requireNonNull(database, "database");
    this.account = Objects.requireNonNull(account, "account");
    this.fee = Objects.requireNonNull(fee, "fee");
    this.submitter = Objects.requireNonNull(submitter, "submitter");
    this.entries = key -> state.contractEntry(DatabaseContract.ID, key);
  }

  @Override
  public Outcome insert(long sequence, List<SignedUpload> uploads, Bytes log) {
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(log, "log");
    Optional<Database> db = DatabaseContract.database(entries, database);
    if (db.isEmpty()) {
      return refused(new InvalidLedgerInputException(Reason.NOT_FOUND, "no database " + database));
    }
    List<Bytes> frames = new ArrayList<>(uploads.size());
    for (SignedUpload u : uploads) {
      frames.add(Objects.requireNonNull(u, "upload").frame());
    }
    try {
      CertifiedLog certified = DatabaseContract.verifyCertificate(db.get(), sequence, frames, log);
      for (SignedUpload u : uploads) {
        // The contract reads only the frames; a SignedUpload whose stated content is not its
        // frame's is as bad as a forged one (InMemoryLogContract refuses it too).
        if (u.upload().sequence() != sequence
            || !u.upload().logDigest().equals(certified.uploadDigest())) {
          throw new InvalidLedgerInputException(
              Reason.BAD_SIGNATURE, "replica " + u.replica() + "'s upload is not its frame's");
        }
      }
      // Checked after the certificate, as InMemoryLogContract does: a bad set is REJECTED even
      // for a held n, so the caller learns its set was bad.
      if (contains(sequence)) {
        lastRefusal = Optional.empty();
        return Outcome.ALREADY_PRESENT;
      }
      Bytes input = new DatabaseCall.InsertLog(database, sequence, frames, log).encode();
      if (input.size() > ContractCall.MAX_INPUT_SIZE) {
        throw new InvalidLedgerInputException(
            Reason.OVERSIZED, "certificate of " + input.size() + " bytes");
      }
      long nonce = Math.max(nextNonce, state.account(Address.of(account.publicKey())).nonce());
      SignedTransaction tx =
          SignedTransaction.sign(
              new Transaction(
                  account.publicKey(), nonce, fee, new ContractCall(DatabaseContract.ID, input)),
              account);
      submitter.submit(tx);
      nextNonce = nonce + 1;
    } catch (InvalidLedgerInputException e) {
      return refused(e);
    }
    lastRefusal = Optional.empty();
    return Outcome.INSERTED;
  }

  private Outcome refused(InvalidLedgerInputException why) {
    lastRefusal = Optional.of(why);
    return Outcome.REJECTED;
  }

  /**
   * Why the last {@link #insert} was {@link Outcome#REJECTED}, for logs and tests.
   *
   * @return the last refusal, or empty
   */
  public Optional<InvalidLedgerInputException> lastRefusal() {
    return lastRefusal;
  }

  @Override
  public boolean contains(long sequence) {
    return DatabaseContract.holdsLog(entries, database, sequence);
  }

  @Override
  public Optional<OperationLog> entry(long sequence) {
    return DatabaseContract.log(entries, database, sequence).map(LedgerLogContract::upload);
  }

  /**
   * The confirmed log number the ledger holds for this database (0 if none or no database).
   *
   * @return the confirmed log number
   */
  public long confirmedLogNumber() {
    return DatabaseContract.database(entries, database)
        .map(Database::confirmedLogNumber)
        .orElse(0L);
  }

  private static OperationLog upload(DatabaseLog log) {
    return upload(log.sequence(), log.entries());
  }

  private static OperationLog upload(long sequence, List<LogEntry> entries) {
    List<LoggedOperation> ops = new ArrayList<>(entries.size());
    for (LogEntry e : entries) {
      ops.add(new LoggedOperation(e.initiator(), e.initiatorKey(), e.timestamp(), e.command()));
    }
    return new OperationLog(sequence, ops);
  }
}
