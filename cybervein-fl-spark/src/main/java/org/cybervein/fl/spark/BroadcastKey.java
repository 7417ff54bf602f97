package org.cybervein.fl.spark;

import java.io.Serializable;
import org.cybervein.api.Bytes;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.vertical.GradientCipher;

/**
 * The public key as Spark broadcasts it: its bytes and the factory of its suite. Each executor
 * decodes it once, on first use, and keeps the cipher beside the broadcast value.
 */
final class BroadcastKey implements Serializable {
  private static final long serialVersionUID = 1L;

  private final SuiteFactory factory;
  private final byte[] encoded;
  private transient volatile GradientCipher cipher;

  BroadcastKey(SuiteFactory factory, GradientCipher cipher) {
    this.factory = factory;
    this.encoded = cipher.encoded().toByteArray();
    this.cipher = cipher;
  }

  boolean holds(GradientCipher other) {
    return java.util.Arrays.equals(encoded, other.encoded().toByteArray());
  }

  GradientCipher cipher() {
    GradientCipher c = cipher;
    if (c == null) {
      synchronized (this) {
        c = cipher;
        if (c == null) {
          try {
            c = factory.suite().decodePublicKey(Bytes.of(encoded));
          } catch (InvalidFederatedMessageException e) {
            // The driver's party decoded these very bytes with the same suite.
            throw new IllegalStateException("executor cannot read the broadcast key", e);
          }
          cipher = c;
        }
      }
    }
    return c;
  }
}
