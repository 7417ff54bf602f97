package org.cybervein.fl.vertical;

import java.math.BigInteger;

/**
 * The secret half of the cipher, held by coordinator C alone. In this protocol C only ever decrypts
 * values that A or B have hidden under a uniformly random mask, so what it learns is uniformly
 * random.
 */
public interface GradientDecryptor {
  /** The public half C hands to A and B. */
  GradientCipher publicKey();

  /** The plaintext residue in {@code [0, n)} of a ciphertext that {@link #publicKey} accepts. */
  BigInteger decrypt(BigInteger ciphertext);
}
