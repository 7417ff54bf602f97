package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Montgomery multiplication {@code (a, b) -> a b R^-1 mod N} for an odd modulus N, on numbers held
 * as {@code long[]} of 27-bit limbs (least significant first), {@code R = 2^(27 s)} for s limbs.
 *
 * <p>Why not {@code BigInteger}: a multi-exponentiation's group operation is one modular product,
 * and {@code a.multiply(b).mod(N)} spends most of its time in the division (about 25 us for 4096
 * bits against 3 us for the product), while the JDK's Montgomery intrinsics are reachable only
 * through {@code modPow}. Why 27-bit limbs in 64-bit words: a product of two limbs takes 54 bits,
 * so a column of the schoolbook product and of the reduction (at most 2s such products, s ≤ 255)
 * fits a {@code long} without carries, and the row update {@code t[j] += a_i b[j] + m_i n[j]} is a
 * loop C2 compiles to vector instructions (it does not vectorise the 64x64-bit carry chains a
 * full-word representation needs). Each row's low limb is then zero by construction; the
 * accumulator is shifted down two limbs per pair of rows (the second row of a pair runs against
 * copies of b and N one limb up, so that it too indexes every array alike).
 *
 * <p>Inputs and outputs are in {@code [0, 2N)} (R > 4N keeps them there), every limb below {@code
 * 2^27}; {@link #toInteger} reduces fully. Not constant-time (public values only).
 */
final class MontgomeryForm {
  static final int LIMB_BITS = 27;
  private static final long MASK = (1L << LIMB_BITS) - 1;

  /** Above this many limbs a column could overflow 63 bits (2s products of 54 bits). */
  static final int MAX_LIMBS = 255;

  private final BigInteger modulus;
  private final int limbs;
  private final long[] n;
  private final long[] nShifted;
  private final long nPrime;

  private MontgomeryForm(BigInteger modulus, int limbs) {
    this.modulus = modulus;
    this.limbs = limbs;
    this.n = toLimbs(modulus, limbs);
    this.nShifted = new long[limbs + 1];
    System.arraycopy(n, 0, nShifted, 1, limbs);
    BigInteger base = BigInteger.ONE.shiftLeft(LIMB_BITS);
    // -N^-1 mod 2^27: the multiple of N that clears a row's low limb
    this.nPrime = base.subtract(modulus.mod(base).modInverse(base)).mod(base).longValue();
  }

  /**
   * The form for an odd modulus above 1 whose limbs fit the column bound, or null otherwise (the
   * caller then works with {@code BigInteger}).
   */
  static MontgomeryForm forModulusOrNull(BigInteger modulus) {
    if (!modulus.testBit(0) || modulus.compareTo(BigInteger.ONE) <= 0) {
      return null;
    }
    // two spare bits: R > 4N keeps outputs below 2N for inputs below 2N; an even count for the
    // two rows per pass
    int limbs = (modulus.bitLength() + 2 + LIMB_BITS - 1) / LIMB_BITS;
    limbs += limbs & 1;
    return limbs > MAX_LIMBS ? null : new MontgomeryForm(modulus, limbs);
  }

  BigInteger modulus() {
    return modulus;
  }

  int limbs() {
    return limbs;
  }

  /** The number of bits of R: {@code R = 2^rBits()}. */
  int rBits() {
    return LIMB_BITS * limbs;
  }

  /** The limbs of x in {@code [0, 2N)}, unchanged in value (no factor R applied). */
  long[] fromInteger(BigInteger x) {
    return toLimbs(x, limbs);
  }

  /** The integer the limbs stand for, reduced into {@code [0, N)}. */
  BigInteger toInteger(long[] a) {
    byte[] bytes = new byte[(limbs * LIMB_BITS + 7) / 8 + 1];
    // little-endian bit stream of the limbs, written big-endian into bytes
    long acc = 0;
    int accBits = 0;
    int pos = bytes.length - 1;
    for (int i = 0; i < limbs; i++) {
      acc |= a[i] << accBits;
      accBits += LIMB_BITS;
      while (accBits >= 8) {
        bytes[pos--] = (byte) acc;
        acc >>>= 8;
        accBits -= 8;
      }
    }
    if (accBits > 0) {
      bytes[pos] = (byte) acc;
    }
    BigInteger x = new BigInteger(1, bytes);
    return x.compareTo(modulus) >= 0 ? x.subtract(modulus) : x;
  }

  /** Working memory of {@link #multiply}: one per thread. */
  static final class Scratch {
    final long[] t;
    final long[] bShifted;

    private Scratch(int limbs) {
      t = new long[limbs + 2];
      bShifted = new long[limbs + 1];
    }
  }

  /** A fresh accumulator for {@link #multiply}: one per thread. */
  Scratch newScratch() {
    return new Scratch(limbs);
  }

  /**
   * {@code out = a b R^-1 mod N} (in {@code [0, 2N)}); out may be a or b.
   *
   * @param scratch from {@link #newScratch}, not shared between threads
   */
  void multiply(long[] a, long[] b, long[] out, Scratch scratch) {
    final int s = limbs;
    final long[] n = this.n;
    final long[] n1 = this.nShifted;
    final long nPrime = this.nPrime;
    final long[] t = scratch.t;
    final long[] b1 = scratch.bShifted;
    // b and n one limb up: the second row of a pass then also runs on equal indices
    System.arraycopy(b, 0, b1, 1, s);
    final long b0 = b[0];
    Arrays.fill(t, 0L);
    for (int i = 0; i < s; i += 2) {
      long a0 = a[i];
      long m0 = (((t[0] + a0 * b0) & MASK) * nPrime) & MASK;
      // same index on every array: the form C2 vectorises
      for (int j = 0; j < s; j++) {
        t[j] += a0 * b[j] + m0 * n[j];
      }
      long carry0 = t[0] >> LIMB_BITS;
      long a1 = a[i + 1];
      long m1 = (((t[1] + carry0 + a1 * b0) & MASK) * nPrime) & MASK;
      for (int j = 0; j <= s; j++) {
        t[j] += a1 * b1[j] + m1 * n1[j];
      }
      // limbs 0 and 1 are now multiples of 2^27 apart from carries: shift two limbs down
      long carry1 = (t[1] + carry0) >> LIMB_BITS;
      System.arraycopy(t, 2, t, 0, s);
      t[s] = 0;
      t[s + 1] = 0;
      t[0] += carry1;
    }
    long carry = 0;
    for (int k = 0; k < s; k++) {
      long v = t[k] + carry;
      out[k] = v & MASK;
      carry = v >> LIMB_BITS;
    }
  }

  private static long[] toLimbs(BigInteger x, int limbs) {
    byte[] bytes = x.toByteArray();
    long[] r = new long[limbs];
    long acc = 0;
    int accBits = 0;
    int limb = 0;
    for (int p = bytes.length - 1; p >= 0 && limb < limbs; p--) {
      acc |= (bytes[p] & 0xFFL) << accBits;
      accBits += 8;
      if (accBits >= LIMB_BITS) {
        r[limb++] = acc & MASK;
        acc >>>= LIMB_BITS;
        accBits -= LIMB_BITS;
      }
    }
    if (limb < limbs) {
      r[limb] = acc;
    }
    return r;
  }
}
