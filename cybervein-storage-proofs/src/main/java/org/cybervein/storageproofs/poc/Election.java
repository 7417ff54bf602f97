package org.cybervein.storageproofs.poc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Hash;

/**
 * Picks the contribution that extends the chain: the whitepaper's Eq. 1 in normalized form.
 *
 * <h2>The law</h2>
 *
 * Among the valid contributions of a round, contribution {@code i} wins with probability {@code
 * P(i) = w_i / sum_j w_j}, where {@code w_i = N_i * M_i} is space times bandwidth. The whitepaper's
 * Eq. 1 scores each contribution from {@code N_i} and {@code M_i} without dividing by the round's
 * total; a score alone does not say how likely a contributor is to win, so this class uses the
 * normalized form, the probability the score implies once the round's contributions are known. The
 * ordering by weight is the same; only the normalization is added. A contribution with no space or
 * no bandwidth has weight zero and never wins.
 *
 * <h2>How, without a shared draw</h2>
 *
 * An exponential race: each contribution draws {@code u_i} uniform in (0, 1) from its own proof
 * ({@link #uniform(ElectionContribution)}), which gives the exponential variable {@code E_i =
 * -ln(u_i) / w_i} of rate {@code w_i}; the smallest {@code E_i} wins, and the minimum of
 * independent exponentials is attained at {@code i} with probability {@code w_i / sum w}. The
 * comparison is made in log space, on the race key {@code ln(-ln u_i) - ln N_i - ln M_i} ({@link
 * #raceKey(ElectionContribution)}), which keeps full precision for weights up to 2^126 and for
 * {@code u} near 0 or 1, where a power of doubles would underflow or round to 1.
 *
 * <p>Ties (equal race keys, which need equal doubles) go to the smaller {@link
 * ElectionContribution#proofDigest()} in unsigned byte order, then to the earlier position in the
 * list; every node therefore picks the same winner from the same contributions.
 *
 * <p>Each node must compute the same doubles, so the logarithms are {@link StrictMath}'s, whose
 * results are specified bit for bit, not {@link Math}'s, which may use platform intrinsics.
 */
public final class Election {
  private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

  private Election() {}

  /**
   * The winner of the round, or empty if no contribution has positive weight.
   *
   * @param contributions the round's valid contributions, in the ledger's canonical order
   * @return the contribution with the smallest race key
   */
  public static Optional<ElectionContribution> winner(List<ElectionContribution> contributions) {
    Objects.requireNonNull(contributions, "contributions");
    ElectionContribution best = null;
    double bestKey = 0;
    Hash bestDigest = null;
    for (ElectionContribution c : contributions) {
      Objects.requireNonNull(c, "contribution");
      if (!c.hasWeight()) {
        continue;
      }
      Hash digest = c.proofDigest();
      double key = raceKey(c, digest);
      if (best == null || key < bestKey || (key == bestKey && digest.compareTo(bestDigest) < 0)) {
        best = c;
        bestKey = key;
        bestDigest = digest;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The uniform value {@code u} in the open interval (0, 1) derived from the proof: the first 53
   * bits of {@link ElectionContribution#proofDigest()}, read big-endian as an integer {@code k},
   * give {@code u = (k + 1/2) / 2^53}.
   *
   * @param contribution a valid contribution
   * @return u, strictly between 0 and 1
   */
  public static double uniform(ElectionContribution contribution) {
    return uniform(contribution.proofDigest());
  }

  /**
   * The race key {@code ln(-ln u) - ln N - ln M}; the smallest wins.
   *
   * @param contribution a contribution with positive weight
   * @return the race key; smaller wins
   * @throws IllegalArgumentException if the contribution has weight zero
   */
  public static double raceKey(ElectionContribution contribution) {
    return raceKey(contribution, contribution.proofDigest());
  }

  private static double raceKey(ElectionContribution c, Hash digest) {
    if (!c.hasWeight()) {
      throw new IllegalArgumentException("a contribution of weight zero takes no part in the race");
    }
    double u = uniform(digest);
    // -ln u computed with log1p near 1, where 1 - u is exact and log(u) would lose digits.
    double minusLogU = u < 0.5 ? -StrictMath.log(u) : -StrictMath.log1p(-(1.0 - u));
    return StrictMath.log(minusLogU)
        - StrictMath.log((double) c.space())
        - StrictMath.log((double) c.bandwidth());
  }

  private static double uniform(Hash digest) {
    byte[] b = digest.toByteArray();
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return ((v >>> 11) + 0.5) * TWO_TO_MINUS_53;
  }
}
