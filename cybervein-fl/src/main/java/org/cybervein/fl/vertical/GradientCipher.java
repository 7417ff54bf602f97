package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.concurrent.Executor;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;

/**
 * The public half of an additively homomorphic cipher, as parties A and B use it: the whitepaper's
 * public key that coordinator C hands out. Plaintexts are residues modulo {@link
 * #plaintextModulus()}; ciphertexts are non-negative integers the cipher checks with {@link
 * #isCiphertext}. For Paillier, {@code [[a]] + [[b]] = [[a + b]]} and {@code k [[a]] = [[k a]]}.
 *
 * <p>Implementations are immutable and safe to call from several threads at once.
 */
public interface GradientCipher {
  /**
   * The suite's name on the wire, e.g. "paillier".
   *
   * @return the suite name
   */
  String suite();

  /**
   * The public key as {@link CipherSuite#decodePublicKey} reads it back.
   *
   * @return the encoded public key
   */
  Bytes encoded();

  /**
   * n: plaintexts are residues in {@code [0, n)}.
   *
   * @return the plaintext modulus n
   */
  BigInteger plaintextModulus();

  /**
   * The largest encoded ciphertext in bytes, for decoders' size checks.
   *
   * @return the size bound in bytes
   */
  int maxCiphertextBytes();

  /**
   * True if {@code c} is a well-formed ciphertext under this key.
   *
   * @param c the candidate ciphertext
   * @return true if {@code c} may be a ciphertext under this key
   */
  boolean isCiphertext(BigInteger c);

  /**
   * True if every value is a well-formed ciphertext under this key: the same answer as {@link
   * #isCiphertext} on each, which a cipher may give faster for a whole batch.
   *
   * @param cs the candidate ciphertexts
   * @return true if all of them may be ciphertexts under this key
   */
  default boolean areCiphertexts(BigInteger[] cs) {
    for (BigInteger c : cs) {
      if (!isCiphertext(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A fresh encryption of {@code m} in {@code [0, n)} with randomness from {@code random}.
   *
   * @param m the plaintext, in {@code [0, n)}
   * @param random the source of the encryption randomness
   * @return the ciphertext
   */
  BigInteger encrypt(BigInteger m, RandomSource random);

  /**
   * {@code [[a + b]]}.
   *
   * @param a an encryption of a
   * @param b an encryption of b
   * @return an encryption of a + b mod n
   */
  BigInteger add(BigInteger a, BigInteger b);

  /**
   * {@code [[a + m]]} for a plaintext m in {@code [0, n)}, without fresh randomness.
   *
   * @param c an encryption of a
   * @param m the plaintext to add
   * @return an encryption of a + m mod n
   */
  BigInteger addPlaintext(BigInteger c, BigInteger m);

  /**
   * {@code [[k a]]} for a non-negative scalar k below n; cheap when k is short.
   *
   * @param c an encryption of a
   * @param k the scalar
   * @return an encryption of k a mod n
   */
  BigInteger multiply(BigInteger c, BigInteger k);

  /**
   * {@code [[-a]]}.
   *
   * @param c an encryption of a
   * @return an encryption of -a mod n
   */
  BigInteger negate(BigInteger c);

  /**
   * {@code [[sum_i k_i a_i]]} for ciphertexts {@code [[a_i]]} and signed scalars {@code k_i} with
   * {@code |k_i| < n}: the encrypted weighted sum every gradient needs. This default accumulates
   * the positive and the negative terms apart, one short scalar multiplication and one addition per
   * term, and negates the negative part once; a cipher overrides it with something faster (a
   * multi-exponentiation for Paillier) that gives an encryption of the same value.
   *
   * @param ciphertexts the encryptions {@code [[a_i]]}, at least one
   * @param scalars the signed scalars, as many as ciphertexts
   * @return an encryption of the weighted sum mod n; an encryption of 0 if every scalar is 0
   */
  default BigInteger dot(BigInteger[] ciphertexts, BigInteger[] scalars) {
    if (ciphertexts.length != scalars.length || ciphertexts.length == 0) {
      throw new IllegalArgumentException(
          ciphertexts.length + " ciphertexts and " + scalars.length + " scalars");
    }
    BigInteger positive = null;
    BigInteger negative = null;
    for (int i = 0; i < ciphertexts.length; i++) {
      BigInteger k = scalars[i];
      int sign = k.signum();
      if (sign > 0) {
        BigInteger term = multiply(ciphertexts[i], k);
        positive = positive == null ? term : add(positive, term);
      } else if (sign < 0) {
        BigInteger term = multiply(ciphertexts[i], k.negate());
        negative = negative == null ? term : add(negative, term);
      }
    }
    if (positive == null && negative == null) {
      // [[0]]: any ciphertext to the power 0.
      return multiply(ciphertexts[0], BigInteger.ZERO);
    }
    if (negative == null) {
      return positive;
    }
    BigInteger subtracted = negate(negative);
    return positive == null ? subtracted : add(positive, subtracted);
  }

  /**
   * {@link #dot} for several rows of scalars over the same ciphertexts: {@code [[sum_i k_ji a_i]]}
   * for every row j, e.g. a party's gradient sums of all its features over one batch of residuals.
   * This default runs one {@link #dot} per row on the executor; Paillier overrides it with one
   * multi-exponentiation per row that shares the conversion of the ciphertexts and the final
   * inversions.
   *
   * @param ciphertexts the encryptions {@code [[a_i]]}, at least one
   * @param scalars one row of signed scalars per sum, each as long as ciphertexts
   * @param executor where the rows are computed (a direct executor makes it single-threaded)
   * @return one encrypted weighted sum per row, in row order
   */
  default BigInteger[] dots(BigInteger[] ciphertexts, BigInteger[][] scalars, Executor executor) {
    return Parallel.map(executor, scalars.length, j -> dot(ciphertexts, scalars[j]));
  }
}
