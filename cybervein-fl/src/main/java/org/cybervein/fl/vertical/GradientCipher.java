package org.cybervein.fl.vertical;

import java.math.BigInteger;
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
  /** The suite's name on the wire, e.g. "paillier". */
  String suite();

  /** The public key as {@link CipherSuite#decodePublicKey} reads it back. */
  Bytes encoded();

  /** n: plaintexts are residues in {@code [0, n)}. */
  BigInteger plaintextModulus();

  /** The largest encoded ciphertext in bytes, for decoders' size checks. */
  int maxCiphertextBytes();

  /** True if {@code c} is a well-formed ciphertext under this key. */
  boolean isCiphertext(BigInteger c);

  /** A fresh encryption of {@code m} in {@code [0, n)} with randomness from {@code random}. */
  BigInteger encrypt(BigInteger m, RandomSource random);

  /** {@code [[a + b]]}. */
  BigInteger add(BigInteger a, BigInteger b);

  /** {@code [[a + m]]} for a plaintext m in {@code [0, n)}, without fresh randomness. */
  BigInteger addPlaintext(BigInteger c, BigInteger m);

  /** {@code [[k a]]} for a non-negative scalar k below n; cheap when k is short. */
  BigInteger multiply(BigInteger c, BigInteger k);

  /** {@code [[-a]]}. */
  BigInteger negate(BigInteger c);
}
