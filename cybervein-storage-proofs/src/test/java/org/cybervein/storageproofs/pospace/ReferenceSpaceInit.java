package org.cybervein.storageproofs.pospace;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.merkle.MerkleTree;

/**
 * The simple reference for Algorithm 1, written from the documentation of {@link SpaceGraph} and
 * {@link NodeLabeler} rather than from their code: BigInteger arithmetic for the stream, the tagged
 * {@link HashFunction} API for labels, a list of labels on the heap and {@link
 * MerkleTree#ofLeafHashes}. The fast, streaming {@link SpaceProver#init} must agree with it.
 */
final class ReferenceSpaceInit {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger GAMMA = new BigInteger("9E3779B97F4A7C15", 16);

  final long n;
  final long width;
  final GraphParameters params;
  final BigInteger key;
  final List<Hash> labels = new ArrayList<>();
  final Hash gamma;

  ReferenceSpaceInit(Hash mu, long n, GraphParameters params) {
    this.n = n;
    this.params = params;
    this.width = n / params.layers();
    byte[] keyInput =
        ByteBuffer.allocate(52)
            .put(params.graphSeed().toByteArray())
            .putInt(params.layers())
            .putInt(params.inLayerDegree())
            .putInt(params.expanderDegree())
            .putLong(n)
            .array();
    byte[] digest =
        HashFunction.SHA256
            .hash(DomainTag.of("cybervein/pospace/graph/v1"), keyInput)
            .toByteArray();
    key = new BigInteger(1, java.util.Arrays.copyOf(digest, 8));
    for (long v = 0; v < n; v++) {
      List<byte[]> parts = new ArrayList<>();
      parts.add(mu.toByteArray());
      parts.add(ByteBuffer.allocate(8).putLong(v).array());
      for (long p : parents(v)) {
        parts.add(labels.get((int) p).toByteArray());
      }
      labels.add(
          HashFunction.SHA256.hash(
              DomainTag.of("cybervein/pospace/node-label/v1"), parts.toArray(new byte[0][])));
    }
    gamma = MerkleTree.ofLeafHashes(labels).root();
  }

  BigInteger word(long v, int j) {
    BigInteger z = key.add(BigInteger.valueOf(64 * v + j + 1).multiply(GAMMA)).mod(TWO_64);
    z = z.xor(z.shiftRight(30)).multiply(new BigInteger("BF58476D1CE4E5B9", 16)).mod(TWO_64);
    z = z.xor(z.shiftRight(27)).multiply(new BigInteger("94D049BB133111EB", 16)).mod(TWO_64);
    return z.xor(z.shiftRight(31));
  }

  List<Long> parents(long v) {
    long t = v / width;
    long i = v % width;
    int d = params.inLayerDegree();
    List<Long> out = new ArrayList<>();
    if (i >= 1) {
      out.add(v - 1);
      long floorLog2 = 63 - Long.numberOfLeadingZeros(i);
      for (int e = 1; e <= d - 1; e++) {
        BigInteger x = word(v, 2 * (e - 1));
        BigInteger y = word(v, 2 * (e - 1) + 1);
        long g = 1 + x.mod(BigInteger.valueOf(floorLog2 + 1)).longValue();
        long lo = 1L << (g - 1);
        long hi = Math.min(1L << g, i + 1);
        long dist = lo + y.mod(BigInteger.valueOf(hi - lo)).longValue();
        out.add(v - dist);
      }
    }
    if (t >= 1) {
      for (int e = 0; e < params.expanderDegree(); e++) {
        BigInteger z = word(v, 2 * (d - 1) + e);
        out.add((t - 1) * width + z.mod(BigInteger.valueOf(width)).longValue());
      }
    }
    return out;
  }
}
