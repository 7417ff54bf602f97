package org.cybervein.bitcoin.header;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;

/**
 * A proof-of-work target in Bitcoin's compact form {@code nBits}: a one-byte size {@code e} and a
 * 23-bit mantissa {@code m} (bit 23 is a sign), meaning {@code m * 256^(e - 3)}. Only positive
 * targets that fit in 256 bits exist as instances: {@link #of(int)} refuses the negative, zero and
 * overflowing encodings that Bitcoin Core's {@code CheckProofOfWork} refuses.
 */
public final class CompactTarget {
  /** {@code 2^256}, the numerator of a header's work. */
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  /** The target of difficulty 1 ({@code 0x1d00ffff}), the denominator of "difficulty". */
  private static final BigInteger DIFFICULTY_1 = BigInteger.valueOf(0xffff).shiftLeft(8 * 26);

  private final int bits;
  private final BigInteger target;

  private CompactTarget(int bits, BigInteger target) {
    this.bits = bits;
    this.target = target;
  }

  /**
   * Decodes {@code nBits}.
   *
   * @param bits the 32-bit compact encoding, as an unsigned value in an int
   * @return the target
   * @throws InvalidBitcoinDataException {@code BAD_TARGET} if the encoding is negative, zero or
   *     overflows 256 bits
   */
  public static CompactTarget of(int bits) throws InvalidBitcoinDataException {
    int size = bits >>> 24;
    long word = bits & 0x007fffffL;
    boolean negative = word != 0 && (bits & 0x00800000) != 0;
    boolean overflow =
        word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
    if (negative || overflow) {
      throw new InvalidBitcoinDataException(
          Reason.BAD_TARGET,
          String.format("nBits 0x%08x is %s", bits, negative ? "negative" : "above 2^256"));
    }
    BigInteger t =
        size <= 3
            ? BigInteger.valueOf(word >>> (8 * (3 - size)))
            : BigInteger.valueOf(word).shiftLeft(8 * (size - 3));
    if (t.signum() == 0) {
      throw new InvalidBitcoinDataException(
          Reason.BAD_TARGET, String.format("nBits 0x%08x is a zero target", bits));
    }
    return new CompactTarget(bits, t);
  }

  /**
   * The compact encoding of {@code target}, rounded down to three significant bytes as Bitcoin
   * Core's {@code GetCompact} does.
   *
   * @param target a positive target below 2^256
   * @return the target its compact encoding stands for (possibly smaller than {@code target})
   * @throws IllegalArgumentException if {@code target} is not in (0, 2^256), or rounds to zero
   */
  public static CompactTarget encode(BigInteger target) {
    Objects.requireNonNull(target, "target");
    if (target.signum() <= 0 || target.compareTo(TWO_256) >= 0) {
      throw new IllegalArgumentException("a target is in (0, 2^256)");
    }
    int size = (target.bitLength() + 7) / 8;
    long compact =
        size <= 3
            ? target.longValueExact() << (8 * (3 - size))
            : target.shiftRight(8 * (size - 3)).longValueExact();
    // The 0x00800000 bit is the sign: move one byte into the exponent rather than set it.
    if ((compact & 0x00800000L) != 0) {
      compact >>>= 8;
      size++;
    }
    try {
      return of((int) (compact | ((long) size << 24)));
    } catch (InvalidBitcoinDataException e) {
      throw new IllegalArgumentException("target rounds to an invalid compact form", e);
    }
  }

  /**
   * The compact encoding.
   *
   * @return nBits as an unsigned value in an int
   */
  public int bits() {
    return bits;
  }

  /**
   * The target: a header meets it when its hash, read as a little-endian number, is at most this.
   *
   * @return the target, positive and below 2^256
   */
  public BigInteger target() {
    return target;
  }

  /**
   * The expected number of hashes to meet this target, Bitcoin Core's {@code GetBlockProof}.
   *
   * @return {@code floor(2^256 / (target + 1))}
   */
  public BigInteger work() {
    return TWO_256.divide(target.add(BigInteger.ONE));
  }

  /**
   * The difficulty as block explorers show it, rounded down: the target of difficulty 1 divided by
   * this target.
   *
   * @return {@code floor(0xffff * 256^26 / target)}
   */
  public BigInteger difficulty() {
    return DIFFICULTY_1.divide(target);
  }

  /**
   * True if this target is above {@code limit} (an easier target than the chain allows).
   *
   * @param limit the proof-of-work limit
   * @return true if {@code target() > limit.target()}
   */
  public boolean isEasierThan(CompactTarget limit) {
    return target.compareTo(limit.target) > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompactTarget c && c.bits == bits;
  }

  @Override
  public int hashCode() {
    return bits;
  }

  @Override
  public String toString() {
    return String.format("0x%08x", bits);
  }
}
