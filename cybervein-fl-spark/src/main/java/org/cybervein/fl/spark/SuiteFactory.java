package org.cybervein.fl.spark;

import java.io.Serializable;
import org.cybervein.fl.vertical.CipherSuite;

/**
 * How an executor obtains the cipher suite to read the public key the driver broadcasts, e.g.
 * {@code () -> PaillierCipherSuite.of(PaillierKeySize.BITS_2048)}: Spark ships this factory, not
 * the suite, to each executor. Only the key's bytes and this factory cross to the executors; the
 * key was already checked on the driver by the party that received it.
 */
@FunctionalInterface
public interface SuiteFactory extends Serializable {
  /**
   * The suite, as the party on the driver uses it.
   *
   * @return the suite
   */
  CipherSuite suite();
}
