package org.cybervein.crypto.he;

import org.cybervein.api.random.DeterministicRandom;

/**
 * Keys shared by the Paillier tests. INSECURE sizes (512 and 1024 bits) through {@link
 * PaillierPrivateKey#generateInsecureForTesting}, so the suite stays fast; one test generates a
 * 2048-bit key.
 */
final class TestKeys {
  static final PaillierPrivateKey KEY_1024 =
      PaillierPrivateKey.generateInsecureForTesting(1024, DeterministicRandom.fromSeed(1024L));
  static final PaillierPrivateKey KEY_512 =
      PaillierPrivateKey.generateInsecureForTesting(512, DeterministicRandom.fromSeed(512L));
  static final PaillierPrivateKey OTHER_512 =
      PaillierPrivateKey.generateInsecureForTesting(512, DeterministicRandom.fromSeed(513L));

  private TestKeys() {}
}
