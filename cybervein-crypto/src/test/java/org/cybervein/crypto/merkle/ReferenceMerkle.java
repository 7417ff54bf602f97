package org.cybervein.crypto.merkle;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/**
 * The textbook RFC 6962 section 2.1 definitions, written recursively and without any care for
 * speed, as the baseline the fast implementations are tested against.
 */
final class ReferenceMerkle {
  private ReferenceMerkle() {}

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        md.update(part);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** MTH(D[n]) exactly as RFC 6962 section 2.1 defines it. */
  static Hash mth(List<Bytes> d) {
    return Hash.of(mthBytes(d));
  }

  private static byte[] mthBytes(List<Bytes> d) {
    int n = d.size();
    if (n == 0) {
      return sha256();
    }
    if (n == 1) {
      return sha256(new byte[] {0x00}, d.get(0).toByteArray());
    }
    int k = largestPowerOfTwoBelow(n);
    return sha256(new byte[] {0x01}, mthBytes(d.subList(0, k)), mthBytes(d.subList(k, n)));
  }

  /** PATH(m, D[n]) exactly as RFC 6962 section 2.1.1 defines it. */
  static List<Hash> path(int m, List<Bytes> d) {
    int n = d.size();
    List<Hash> result = new ArrayList<>();
    if (n == 1) {
      return result;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      result.addAll(path(m, d.subList(0, k)));
      result.add(mth(d.subList(k, n)));
    } else {
      result.addAll(path(m - k, d.subList(k, n)));
      result.add(mth(d.subList(0, k)));
    }
    return result;
  }

  /**
   * The left/right position of leaf m's ancestors in the RFC 6962 recursion, lowest first: true
   * where the ancestor is a right child (its sibling, the path element, lies to its left). The
   * length is the audit path length. Works on sizes alone, so it is cheap for any n.
   */
  static List<Boolean> directions(long m, long n) {
    List<Boolean> topDown = new ArrayList<>();
    while (n > 1) {
      long k = Long.highestOneBit(n - 1);
      if (m < k) {
        topDown.add(false);
        n = k;
      } else {
        topDown.add(true);
        m -= k;
        n -= k;
      }
    }
    List<Boolean> bottomUp = new ArrayList<>(topDown);
    java.util.Collections.reverse(bottomUp);
    return bottomUp;
  }

  /** The largest power of two strictly smaller than n, for n > 1. */
  static int largestPowerOfTwoBelow(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }

  /** Distinct leaves: each starts with its index, followed by a few seeded random bytes. */
  static List<Bytes> leaves(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Bytes> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] tail = new byte[random.nextInt(40)];
      random.nextBytes(tail);
      leaves.add(Bytes.of(ByteBuffer.allocate(8 + tail.length).putLong(i).put(tail).array()));
    }
    return leaves;
  }
}
