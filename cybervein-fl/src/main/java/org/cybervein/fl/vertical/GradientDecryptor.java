package org.cybervein.fl.vertical;

import java.math.BigInteger;
import org.cybervein.api.random.RandomSource;

/**
 * The secret half of the cipher, held by coordinator C alone. In this protocol C only ever decrypts
 * values that A or B have hidden under a uniformly random mask, so what it learns is uniformly
 * random.
 */
public interface GradientDecryptor {
  /**
   * The public half C hands to A and B.
   *
   * @return the public key
   */
  GradientCipher publicKey();

  /**
   * A fresh encryption of zero, which A and B turn into an encryption of m by adding m. The key
   * owner computes it through the factorisation, several times faster than a public-key encryption;
   * its randomness is C's, unknown to the party that the ciphertext is sent to.
   *
   * @param random the source of the randomness
   * @return an encryption of zero
   */
  BigInteger encryptZero(RandomSource random);

  /**
   * The plaintext residue in {@code [0, n)} of a ciphertext that {@link #publicKey} accepts.
   *
   * @param ciphertext a valid ciphertext under this key
   * @return the plaintext residue
   */
  BigInteger decrypt(BigInteger ciphertext);
}
