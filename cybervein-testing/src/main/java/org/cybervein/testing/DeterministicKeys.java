package org.cybervein.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.agreement.X25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * Keys that are the same in every run: the key number {@code index} of the family {@code seed}.
 *
 * <p>Each key is drawn from its own {@link DeterministicRandom} whose seed is an ASCII domain tag
 * ({@code cybervein.testing.ed25519} or {@code cybervein.testing.x25519}), the 8 big-endian bytes
 * of {@code seed} and the 4 big-endian bytes of {@code index}; so keys of different families,
 * numbers and algorithms are unrelated, and another implementation can derive the same ones. For
 * tests and simulations only: a 64-bit seed is no secret.
 */
public final class DeterministicKeys {
  private static final Map<String, Ed25519PrivateKey> SIGNING = new ConcurrentHashMap<>();
  private static final Map<String, X25519PrivateKey> AGREEMENT = new ConcurrentHashMap<>();

  private DeterministicKeys() {}

  /**
   * The Ed25519 signing key number {@code index} of the family {@code seed}.
   *
   * @param seed the family, e.g. a test's printed seed
   * @param index the key's number in the family, zero or more
   * @return the key; the same for the same arguments in every run
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public static Ed25519PrivateKey ed25519(long seed, int index) {
    return SIGNING.computeIfAbsent(
        seed + "/" + checkIndex(index),
        k -> Ed25519PrivateKey.generate(random("cybervein.testing.ed25519", seed, index)));
  }

  /**
   * The X25519 key-agreement key number {@code index} of the family {@code seed}.
   *
   * @param seed the family, e.g. a test's printed seed
   * @param index the key's number in the family, zero or more
   * @return the key; the same for the same arguments in every run
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public static X25519PrivateKey x25519(long seed, int index) {
    return AGREEMENT.computeIfAbsent(
        seed + "/" + checkIndex(index),
        k -> X25519PrivateKey.generate(random("cybervein.testing.x25519", seed, index)));
  }

  private static int checkIndex(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("key index must be zero or more, got " + index);
    }
    return index;
  }

  private static DeterministicRandom random(String domain, long seed, int index) {
    byte[] tag = domain.getBytes(StandardCharsets.US_ASCII);
    return DeterministicRandom.fromSeed(
        ByteBuffer.allocate(tag.length + Long.BYTES + Integer.BYTES)
            .put(tag)
            .putLong(seed)
            .putInt(index)
            .array());
  }
}
