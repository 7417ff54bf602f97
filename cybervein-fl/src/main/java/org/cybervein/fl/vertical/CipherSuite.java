package org.cybervein.fl.vertical;

import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.fl.InvalidFederatedMessageException;

/**
 * A kind of additively homomorphic cipher for vertical training: {@link PaillierCipherSuite} for
 * real runs, {@link MockCipherSuite} (no encryption at all) to run the very same protocol code
 * quickly, e.g. to compare against the encrypted run.
 */
public interface CipherSuite {
  /**
   * The name carried in {@code FlPublicKey.suite}.
   *
   * @return the suite name
   */
  String name();

  /**
   * Generates a key pair; coordinator C calls it once per training session.
   *
   * @param random the source of the key; must be cryptographically strong outside tests
   * @return the key pair, as the decrypting half
   */
  GradientDecryptor generate(RandomSource random);

  /**
   * Reads a public key C sent.
   *
   * @param encoded the received public key
   * @return the key, as an encrypting half
   * @throws InvalidFederatedMessageException if the bytes are not a valid key of this suite
   */
  GradientCipher decodePublicKey(Bytes encoded) throws InvalidFederatedMessageException;
}
