package org.cybervein.lightclient;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.pospace.SpaceCommitment;
import org.cybervein.storageproofs.pospace.StorageProof;

/**
 * One contribution {@code pi = (pk, gamma, c, a)} as a header carries it ({@code
 * cybervein.v1.BlockContribution}): the contributor, its commitment, its storage proof (with the
 * bytes as carried, which the answer digest hashes) and the bandwidth {@code M} it claims.
 *
 * @param contributor {@code pk}
 * @param commitment {@code gamma} with its node count and graph
 * @param proof the answer {@code a}
 * @param proofBytes the answer's canonical encoding, as carried
 * @param bandwidth {@code M}, zero or more
 */
public record Contribution(
    PublicKey contributor,
    SpaceCommitment commitment,
    StorageProof proof,
    Bytes proofBytes,
    long bandwidth) {
  /** The tag of the answer digest: {@code TH(tag, storage proof bytes)}. */
  public static final DomainTag ANSWER_TAG = DomainTag.of("cybervein/ledger/pos-answer/v1");

  /**
   * Rejects nulls and a negative bandwidth.
   *
   * @param contributor {@code pk}
   * @param commitment {@code gamma}
   * @param proof the answer {@code a}
   * @param proofBytes the answer's canonical encoding, as carried
   * @param bandwidth {@code M}, zero or more
   * @throws IllegalArgumentException if the bandwidth is negative
   */
  public Contribution {
    Objects.requireNonNull(contributor, "contributor");
    Objects.requireNonNull(commitment, "commitment");
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(proofBytes, "proofBytes");
    if (bandwidth < 0) {
      throw new IllegalArgumentException("bandwidth is never negative");
    }
  }

  /**
   * {@code N} in bytes: 32 per label.
   *
   * @return N
   */
  public long space() {
    return Math.multiplyExact(commitment.nodeCount(), (long) Hash.SIZE);
  }

  /**
   * The election input of this contribution in the round of {@code challenge}: what the race key
   * and hence the winner and the proof quality are computed from.
   *
   * @param challenge the round's challenge
   * @return the election input
   */
  public ElectionContribution election(Hash challenge) {
    return new ElectionContribution(
        contributor,
        commitment.gamma(),
        challenge,
        HashFunction.SHA256.hash(ANSWER_TAG, proofBytes),
        space(),
        bandwidth);
  }
}
