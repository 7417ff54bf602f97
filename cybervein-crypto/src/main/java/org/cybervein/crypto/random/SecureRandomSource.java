package org.cybervein.crypto.random;

import java.security.SecureRandom;
import java.util.Objects;
import org.cybervein.api.random.RandomSource;

/**
 * The production {@link RandomSource}: the operating system's cryptographically secure generator
 * through {@link SecureRandom}. Use it for key generation and for anything an adversary must not
 * predict (nonces, challenge sampling). Thread-safe.
 */
public final class SecureRandomSource implements RandomSource {
  private final SecureRandom random;

  /**
   * A source over the platform's default {@code new SecureRandom()}, which on Linux and macOS reads
   * the non-blocking {@code /dev/urandom} (the blocking {@code getInstanceStrong()} is deliberately
   * not used).
   */
  public SecureRandomSource() {
    this(new SecureRandom());
  }

  /**
   * A source over a given generator, e.g. a FIPS-approved provider's.
   *
   * @param random the generator to draw from
   */
  public SecureRandomSource(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public void nextBytes(byte[] target) {
    random.nextBytes(Objects.requireNonNull(target, "target"));
  }

  @Override
  public String toString() {
    return "SecureRandomSource[" + random.getAlgorithm() + "]";
  }
}
