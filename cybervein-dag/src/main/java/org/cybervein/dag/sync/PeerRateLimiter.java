package org.cybervein.dag.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket in bytes for one peer, refilled from the injected clock: a flood from one peer
 * costs this node at most the configured rate of decoding and verification work.
 */
final class PeerRateLimiter {
  private final long bytesPerSecond;
  private final long burst;
  private double tokens;
  private Instant last;

  PeerRateLimiter(long bytesPerSecond, long burst, Instant now) {
    this.bytesPerSecond = bytesPerSecond;
    this.burst = burst;
    this.tokens = burst;
    this.last = now;
  }

  /** Takes {@code bytes} tokens if there are enough; refuses otherwise and takes none. */
  boolean tryAcquire(long bytes, Instant now) {
    if (now.isAfter(last)) {
      double seconds = Duration.between(last, now).toNanos() / 1e9;
      tokens = Math.min(burst, tokens + seconds * bytesPerSecond);
      last = now;
    }
    if (tokens < bytes) {
      return false;
    }
    tokens -= bytes;
    return true;
  }
}
