package org.cybervein.ledger.contract.poc;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerBlockProto;
import org.cybervein.crypto.CanonicalMessage;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractStorage;
import org.cybervein.ledger.contract.NativeContract;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.poc.BandwidthReceipt;
import org.cybervein.storageproofs.poc.VerifiedReceipt;
import org.cybervein.storageproofs.pospace.CommitProof;
import org.cybervein.storageproofs.pospace.SpaceCommitment;
import org.cybervein.storageproofs.pospace.SpaceProver;
import org.cybervein.storageproofs.pospace.SpaceVerifier;
import org.cybervein.storageproofs.pospace.VerifiedSpaceCommitment;

/**
 * The native contract {@code poc} version 1: space registration and bandwidth on chain.
 *
 * <h2>Calls ({@code cybervein.v1.PocCall})</h2>
 *
 * <ul>
 *   <li>{@code register}: the caller registers one {@link SpaceCommitment} whose {@code mu} is
 *       {@link #mu(PublicKey) mu(caller)} (so nobody can register another's labels), whose graph
 *       and node count follow the {@link PocRules}, with a {@link CommitProof} for the {@code
 *       commitChallenges} challenges of seed {@link #commitSeed(SpaceCommitment)}, checked with
 *       {@link SpaceVerifier#checkCommit}. One commitment per key, each commitment once.
 *   <li>{@code record_bandwidth}: 1 to {@value #MAX_RECEIPTS} downloader-signed {@link
 *       BandwidthReceipt}s (any caller may submit them); each must verify, name a registered
 *       provider, be for the current or the previous window of the block, and be new. The bytes add
 *       to the provider's total for the receipt's window.
 * </ul>
 *
 * <h2>Entries</h2>
 *
 * {@code "o" || address} → commitment id; {@code "c" || commitment id} → {@code
 * cybervein.v1.PocRegistration}; {@code "r" || receipt id} → a marker; {@code "b" || address ||
 * u64be(window)} → u64be total bytes. The chain reads them through {@link #registeredCommitment}
 * and {@link #bandwidthAt}, which take the entries as a function so that any view of the state (the
 * ledger, a proof-checked light view) can answer.
 *
 * <p>The commit seed is derived from the commitment itself, so a cheating prover may grind: each
 * try costs a full labelling and passes with probability {@code (1 - delta)^k}; choose {@code k}
 * for it. Receipt markers are never deleted (the storage has no range scan); their number is
 * bounded by the receipts submitted, which cost fees.
 */
public final class PocContract implements NativeContract {
  /** The contract's id: {@code poc} version 1. */
  public static final ContractId ID = new ContractId("poc", 1);

  /** The largest call input accepted. */
  public static final int MAX_INPUT_SIZE = 256 * 1024;

  /** The most receipts in one call. */
  public static final int MAX_RECEIPTS = 256;

  /** Tag of {@link #mu(PublicKey)}. */
  public static final DomainTag MU_TAG = DomainTag.of("cybervein/ledger/poc/mu/v1");

  /** Tag of {@link #commitSeed(SpaceCommitment)}. */
  public static final DomainTag COMMIT_SEED_TAG = DomainTag.of("cybervein/ledger/poc/commit/v1");

  /** Tag of {@link #commitmentId(SpaceCommitment)}. */
  public static final DomainTag COMMITMENT_ID_TAG =
      DomainTag.of("cybervein/ledger/poc/commitment-id/v1");

  private final PocRules rules;

