package org.cybervein.ledger.block;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.v1.LedgerBlockProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.pospace.SpaceCommitment;
import org.cybervein.storageproofs.pospace.StorageProof;

/**
 * One contribution {@code pi = (pk, gamma, c, a)} to a round of Proof of Contribution: the
 * contributor, its registered commitment, its answer to the round's challenge (Algorithm 3) and the
 * bandwidth {@code M} it claims from the ledger. The challenge is the round's, fixed by the chain
 * position, so it is not part of this value. Wire form: {@code cybervein.v1.BlockContribution}.
 *
 * <p>The space is {@code N = 32 n} bytes for a commitment to {@code n} labels.
 *
 * @param contributor {@code pk}, the key that registered the commitment
 * @param commitment {@code gamma} with its node count and graph
 * @param proof the answer {@code a}
 * @param bandwidth {@code M}, zero or more
 */
public record ContributionProof(
    PublicKey contributor, SpaceCommitment commitment, StorageProof proof, long bandwidth) {

  /**
   * Rejects nulls, a negative bandwidth and a proof about another node count.
   *
   * @param contributor {@code pk}, the key that registered the commitment
   * @param commitment {@code gamma} with its node count and graph
   * @param proof the answer {@code a}
   * @param bandwidth {@code M}, zero or more
   */
  public ContributionProof {
    Objects.requireNonNull(contributor, "contributor");
    Objects.requireNonNull(commitment, "commitment");
    Objects.requireNonNull(proof, "proof");
    if (bandwidth < 0) {
      throw new IllegalArgumentException("bandwidth is never negative, got " + bandwidth);
    }
    if (proof.nodeCount() != commitment.nodeCount()) {
      throw new IllegalArgumentException("the proof is about another node count");
    }
  }

  /**
   * {@code N} in bytes: 32 bytes per label.
   *
   * @return N in bytes
   */
  public long space() {
    return Math.multiplyExact(commitment.nodeCount(), (long) Hash.SIZE);
  }

  /**
   * The digest of the answer {@code a}: a tagged hash of the proof's canonical encoding.
   *
   * @return the answer digest
   */
  public Hash answerDigest() {
    return BlockDigests.of(BlockDigests.ANSWER, proof.encode());
  }

  /**
   * The election input of this contribution for a round of challenge {@code challenge}.
   *
   * @param challenge the round's challenge c_i
   * @return the inputs of the leader election
   */
  public ElectionContribution election(Hash challenge) {
    return new ElectionContribution(
        contributor, commitment.gamma(), challenge, answerDigest(), space(), bandwidth);
  }

  /**
   * The storage-proof seed of a challenge: its 32 bytes.
   *
   * @param challenge the round's challenge
   * @return the seed of the storage challenges
   */
  public static Bytes seed(Hash challenge) {
    return challenge.toBytes();
  }

  /**
   * The protobuf form ({@code cybervein.v1.BlockContribution}), for messages that embed it.
   *
   * @return the protobuf message
   */
  public LedgerBlockProto.BlockContribution toProto() {
    return BlockWire.toProto(this);
  }

  /**
   * Reads a contribution embedded in another message (whose decoder checked the canonical form).
   *
   * @param proto the embedded message
   * @return the contribution
   * @throws InvalidLedgerInputException {@code MALFORMED} or {@code OVERSIZED} for a missing key,
   *     an invalid commitment or proof, or a proof about another node count
   */
  public static ContributionProof fromProto(LedgerBlockProto.BlockContribution proto)
      throws InvalidLedgerInputException {
    return BlockWire.fromProto(proto);
  }

  @Override
  public String toString() {
    return "ContributionProof["
        + contributor
        + ", n="
        + commitment.nodeCount()
        + ", M="
        + bandwidth
        + "]";
  }
}
