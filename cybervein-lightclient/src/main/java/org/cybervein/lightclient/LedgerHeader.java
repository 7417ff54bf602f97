package org.cybervein.lightclient;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.LedgerBlockProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.pospace.SpaceCommitment;
import org.cybervein.storageproofs.pospace.StorageProof;

/**
 * A block {@code beta_i = (phi_i, sigma_i, tau_i)} as a light client reads it: decoded from the
 * canonical {@code cybervein.v1.Block} bytes, with the digests its rules need. The transactions
 * stay opaque bytes; only their digest (through tau's) is signed.
 *
 * <ul>
 *   <li>{@link #id()} = {@code TH("cybervein/ledger/block-id/v1", phi bytes)};
 *   <li>{@link #tauDigest()} = {@code TH("cybervein/ledger/tau/v1", tau bytes)};
 *   <li>{@link #sigmaDigest()} = {@code TH("cybervein/ledger/sigma/v1", sigma bytes)};
 * </ul>
 *
 * where each part's bytes are the sub-message exactly as carried (the whole block being canonical,
 * they are its canonical encoding). Decoding checks the encoding only; {@link LightClient} checks
 * the rules.
 */
public final class LedgerHeader {
  /** The largest encoded block read (4 MiB), as the ledger's. */
  public static final int MAX_ENCODED_SIZE = 4 << 20;

  /** The most transactions of one block. */
  public static final int MAX_TRANSACTIONS = 4096;

  /** The most contributions tau may carry besides phi's. */
  public static final int MAX_CONTRIBUTIONS = 64;

  /** The most frontier units of a carried DAG checkpoint. */
  public static final int MAX_FRONTIER = 1024;

  /** Tag of the block id. */
  public static final DomainTag BLOCK_ID_TAG = DomainTag.of("cybervein/ledger/block-id/v1");

  /** Tag of the tau digest. */
  public static final DomainTag TAU_TAG = DomainTag.of("cybervein/ledger/tau/v1");

  /** Tag of the sigma digest. */
  public static final DomainTag SIGMA_TAG = DomainTag.of("cybervein/ledger/sigma/v1");

  private static final CanonicalParser<LedgerBlockProto.Block> PARSER =
      CanonicalParser.of(
          LedgerBlockProto.Block.getDefaultInstance(), MAX_ENCODED_SIZE, MAX_ENCODED_SIZE / 8 + 64);

  private final long index;
  private final Hash parent;
  private final Signature parentSignature;
  private final Hash challenge;
  private final Contribution winner;
  private final Signature transactionsSignature;
  private final Signature previousSignature;
  private final long timeMillis;
  private final int transactionCount;
  private final List<Contribution> contributions;
  private final Hash stateRoot;
  private final Optional<Long> checkpointNumber;
  private final Bytes encoded;
  private final Hash id;
  private final Hash tauDigest;
  private final Hash sigmaDigest;

  private LedgerHeader(LedgerBlockProto.Block p, Bytes encoded)
      throws InvalidLightClientInputException {
    if (!p.hasHashSubBlock() || !p.hasSignatureSubBlock() || !p.hasTransactionSubBlock()) {
      throw malformed("a block needs phi, sigma and tau");
    }
    LedgerBlockProto.BlockHashSubBlock phi = p.getHashSubBlock();
    LedgerBlockProto.BlockSignatureSubBlock sigma = p.getSignatureSubBlock();
    LedgerBlockProto.BlockTransactionSubBlock tau = p.getTransactionSubBlock();
    if (!phi.hasParent() || !phi.hasParentSignature() || !phi.hasChallenge() || !phi.hasProof()) {
      throw malformed("phi needs a parent, a signature, a challenge and a proof");
    }
    if (!sigma.hasTransactionsSignature() || !sigma.hasPreviousSignature()) {
      throw malformed("sigma needs two signatures");
    }
    if (!tau.hasStateRoot()) {
      throw malformed("tau needs a state root");
    }
    this.index = index(phi.getIndex());
    if (index(sigma.getIndex()) != index || index(tau.getIndex()) != index) {
      throw malformed("phi, sigma and tau have different indices");
    }
    if (tau.getTimeMillis() < 0) {
      throw malformed("timestamp out of range");
    }
    if (tau.getTransactionsCount() > MAX_TRANSACTIONS) {
      throw new InvalidLightClientInputException(Reason.OVERSIZED, "too many transactions");
    }
    if (tau.getContributionsCount() > MAX_CONTRIBUTIONS) {
      throw new InvalidLightClientInputException(Reason.OVERSIZED, "too many contributions");
    }
    this.parent = hash(phi.getParent(), "parent");
    this.parentSignature = signature(phi.getParentSignature(), "phi's signature");
    this.challenge = hash(phi.getChallenge(), "challenge");
    this.winner = contribution(phi.getProof());
    this.transactionsSignature = signature(sigma.getTransactionsSignature(), "sigma on tau");
    this.previousSignature = signature(sigma.getPreviousSignature(), "sigma on sigma");
    this.timeMillis = tau.getTimeMillis();
    this.transactionCount = tau.getTransactionsCount();
    List<Contribution> others = new ArrayList<>(tau.getContributionsCount());
    for (LedgerBlockProto.BlockContribution c : tau.getContributionsList()) {
      others.add(contribution(c));
    }
    this.contributions = List.copyOf(others);
    this.stateRoot = hash(tau.getStateRoot(), "state root");
    this.checkpointNumber = tau.hasCheckpoint() ? Optional.of(checkpoint(tau)) : Optional.empty();
    this.encoded = encoded;
    this.id = digest(BLOCK_ID_TAG, phi.toByteString());
    this.tauDigest = digest(TAU_TAG, tau.toByteString());
    this.sigmaDigest = digest(SIGMA_TAG, sigma.toByteString());
  }

