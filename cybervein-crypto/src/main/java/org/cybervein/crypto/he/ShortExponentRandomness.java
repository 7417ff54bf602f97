package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.api.random.RandomSource;

/**
 * Opt-in fast random factors for Paillier encryption, after Damgard, Jurik and Nielsen ("A
 * generalization of Paillier's public-key system with applications to electronic voting", 2010,
 * section 4.1 of its journal version): instead of {@code r^n mod n^2} for a uniform unit r, the
 * factor is {@code h_s^a mod n^2}, where {@code h_s = h^n mod n^2} for one fixed {@code h = -x^2
 * mod n} drawn at setup and the exponent a is drawn fresh and <b>short</b> ({@link #exponentBits()}
 * bits, 256 by default). A fixed-base table of {@code h_s^(d 2^(8 i))} turns each factor into one
 * multiplication per byte of a: 32 multiplications modulo n^2 instead of a full-length
 * exponentiation.
 *
 * <p><b>Assumption.</b> The factors are no longer uniform n-th residues: semantic security then
 * rests on the decisional composite residuosity assumption <em>and</em> on the short-exponent
 * assumption, that {@code h_s^a} for a random 256-bit a cannot be told from a uniform element of
 * the group {@code h_s} generates (the same kind of assumption as short-exponent Diffie-Hellman;
 * DJN argue it from the hardness of factoring n for exponents of about half n's length, and use
 * shorter ones in practice). It is therefore <b>off by default</b>: the default encryptors draw
 * uniform r. Choose it knowingly, for throughput, e.g. for the coordinator's encryptions of zero in
 * federated training.
 *
 * <p>Immutable after setup and thread-safe; the table holds {@code 32 x 255} residues modulo n^2 in
 * Montgomery form (27-bit limbs in longs: about 10 MiB for a 2048-bit key) and takes about 8,000
 * Montgomery products to build; a factor costs at most 32 Montgomery products and one conversion,
 * about a quarter of the same count of BigInteger multiplications and reductions.
 */
public final class ShortExponentRandomness {
  /** The default exponent length: twice the 128-bit security level. */
  public static final int DEFAULT_EXPONENT_BITS = 256;

  private static final int WINDOW_BITS = 8;

  private final PaillierPublicKey publicKey;
  private final int exponentBits;
  private final BigInteger base;
  private final MontgomeryForm form;
  // table[i][d] = base^(d 2^(8 i)) R mod n^2 in Montgomery limbs, d in 1..255 (index 0 unused)
  private final long[][][] table;

  private ShortExponentRandomness(
      PaillierPublicKey publicKey,
      int exponentBits,
      BigInteger base,
      MontgomeryForm form,
      long[][][] table) {
    this.publicKey = publicKey;
    this.exponentBits = exponentBits;
    this.base = base;
    this.form = form;
    this.table = table;
  }

  /**
   * Draws the fixed base {@code h_s} and builds its table, with {@link #DEFAULT_EXPONENT_BITS}.
   *
   * @param publicKey the key the factors are for
   * @param random the source of x; must be cryptographically strong outside tests
   * @return the randomness
   */
  public static ShortExponentRandomness create(PaillierPublicKey publicKey, RandomSource random) {
    return create(publicKey, random, DEFAULT_EXPONENT_BITS);
  }

  /**
   * Draws the fixed base {@code h_s} and builds its table.
   *
   * @param publicKey the key the factors are for
   * @param random the source of x; must be cryptographically strong outside tests
   * @param exponentBits the length of the secret exponents a, a multiple of 8 in [128, 2048]
   * @return the randomness
   * @throws IllegalArgumentException if {@code exponentBits} is out of range
   */
  public static ShortExponentRandomness create(
      PaillierPublicKey publicKey, RandomSource random, int exponentBits) {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(random, "random");
    if (exponentBits < 128 || exponentBits > 2048 || exponentBits % WINDOW_BITS != 0) {
      throw new IllegalArgumentException(
          "exponent bits must be a multiple of 8 in [128, 2048], got " + exponentBits);
    }
    BigInteger n = publicKey.modulus();
    BigInteger nSquared = publicKey.modulusSquared();
    BigInteger x = Sampling.unitModulo(n, random);
    // h = -x^2 mod n generates (with overwhelming probability) the squares of Jacobi symbol +1
    // times -1, the subgroup DJN use; its n-th power is an n-th residue modulo n^2.
    BigInteger h = n.subtract(x.multiply(x).mod(n));
    BigInteger base = h.modPow(n, nSquared);
    int windows = exponentBits / WINDOW_BITS;
    // Entries in Montgomery form (x R mod n^2): a factor then costs Montgomery products, about a
    // quarter of BigInteger's multiply and mod, and one conversion out at the end.
    ModulusTables tables = ModulusTables.of(nSquared);
    MontgomeryForm form = tables.form();
    MontgomeryForm.Scratch t = form.newScratch();
    long[][][] table = new long[windows][1 << WINDOW_BITS][];
    long[] windowBase = new long[form.limbs()];
    form.multiply(form.fromInteger(base), tables.rSquared(), windowBase, t);
    for (int i = 0; i < windows; i++) {
      table[i][1] = windowBase;
      for (int d = 2; d < (1 << WINDOW_BITS); d++) {
        table[i][d] = new long[form.limbs()];
        form.multiply(table[i][d - 1], windowBase, table[i][d], t);
      }
      // base^(2^(8 (i + 1))) = base^(255 2^(8 i)) * base^(2^(8 i))
      long[] next = new long[form.limbs()];
      form.multiply(table[i][(1 << WINDOW_BITS) - 1], windowBase, next, t);
      windowBase = next;
    }
    return new ShortExponentRandomness(publicKey, exponentBits, base, form, table);
  }

  /**
   * The key the factors are for.
   *
   * @return the public key
   */
  public PaillierPublicKey publicKey() {
    return publicKey;
  }

  /**
   * The length of the secret exponents.
   *
   * @return the exponent length in bits
   */
  public int exponentBits() {
    return exponentBits;
  }

  /**
   * A fresh random factor {@code h_s^a mod n^2} for a fresh {@link #exponentBits()}-bit a.
   *
   * @param random the source of a; must be cryptographically strong outside tests
   * @return the factor, an n-th residue modulo n^2
   */
  public BigInteger nextFactor(RandomSource random) {
    byte[] exponent = new byte[exponentBits / WINDOW_BITS];
    random.nextBytes(exponent);
    return power(exponent);
  }

  /** {@code h_s^a} for a big-endian a of {@code exponentBits / 8} bytes, by the table. */
  BigInteger power(byte[] exponent) {
    MontgomeryForm.Scratch t = form.newScratch();
    long[] acc = null;
    for (int i = 0; i < exponent.length; i++) {
      int digit = exponent[exponent.length - 1 - i] & 0xff;
      if (digit != 0) {
        if (acc == null) {
          acc = table[i][digit].clone();
        } else {
          form.multiply(acc, table[i][digit], acc, t);
        }
      }
    }
    if (acc == null) {
      return BigInteger.ONE;
    }
    // out of Montgomery form: a product with 1 removes the factor R
    long[] one = new long[form.limbs()];
    one[0] = 1;
    long[] out = new long[form.limbs()];
    form.multiply(acc, one, out, t);
    return form.toInteger(out);
  }

  /** The fixed base {@code h_s}, for tests. */
  BigInteger base() {
    return base;
  }

  @Override
  public String toString() {
    return "ShortExponentRandomness[" + publicKey + ", " + exponentBits + "-bit exponents]";
  }
}
