package org.cybervein.bitcoin.chain;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.header.CompactTarget;

/**
 * The consensus parameters of a Bitcoin header chain that a light client checks.
 *
 * @param powLimit the easiest target any header may have
 * @param retargetInterval blocks per difficulty epoch (2016 on mainnet)
 * @param targetTimespanSeconds the intended duration of an epoch (two weeks on mainnet)
 * @param retargeting false for a regtest-like chain whose target never changes
 */
public record BitcoinParameters(
    CompactTarget powLimit, int retargetInterval, long targetTimespanSeconds, boolean retargeting) {

  /** Bitcoin mainnet: limit {@code 0x1d00ffff}, 2016 blocks, two weeks, retargeting. */
  public static final BitcoinParameters MAINNET =
      new BitcoinParameters(known(0x1d00ffff), 2016, 14L * 24 * 60 * 60, true);

  /**
   * Checks the ranges.
   *
   * @param powLimit the easiest target any header may have
   * @param retargetInterval blocks per difficulty epoch, 1 or more
   * @param targetTimespanSeconds the intended duration of an epoch, 4 or more seconds
   * @param retargeting false for a chain whose target never changes
   */
  public BitcoinParameters {
    Objects.requireNonNull(powLimit, "powLimit");
    if (retargetInterval < 1) {
      throw new IllegalArgumentException("retargetInterval must be positive");
    }
    if (targetTimespanSeconds < 4) {
      throw new IllegalArgumentException("targetTimespanSeconds must be at least 4");
    }
  }

  /**
   * A regtest-like chain for tests: limit {@code 0x207fffff} (about every second hash meets it) and
   * no retargeting, so headers can be mined in microseconds. Never use it for real coins.
   *
   * @return the parameters
   */
  public static BitcoinParameters regtestLike() {
    return new BitcoinParameters(known(0x207fffff), 2016, 14L * 24 * 60 * 60, false);
  }

  /**
   * Bitcoin Core's {@code CalculateNextWorkRequired}: the target of the first block of the next
   * epoch, from the last block's target and the times of the epoch's first and last blocks. The
   * timespan is clamped to [timespan / 4, timespan * 4], and the result never exceeds {@link
   * #powLimit}. Without retargeting the last target is returned.
   *
   * @param lastTarget nBits of the epoch's last block
   * @param epochFirstTime time of the epoch's first block
   * @param epochLastTime time of the epoch's last block
   * @return the next epoch's target, in compact form as Core rounds it
   */
  public CompactTarget nextTarget(
      CompactTarget lastTarget, long epochFirstTime, long epochLastTime) {
    Objects.requireNonNull(lastTarget, "lastTarget");
    if (!retargeting) {
      return lastTarget;
    }
    long actual = epochLastTime - epochFirstTime;
    actual = Math.max(actual, targetTimespanSeconds / 4);
    actual = Math.min(actual, targetTimespanSeconds * 4);
    BigInteger next =
        lastTarget
            .target()
            .multiply(BigInteger.valueOf(actual))
            .divide(BigInteger.valueOf(targetTimespanSeconds));
    if (next.compareTo(powLimit.target()) > 0) {
      next = powLimit.target();
    }
    return CompactTarget.encode(next);
  }

  /**
   * True if a block of this height starts a difficulty epoch.
   *
   * @param height the block height
   * @return true if {@code height % retargetInterval == 0}
   */
  public boolean startsEpoch(long height) {
    return height % retargetInterval == 0;
  }

  private static CompactTarget known(int bits) {
    try {
      return CompactTarget.of(bits);
    } catch (InvalidBitcoinDataException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
