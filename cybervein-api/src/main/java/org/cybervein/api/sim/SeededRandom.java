package org.cybervein.api.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.RandomSource;

/**
 * A fast deterministic {@link RandomSource} for the simulator: a {@link SplittableRandom}. Not for
 * keys or anything an adversary may predict; it exists to make runs replay.
 */
final class SeededRandom implements RandomSource {
  private static final byte[] NODE_DOMAIN =
      "cybervein.sim.node-random".getBytes(StandardCharsets.UTF_8);

  private final SplittableRandom random;

  SeededRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * The stream of one incarnation of one node: seeded by the first eight bytes of SHA-256(domain ||
   * networkSeed || incarnation || nodeId), so it depends on nothing other nodes do, and a restarted
   * node does not repeat the random choices of its previous life.
   */
  static SeededRandom forNode(long networkSeed, NodeId node, int incarnation) {
    byte[] id = node.value().getBytes(StandardCharsets.UTF_8);
    ByteBuffer input =
        ByteBuffer.allocate(NODE_DOMAIN.length + Long.BYTES + Integer.BYTES + id.length)
            .put(NODE_DOMAIN)
            .putLong(networkSeed)
            .putInt(incarnation)
            .put(id);
    return new SeededRandom(ByteBuffer.wrap(sha256(input.array())).getLong());
  }

  static byte[] sha256(byte[] input) {
    return newSha256().digest(input);
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  @Override
  public void nextBytes(byte[] target) {
    random.nextBytes(target);
  }

  @Override
  public long nextLong() {
    return random.nextLong();
  }
}
