package org.cybervein.storageproofs.poc;

import org.cybervein.api.Hash;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/** Random contributions for tests. */
final class Contributions {
  private Contributions() {}

  static Hash randomHash(RandomSource random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Hash.of(b);
  }

  static ElectionContribution random(RandomSource random, long space, long bandwidth) {
    return new ElectionContribution(
        Ed25519PrivateKey.generate(random).publicKey(),
        randomHash(random),
        randomHash(random),
        randomHash(random),
        space,
        bandwidth);
  }
}