  /**
   * Decodes a block received from outside.
   *
   * @param encoded untrusted bytes, meant to be a canonical {@code cybervein.v1.Block}
   * @return the header, its rules not yet checked
   * @throws InvalidLightClientInputException {@code OVERSIZED} above {@link #MAX_ENCODED_SIZE} or
   *     the element caps, {@code NON_CANONICAL} for a non-canonical encoding, {@code MALFORMED} for
   *     anything else that is not a complete block whose parts agree
   */
  public static LedgerHeader decode(Bytes encoded) throws InvalidLightClientInputException {
    Objects.requireNonNull(encoded, "encoded");
    LedgerBlockProto.Block p;
    try {
      p = PARSER.parse(encoded);
    } catch (InvalidEncodingException e) {
      throw fromEncoding("block", e);
    }
    return new LedgerHeader(p, encoded);
  }

  static InvalidLightClientInputException fromEncoding(String what, InvalidEncodingException e) {
    Reason reason =
        switch (e.reason()) {
          case OVERSIZED -> Reason.OVERSIZED;
          case NON_CANONICAL -> Reason.NON_CANONICAL;
          default -> Reason.MALFORMED;
        };
    return new InvalidLightClientInputException(reason, what + ": " + e.getMessage(), e);
  }

  private static long checkpoint(LedgerBlockProto.BlockTransactionSubBlock tau)
      throws InvalidLightClientInputException {
    LedgerBlockProto.BlockDagCheckpoint cp = tau.getCheckpoint();
    if (cp.getNumber() < 0) {
      throw malformed("checkpoint number out of range");
    }
    if (cp.getFrontierCount() < 1 || cp.getFrontierCount() > MAX_FRONTIER) {
      throw malformed("a checkpoint covers 1 to " + MAX_FRONTIER + " frontier units");
    }
    Hash previous = null;
    for (TypesProto.Hash h : cp.getFrontierList()) {
      Hash unit = hash(h, "frontier unit");
      // Sorted and distinct, in unsigned byte order: one frontier has one encoding.
      if (previous != null && previous.compareTo(unit) >= 0) {
        throw malformed("the checkpoint frontier must be sorted and distinct");
      }
      previous = unit;
    }
    return cp.getNumber();
  }

  private static Contribution contribution(LedgerBlockProto.BlockContribution p)
      throws InvalidLightClientInputException {
    if (!p.hasContributor()) {
      throw malformed("a contribution needs a contributor");
    }
    if (p.getBandwidth() < 0) {
      throw malformed("bandwidth must be below 2^63");
    }
    SpaceCommitment commitment;
    StorageProof proof;
    Bytes proofBytes = ApiTypesCodec.bytes(p.getStorageProof());
    try {
      commitment = SpaceCommitment.decode(ApiTypesCodec.bytes(p.getCommitment()));
      proof = StorageProof.decode(proofBytes);
    } catch (InvalidStorageProofException e) {
      throw new InvalidLightClientInputException(
          e.reason() == InvalidStorageProofException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "contribution: " + e.getMessage(),
          e);
    }
    if (proof.nodeCount() != commitment.nodeCount()) {
      throw malformed("the proof is about another node count than the commitment");
    }
    PublicKey contributor;
    try {
      contributor = ApiTypesCodec.fromProto(p.getContributor());
    } catch (InvalidEncodingException e) {
      throw malformed("contributor key: " + e.getMessage());
    }
    return new Contribution(contributor, commitment, proof, proofBytes, p.getBandwidth());
  }

