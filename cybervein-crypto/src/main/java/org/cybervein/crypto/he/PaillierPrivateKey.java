package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.api.random.RandomSource;

/**
 * A Paillier private key: the primes {@code p} and {@code q} of {@code n = p q}, with the values
 * that decryption through the Chinese remainder theorem needs precomputed. It knows its {@link
 * #publicKey()}.
 *
 * <p>Decryption works modulo {@code p^2} and {@code q^2} separately: {@code m_p = L_p(c^{p-1} mod
 * p^2) h_p mod p} with {@code L_p(x) = (x - 1) / p} and {@code h_p = L_p(g^{p-1} mod p^2)^{-1} mod
 * p}, likewise for q, then {@code m} from {@code (m_p, m_q)} by CRT. Exponentiations with
 * half-length exponents modulo half-length moduli ({@code p^2} has half the bits of {@code n^2})
 * make it about four times cheaper than decrypting with {@code lambda} modulo {@code n^2}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the primes.
 */
public final class PaillierPrivateKey {
  /** The smallest modulus {@link #generateInsecureForTesting} accepts. */
  public static final int MIN_INSECURE_TEST_BITS = 256;

  private final PaillierPublicKey publicKey;
  private final BigInteger p;
  private final BigInteger q;
  private final BigInteger pSquared;
  private final BigInteger qSquared;
  private final BigInteger pMinusOne;
  private final BigInteger qMinusOne;
  private final BigInteger hp;
  private final BigInteger hq;
  private final BigInteger qInverseModP;
  private final BigInteger qSquaredInverseModPSquared;

  private PaillierPrivateKey(BigInteger p, BigInteger q) {
    // Keep p < q: a canonical order, so equal keys have equal fields and equal encodings.
    if (p.compareTo(q) > 0) {
      BigInteger t = p;
      p = q;
      q = t;
    }
    this.p = p;
    this.q = q;
    BigInteger n = p.multiply(q);
    this.publicKey = new PaillierPublicKey(n);
    this.pSquared = p.multiply(p);
    this.qSquared = q.multiply(q);
    this.pMinusOne = p.subtract(BigInteger.ONE);
    this.qMinusOne = q.subtract(BigInteger.ONE);
    BigInteger g = n.add(BigInteger.ONE);
    this.hp = l(g.modPow(pMinusOne, pSquared), p).modInverse(p);
    this.hq = l(g.modPow(qMinusOne, qSquared), q).modInverse(q);
    this.qInverseModP = q.modInverse(p);
    this.qSquaredInverseModPSquared = qSquared.modInverse(pSquared);
  }

  /**
   * A key from two distinct primes of equal bit length, for decoders; callers have checked
   * primality and sizes.
   */
  static PaillierPrivateKey fromPrimes(BigInteger p, BigInteger q) {
    if (p.equals(q) || p.bitLength() != q.bitLength()) {
      throw new IllegalArgumentException("p and q must be distinct primes of equal length");
    }
    return new PaillierPrivateKey(p, q);
  }

  /**
   * Generates a key of a production size from {@code random} (use a secure source).
   *
   * @param size the modulus size
   * @param random the source of the primes; must be cryptographically strong
   * @return a new key pair
   */
  public static PaillierPrivateKey generate(PaillierKeySize size, RandomSource random) {
    Objects.requireNonNull(size, "size");
    return generateUnchecked(size.bits(), random);
  }

  /**
   * INSECURE: generates a key with a modulus of any even bit length from {@value
   * #MIN_INSECURE_TEST_BITS}, so that tests run fast at 512 or 1024 bits. Such keys can be
   * factored; never use one outside a test. Production code calls {@link #generate}.
   *
   * @param bits the modulus size in bits, even and at least {@value #MIN_INSECURE_TEST_BITS}
   * @param random the source of the primes
   * @return a new, insecure key pair
   * @throws IllegalArgumentException if {@code bits} is odd or too small
   */
  public static PaillierPrivateKey generateInsecureForTesting(int bits, RandomSource random) {
    if (bits < MIN_INSECURE_TEST_BITS || bits % 2 != 0) {
      throw new IllegalArgumentException(
          "test key size must be even and at least " + MIN_INSECURE_TEST_BITS + ", got " + bits);
    }
    return generateUnchecked(bits, random);
  }

