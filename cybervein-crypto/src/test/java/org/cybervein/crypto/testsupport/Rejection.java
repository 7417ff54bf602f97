package org.cybervein.crypto.testsupport;

import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * Asserts that an attempt is rejected with {@link InvalidCryptoInputException}. Any other exception
 * propagates and fails the test, which is the point: untrusted input may only ever cause this one
 * exception.
 */
public final class Rejection {
  private Rejection() {}

  /** Something that may throw the module's checked exception. */
  public interface Attempt {
    void run() throws InvalidCryptoInputException;
  }

  /** Runs {@code attempt}, which must throw; returns the reason it gave. */
  public static InvalidCryptoInputException.Reason reasonOf(Attempt attempt) {
    try {
      attempt.run();
    } catch (InvalidCryptoInputException e) {
      return e.reason();
    }
    throw new AssertionError("input was accepted but must be rejected");
  }
}