  private static long index(long index) throws InvalidLightClientInputException {
    if (index < 1) {
      throw malformed("block indices are in [1, 2^63), got " + Long.toUnsignedString(index));
    }
    return index;
  }

  private static Hash hash(TypesProto.Hash p, String what) throws InvalidLightClientInputException {
    try {
      return ApiTypesCodec.fromProto(p);
    } catch (InvalidEncodingException e) {
      throw malformed(what + ": " + e.getMessage());
    }
  }

  private static Signature signature(TypesProto.Signature p, String what)
      throws InvalidLightClientInputException {
    try {
      return ApiTypesCodec.fromProto(p);
    } catch (InvalidEncodingException e) {
      throw malformed(what + ": " + e.getMessage());
    }
  }

  private static Hash digest(DomainTag tag, ByteString bytes) {
    return HashFunction.SHA256.hash(tag, bytes.toByteArray());
  }

  private static InvalidLightClientInputException malformed(String message) {
    return new InvalidLightClientInputException(Reason.MALFORMED, message);
  }

  /**
   * {@code i}.
   *
   * @return the block index, at least 1
   */
  public long index() {
    return index;
  }

  /**
   * The parent's id, as phi names it.
   *
   * @return the id of block i - 1, or the genesis id for block 1
   */
  public Hash parent() {
    return parent;
  }

  /**
   * phi's signature on {@code (i, parent, challenge)}.
   *
   * @return the signature
   */
  public Signature parentSignature() {
    return parentSignature;
  }

  /**
   * The challenge phi's proof answers.
   *
   * @return c_i as carried
   */
  public Hash challenge() {
    return challenge;
  }

  /**
   * phi's contribution, the round's winner.
   *
   * @return the winning contribution
   */
  public Contribution winner() {
    return winner;
  }

  /**
   * The contributor, who signed the block.
   *
   * @return phi's contributor key
   */
  public PublicKey contributor() {
    return winner.contributor();
  }

  /**
   * sigma's signature on {@code (i, id, tau digest)}.
   *
   * @return the signature
   */
  public Signature transactionsSignature() {
    return transactionsSignature;
  }

  /**
   * sigma's signature on {@code (i, id, parent's sigma digest)}.
   *
   * @return the signature
   */
  public Signature previousSignature() {
    return previousSignature;
  }

  /**
   * tau's timestamp.
   *
   * @return milliseconds since the epoch
   */
  public long timeMillis() {
    return timeMillis;
  }

  /**
   * How many transactions tau carries (opaque to the light client).
   *
   * @return the count
   */
  public int transactionCount() {
    return transactionCount;
  }

  /**
   * tau's other contributions of the round.
   *
   * @return an immutable list, possibly empty
   */
  public List<Contribution> contributions() {
    return contributions;
  }

  /**
   * The ledger state root after the block, as tau claims it.
   *
   * @return the state root
   */
  public Hash stateRoot() {
    return stateRoot;
  }

  /**
   * The number of the DAG checkpoint tau carries, if any.
   *
   * @return the checkpoint number, or empty
   */
  public Optional<Long> checkpointNumber() {
    return checkpointNumber;
  }

  /**
   * The block id: the tagged hash of phi's bytes.
   *
   * @return the id
   */
  public Hash id() {
    return id;
  }

  /**
   * The digest of tau that sigma signs.
   *
   * @return the tau digest
   */
  public Hash tauDigest() {
    return tauDigest;
  }

  /**
   * The digest of sigma that the next block's sigma signs.
   *
   * @return the sigma digest
   */
  public Hash sigmaDigest() {
    return sigmaDigest;
  }

  /**
   * The bytes this header was decoded from.
   *
   * @return the canonical block encoding
   */
  public Bytes encoded() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LedgerHeader other && encoded.equals(other.encoded);
  }

  @Override
  public int hashCode() {
    return encoded.hashCode();
  }

  @Override
  public String toString() {
    return "LedgerHeader[" + index + ", id=" + id.toHex().substring(0, 12) + "]";
  }
}