  private static PaillierPrivateKey generateUnchecked(int bits, RandomSource random) {
    Objects.requireNonNull(random, "random");
    int half = bits / 2;
    BigInteger p = Sampling.prime(half, random);
    BigInteger q;
    do {
      q = Sampling.prime(half, random);
    } while (q.equals(p));
    // With equal-length primes gcd(pq, (p-1)(q-1)) = 1 always holds, which g = n + 1 requires.
    return new PaillierPrivateKey(p, q);
  }

  /**
   * The public key {@code n}.
   *
   * @return the public key of this key pair
   */
  public PaillierPublicKey publicKey() {
    return publicKey;
  }

  /** The smaller prime factor of n. */
  BigInteger p() {
    return p;
  }

  /** The larger prime factor of n. */
  BigInteger q() {
    return q;
  }

  /**
   * Decrypts a ciphertext under this key to its residue in {@code Z_n}, keeping its scale.
   *
   * @param ciphertext a ciphertext under this key's public key
   * @return the plaintext residue, at the ciphertext's scale
   * @throws IllegalArgumentException if the ciphertext is under another key
   */
  public PaillierPlaintext decrypt(PaillierCiphertext ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (!ciphertext.publicKey().equals(publicKey)) {
      throw new IllegalArgumentException("ciphertext is under another public key");
    }
    return new PaillierPlaintext(publicKey, decryptRaw(ciphertext.value()), ciphertext.scale());
  }

  /** The residue in {@code Z_n} of a value in {@code Z*_{n^2}}, by CRT. */
  BigInteger decryptRaw(BigInteger c) {
    BigInteger mp = l(c.mod(pSquared).modPow(pMinusOne, pSquared), p).multiply(hp).mod(p);
    BigInteger mq = l(c.mod(qSquared).modPow(qMinusOne, qSquared), q).multiply(hq).mod(q);
    // Garner: m = m_q + q ((m_p - m_q) q^{-1} mod p).
    return mp.subtract(mq).multiply(qInverseModP).mod(p).multiply(q).add(mq);
  }

  /**
   * A uniformly random n-th residue {@code r^n mod n^2}, computed with the factorisation: {@code
   * x_p^p mod p^2} for uniform {@code x_p} in {@code Z*_p} is uniform in the order-{@code (p-1)}
   * subgroup of {@code Z*_{p^2}} (which holds exactly the residues of n-th powers, as q does not
   * divide p - 1 for primes of equal length), likewise for q, and CRT joins the two halves. The
   * result has the distribution of {@code r^n mod n^2} for uniform r in {@code Z*_n}, at the cost
   * of two exponentiations with half-length exponents modulo {@code p^2} and {@code q^2}: several
   * times faster than one full-length exponentiation modulo {@code n^2}.
   */
  BigInteger randomNthResidue(RandomSource random) {
    // p and q are prime: every non-zero draw is a unit, no gcd needed
    BigInteger xp = Sampling.unitModuloPrime(p, random);
    BigInteger xq = Sampling.unitModuloPrime(q, random);
    BigInteger yp = xp.modPow(p, pSquared);
    BigInteger yq = xq.modPow(q, qSquared);
    return yp.subtract(yq)
        .multiply(qSquaredInverseModPSquared)
        .mod(pSquared)
        .multiply(qSquared)
        .add(yq);
  }

  private static BigInteger l(BigInteger x, BigInteger divisor) {
    return x.subtract(BigInteger.ONE).divide(divisor);
  }

  /** Equal when the factorisations are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PaillierPrivateKey other && p.equals(other.p) && q.equals(other.q);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  /** Names the public key only. */
  @Override
  public String toString() {
    return "PaillierPrivateKey[" + publicKey + "]";
  }
}