  /**
   * The contract under these rules.
   *
   * @param rules the registration and reward rules
   */
  public PocContract(PocRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /**
   * The rules.
   *
   * @return the rules
   */
  public PocRules rules() {
    return rules;
  }

  @Override
  public ContractId id() {
    return ID;
  }

  /**
   * The proof-of-space identity {@code mu} a commitment of {@code key} must carry.
   *
   * @param key the contributor's key
   * @return mu
   */
  public static Hash mu(PublicKey key) {
    return HashFunction.SHA256.newHasher(MU_TAG).update(key.encoded()).digest();
  }

  /**
   * The public seed of a registration's commit proof.
   *
   * @param commitment the commitment
   * @return the seed
   */
  public static Bytes commitSeed(SpaceCommitment commitment) {
    return HashFunction.SHA256.hash(COMMIT_SEED_TAG, commitment.encode()).toBytes();
  }

  /**
   * The id under which a commitment is registered.
   *
   * @param commitment the commitment
   * @return the commitment id
   */
  public static Hash commitmentId(SpaceCommitment commitment) {
    return HashFunction.SHA256.hash(COMMITMENT_ID_TAG, commitment.encode());
  }

  /**
   * The input of a {@code register} call for {@code prover}'s commitment, with its commit proof.
   *
   * @param prover the prover of the commitment to register
   * @param rules the rules that fix the number of commit challenges
   * @return the call input
   */
  public static Bytes registerCall(SpaceProver prover, PocRules rules) {
    SpaceCommitment c = prover.commitment();
    CommitProof proof = prover.proveCommit(commitSeed(c), rules.commitChallenges());
    return Bytes.of(
        LedgerBlockProto.PocCall.newBuilder()
            .setRegister(
                LedgerBlockProto.PocRegister.newBuilder()
                    .setCommitment(ApiTypesCodec.byteString(c.encode()))
                    .setCommitProof(ApiTypesCodec.byteString(proof.encode())))
            .build()
            .toByteArray());
  }

  /**
   * The input of a {@code record_bandwidth} call carrying these encoded signed receipts.
   *
   * @param signedReceipts the encoded signed bandwidth receipts, in any order
   * @return the call input
   */
  public static Bytes recordBandwidthCall(Iterable<Bytes> signedReceipts) {
    LedgerBlockProto.PocRecordBandwidth.Builder b =
        LedgerBlockProto.PocRecordBandwidth.newBuilder();
    for (Bytes r : signedReceipts) {
      b.addReceipts(ApiTypesCodec.byteString(r));
    }
    return Bytes.of(
        LedgerBlockProto.PocCall.newBuilder().setRecordBandwidth(b).build().toByteArray());
  }

  @Override
  public void call(CallContext context, Bytes input) throws InvalidLedgerInputException {
    LedgerBlockProto.PocCall call;
    try {
      call =
          CanonicalMessage.parse(
              input,
              MAX_INPUT_SIZE,
              MAX_INPUT_SIZE / 8 + 64,
              LedgerBlockProto.PocCall.getDefaultInstance());
    } catch (InvalidCryptoInputException e) {
      throw new InvalidLedgerInputException(
          e.reason() == InvalidCryptoInputException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "poc call: " + e.getMessage(),
          e);
    }
    switch (call.getCallCase()) {
      case REGISTER -> register(context, call.getRegister());
      case RECORD_BANDWIDTH -> recordBandwidth(context, call.getRecordBandwidth());
      default -> throw new InvalidLedgerInputException(Reason.MALFORMED, "empty poc call");
    }
  }

  private void register(CallContext context, LedgerBlockProto.PocRegister p)
      throws InvalidLedgerInputException {
    SpaceCommitment commitment;
    CommitProof proof;
    try {
      commitment = SpaceCommitment.decode(ApiTypesCodec.bytes(p.getCommitment()));
      proof = CommitProof.decode(ApiTypesCodec.bytes(p.getCommitProof()));
    } catch (InvalidStorageProofException e) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "registration: " + e.getMessage(), e);
    }
    checkCommitmentRules(commitment, context.callerKey());
    ContractStorage storage = context.storage();
    Bytes ownerKey = ownerKey(context.caller());
    Hash id = commitmentId(commitment);
    if (storage.get(ownerKey).isPresent()) {
      throw new InvalidLedgerInputException(Reason.DUPLICATE, "the caller already registered");
    }
    if (storage.get(registrationKey(id)).isPresent()) {
      throw new InvalidLedgerInputException(Reason.DUPLICATE, "commitment already registered");
    }
    VerifiedSpaceCommitment verified;
    try {
      verified =
          SpaceVerifier.checkCommit(
              commitment, commitSeed(commitment), rules.commitChallenges(), proof);
    } catch (InvalidStorageProofException e) {
      throw new InvalidLedgerInputException(Reason.BAD_PROOF, "commit proof: " + e.getMessage(), e);
    }
    storage.put(ownerKey, id.toBytes());
    storage.put(
        registrationKey(id),
        Bytes.of(
            LedgerBlockProto.PocRegistration.newBuilder()
                .setOwner(ApiTypesCodec.toProto(context.callerKey()))
                .setCommitment(ApiTypesCodec.byteString(verified.commitment().encode()))
                .build()
                .toByteArray()));
  }

  /**
   * Checks a commitment against the rules and its owner's identity (the chain repeats this check).
   *
   * @param commitment the commitment to check
   * @param owner the key registering it
   * @throws InvalidLedgerInputException {@code CONTRACT_RULE} for another graph, a node count out
   *     of range or a mu that is not {@link #mu(PublicKey) mu(owner)}
   */
  public void checkCommitmentRules(SpaceCommitment commitment, PublicKey owner)
      throws InvalidLedgerInputException {
    if (!commitment.graph().equals(rules.graph())) {
      throw new InvalidLedgerInputException(Reason.CONTRACT_RULE, "commitment to another graph");
    }
    long n = commitment.nodeCount();
    if (n < rules.minNodeCount() || n > rules.maxNodeCount()) {
      throw new InvalidLedgerInputException(
          Reason.CONTRACT_RULE, "node count " + n + " outside the rules' range");
    }
    if (!commitment.mu().equals(mu(owner))) {
      throw new InvalidLedgerInputException(
          Reason.CONTRACT_RULE, "the commitment's mu is not the owner's identity");
    }
  }

  private void recordBandwidth(CallContext context, LedgerBlockProto.PocRecordBandwidth p)
      throws InvalidLedgerInputException {
    int count = p.getReceiptsCount();
    if (count < 1 || count > MAX_RECEIPTS) {
      throw new InvalidLedgerInputException(
          Reason.MALFORMED, "1 to " + MAX_RECEIPTS + " receipts per call, got " + count);
    }
    long window = rules.window(context.blockIndex());
    ContractStorage storage = context.storage();
    for (ByteString encoded : p.getReceiptsList()) {
      VerifiedReceipt verified;
      try {
        verified = BandwidthReceipt.open(ApiTypesCodec.bytes(encoded));
      } catch (InvalidStorageProofException e) {
        throw new InvalidLedgerInputException(
            e.reason() == InvalidStorageProofException.Reason.BAD_SIGNATURE
                ? Reason.BAD_SIGNATURE
                : Reason.MALFORMED,
            "receipt: " + e.getMessage(),
            e);
      }
      BandwidthReceipt receipt = verified.receipt();
      if (receipt.window() != window && receipt.window() != window - 1) {
        throw new InvalidLedgerInputException(
            Reason.CONTRACT_RULE,
            "receipt for window " + receipt.window() + ", the block is in window " + window);
      }
      Address provider = Address.of(receipt.provider());
      if (storage.get(ownerKey(provider)).isEmpty()) {
        throw new InvalidLedgerInputException(
            Reason.NOT_FOUND, "the receipt's provider registered no space");
      }
      Bytes marker = receiptKey(verified.id());
      if (storage.get(marker).isPresent()) {
        throw new InvalidLedgerInputException(Reason.DUPLICATE, "receipt already recorded");
      }
      Bytes totalKey = bandwidthKey(provider, receipt.window());
      long before = storage.get(totalKey).map(PocContract::readLong).orElse(0L);
      if (before > Long.MAX_VALUE - receipt.bytes()) {
        throw new InvalidLedgerInputException(Reason.OVERFLOW, "bandwidth total overflows");
      }
      storage.put(marker, Bytes.of(new byte[] {1}));
      storage.put(totalKey, longBytes(before + receipt.bytes()));
    }
  }

  /**
   * The commitment {@code owner} registered, as the entries record it: verified, since {@code
   * register} writes a registration only after its commit proof passed, and no other call writes
   * one. This is the ledger's one read-back of a verified commitment ({@link
   * SpaceVerifier#restoreRegistered}); storage proofs are checked against it and nothing else.
   *
   * @param entries this contract's entries in some state (key → value)
   * @param owner the contributor's key
   * @return the registered commitment, or empty if none
   */
  public static Optional<VerifiedSpaceCommitment> registeredCommitment(
      Function<Bytes, Optional<Bytes>> entries, PublicKey owner) {
    Optional<Bytes> id = entries.apply(ownerKey(Address.of(owner)));
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Bytes value =
        entries
            .apply(Bytes.of(new byte[] {'c'}).concat(id.get()))
            .orElseThrow(() -> new IllegalStateException("poc entries lost a registration"));
    try {
      LedgerBlockProto.PocRegistration r =
          CanonicalMessage.parse(
              value, MAX_INPUT_SIZE, 16, LedgerBlockProto.PocRegistration.getDefaultInstance());
      return Optional.of(
          SpaceVerifier.restoreRegistered(
              SpaceCommitment.decode(ApiTypesCodec.bytes(r.getCommitment()))));
    } catch (InvalidCryptoInputException | InvalidStorageProofException e) {
      throw new IllegalStateException("poc entries hold an unreadable registration", e);
    }
  }

  /**
   * The bytes recorded for {@code provider} in {@code window}.
   *
   * @param entries this contract's entries in some state
   * @param provider the provider's key
   * @param window the bandwidth window, zero or more
   * @return the recorded bytes, zero if none
   */
  public static long bandwidthAt(
      Function<Bytes, Optional<Bytes>> entries, PublicKey provider, long window) {
    if (window < 0) {
      return 0;
    }
    return entries
        .apply(bandwidthKey(Address.of(provider), window))
        .map(PocContract::readLong)
        .orElse(0L);
  }

  /**
   * The bandwidth {@code M} of {@code provider} for a block of index {@code index}: the bytes
   * recorded for the block's window and the one before, as the parent state holds them.
   *
   * @param entries this contract's entries in the parent state
   * @param provider the provider's key
   * @param index the block index
   * @return M in bytes
   */
  public long bandwidthForBlock(
      Function<Bytes, Optional<Bytes>> entries, PublicKey provider, long index) {
    long w = rules.window(index);
    long sum = bandwidthAt(entries, provider, w) + bandwidthAt(entries, provider, w - 1);
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static Bytes ownerKey(Address address) {
    return Bytes.of(new byte[] {'o'}).concat(address.value().toBytes());
  }

  private static Bytes registrationKey(Hash id) {
    return Bytes.of(new byte[] {'c'}).concat(id.toBytes());
  }

  private static Bytes receiptKey(Hash id) {
    return Bytes.of(new byte[] {'r'}).concat(id.toBytes());
  }

  private static Bytes bandwidthKey(Address provider, long window) {
    return Bytes.of(new byte[] {'b'}).concat(provider.value().toBytes()).concat(longBytes(window));
  }

  private static Bytes longBytes(long v) {
    return Bytes.of(ByteBuffer.allocate(8).putLong(v).array());
  }

  private static long readLong(Bytes b) {
    if (b.size() != 8) {
      throw new IllegalStateException("poc entries hold a total of " + b.size() + " bytes");
    }
    return ByteBuffer.wrap(b.toByteArray()).getLong();
  }

  @Override
  public String toString() {
    return "PocContract[" + rules + "]";
  }
}
