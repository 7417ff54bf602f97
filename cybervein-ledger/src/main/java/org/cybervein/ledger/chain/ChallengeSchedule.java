package org.cybervein.ledger.chain;

import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

/**
 * Which challenge block i answers: {@code c_i = TH(tag, u64be(i) || id(phi_{i-L}))} for {@code i >
 * L}, and {@code TH(tag, u64be(i) || genesis id)} for the first L blocks. A block id is the hash of
 * {@code phi} alone, so the challenges depend only on the proof chain: changing or reordering the
 * transactions of any block changes no challenge, and a contributor cannot grind its way to a
 * challenge it likes. The lag L lets contributors see the challenge L blocks ahead and gossip their
 * proofs before the round closes.
 */
public final class ChallengeSchedule {
  /** The tag of the challenge hash. */
  public static final DomainTag TAG = DomainTag.of("cybervein/ledger/challenge/v1");

  private ChallengeSchedule() {}

  /**
   * The challenge of block {@code index}.
   *
   * @param index i, the height of the block that answers the challenge; at least 1
   * @param source the id of block {@code index - lag} if {@code index > lag}, else the genesis id
   * @return {@code c_i}, the SHA-256 tagged hash of {@code index} and {@code source}
   * @throws IllegalArgumentException if {@code index} is smaller than 1
   */
  public static Hash challenge(long index, Hash source) {
    if (index < 1) {
      throw new IllegalArgumentException("block indices start at 1");
    }
    return HashFunction.SHA256.newHasher(TAG).updateLong(index).update(source).digest();
  }

  /**
   * The index of the block whose id seeds block {@code index}'s challenge, or 0 for genesis.
   *
   * @param index i, the height of the block that answers the challenge
   * @param lag L, the challenge lag in blocks ({@link ChainParameters#challengeLag()})
   * @return {@code i - L} if {@code i > L}, else 0 (the genesis)
   */
  public static long sourceIndex(long index, int lag) {
    return index > lag ? index - lag : 0;
  }
}
