package org.cybervein.storageproofs.pospace;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

/**
 * The hard-to-pebble graph G of proof of space: a stacked depth-robust graph with expander edges
 * between layers, in the manner of Ren and Devadas' stacked expanders and Filecoin's stacked DRG
 * (SDR). Every node is labelled and every label is committed (see below).
 *
 * <h2>Nodes</h2>
 *
 * The n nodes are numbered {@code 0 .. n-1} and split into L {@link GraphParameters#layers()
 * layers} of width {@code w = n / L} (n must be a multiple of L, and w at least 2). Node v lies in
 * layer {@code v / w} at position {@code i = v mod w}.
 *
 * <h2>Edges</h2>
 *
 * Each node's parents are listed in a fixed order; the order matters because the label hashes the
 * parents' labels in it. Repeated parents are kept (and hashed twice). For node v at position i of
 * layer t:
 *
 * <ol>
 *   <li>In-layer edges (a depth-robust graph sampled in the manner of DRSample, Alwen, Blocki and
 *       Harsha, CCS 2017), only if {@code i >= 1}: first the predecessor {@code v - 1}; then, for
 *       each of the other {@code d - 1} edges ({@code d} = {@link
 *       GraphParameters#inLayerDegree()}), two words x, y of the node's stream below: a bucket
 *       {@code g = 1 + (x mod (floor(log2 i) + 1))}, a distance {@code dist = 2^(g-1) + (y mod
 *       (min(2^g, i + 1) - 2^(g-1)))}, and the parent {@code v - dist} (same layer, position {@code
 *       i - dist >= 0}).
 *   <li>Expander edges, only if {@code t >= 1}: for each of the {@code e} = {@link
 *       GraphParameters#expanderDegree()} edges one word z, and the parent {@code (t - 1) w + (z
 *       mod w)} in the layer below. This is a random bipartite graph of left degree e, which is an
 *       expander with high probability (the argument of Ren and Devadas uses such graphs).
 * </ol>
 *
 * Nodes at position 0 have no in-layer parents; layer 0 has no expander edges. So node 0 has no
 * parents at all, and a node has {@code (i >= 1 ? d : 0) + (t >= 1 ? e : 0)} parents. All "mod" are
 * on unsigned 64-bit words; their bias (below {@code w / 2^64}) is negligible for graph sampling.
 *
 * <h2>The stream of a node</h2>
 *
 * The words come from SplitMix64, a public, fast, non-cryptographic generator: the graph is public
 * and only needs to look random, not to be unpredictable. The graph key K is the first 8 bytes
 * (big-endian) of the tagged SHA-256 (layout in {@code DomainTag}) under the tag {@code
 * cybervein/pospace/graph/v1} of
 *
 * <pre>
 *   graphSeed (32 bytes) || u32be(L) || u32be(d) || u32be(e) || u64be(n)
 * </pre>
 *
 * and word j (j = 0, 1, 2, ...) of node v is, in arithmetic modulo 2^64, {@code mix(K + (64 v + j +
 * 1) * 0x9E3779B97F4A7C15)} where {@code mix(z)} is SplitMix64's finalizer: {@code z ^= z >>> 30; z
 * *= 0xBF58476D1CE4E5B9; z ^= z >>> 27; z *= 0x94D049BB133111EB; z ^= z >>> 31}. (This is the
 * stream of SplitMix64 started at state {@code K + 64 v * 0x9E3779B97F4A7C15}; a node uses at most
 * {@code 2 (d - 1) + e < 64} words.) The t-th extra in-layer edge (t = 1 .. d-1) takes x = word
 * {@code 2 (t - 1)} and y = word {@code 2 (t - 1) + 1}; expander edge t (t = 0 .. e-1) takes z =
 * word {@code 2 (d - 1) + t}, also at position 0 where the in-layer words go unused.
 *
 * <h2>Which labels are committed</h2>
 *
 * Unlike Filecoin, which commits only the last layer and proves the others with column commitments
 * inside a SNARK, every one of the n labels is a leaf of the Merkle commitment gamma and must be
 * stored: the space proved is n labels of 32 bytes. This keeps Algorithm 2 a plain list of Merkle
 * openings (a challenged node and its parents, all committed) at the price of large commit proofs.
 *
 * <h2>What security this gives</h2>
 *
 * Stated with care: Dziembowski, Faust, Kolmogorov and Pietrzak (CRYPTO 2015) prove, in the random
 * oracle model, that labelling a graph with high pebbling complexity and answering random label
 * challenges forces a prover that passes with good probability to either store a constant fraction
 * of the labels or spend much work recomputing them; Ren and Devadas (TCC 2016) obtain tighter
 * space bounds for stacked bipartite expanders, and Fisch (EUROCRYPT 2019) and Filecoin's SDR
 * combine stacked expanders with in-layer DRGs. Those theorems hold for their graph families and
 * parameter choices; the degrees and layer count here follow them heuristically and <em>no concrete
 * space-hardness bound is claimed for this exact graph</em>. What the tests do show is the
 * challenge soundness against a prover that keeps only part of the labels and does not recompute
 * the rest: it passes k challenges with probability {@code (1 - delta)^k} (see {@link Challenges}).
 * A prover that recomputes deleted labels on demand is the threat that the pebbling argument, not
 * this code, bounds.
 */
public final class SpaceGraph {
  /** The most nodes a graph may have (2^40, 32 TiB of labels). */
  public static final long MAX_NODES = 1L << 40;

  private static final DomainTag GRAPH_TAG = DomainTag.of("cybervein/pospace/graph/v1");
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final GraphParameters parameters;
  private final long nodeCount;
  private final long width;
  private final int inLayerDegree;
  private final int expanderDegree;
  private final long key;
  // width - 1 when the width is a power of two (then "mod w" is a mask), else -1.
  private final long widthMask;

  private SpaceGraph(GraphParameters parameters, long nodeCount) {
    this.parameters = parameters;
    this.nodeCount = nodeCount;
    this.width = nodeCount / parameters.layers();
    this.inLayerDegree = parameters.inLayerDegree();
    this.expanderDegree = parameters.expanderDegree();
    this.widthMask = Long.bitCount(width) == 1 ? width - 1 : -1;
    byte[] input =
        ByteBuffer.allocate(32 + 4 + 4 + 4 + 8)
            .put(parameters.graphSeed().toByteArray())
            .putInt(parameters.layers())
            .putInt(inLayerDegree)
            .putInt(expanderDegree)
            .putLong(nodeCount)
            .array();
    this.key = ByteBuffer.wrap(HashFunction.SHA256.hash(GRAPH_TAG, input).toByteArray()).getLong();
  }

  /**
   * The graph of {@code nodeCount} nodes with these parameters.
   *
   * @param parameters the layer count and degrees
   * @param nodeCount the number of nodes n
   * @return the graph
   * @throws IllegalArgumentException if {@code nodeCount} is not a multiple of the layer count, the
   *     layers would be narrower than 2 nodes, or {@code nodeCount > MAX_NODES}
   */
  public static SpaceGraph of(GraphParameters parameters, long nodeCount) {
    Objects.requireNonNull(parameters, "parameters");
    String error = problem(parameters.layers(), nodeCount);
    if (error != null) {
      throw new IllegalArgumentException(error);
    }
    return new SpaceGraph(parameters, nodeCount);
  }

  /** A description of what is wrong with this node count, or null if it is valid. */
  static String problem(int layers, long nodeCount) {
    if (nodeCount < 2L * layers || nodeCount > MAX_NODES) {
      return "node count must be in [2 * layers, 2^40] = ["
          + 2L * layers
          + ", "
          + MAX_NODES
          + "], got "
          + nodeCount;
    }
    if (nodeCount % layers != 0) {
      return "node count " + nodeCount + " is not a multiple of the " + layers + " layers";
    }
    return null;
  }

  /**
   * The parameters this graph was built from.
   *
   * @return the parameters
   */
  public GraphParameters parameters() {
    return parameters;
  }

  /**
   * The number of nodes n.
   *
   * @return n, the number of labels the prover stores
   */
  public long nodeCount() {
    return nodeCount;
  }

  /**
   * The number of nodes per layer, {@code n / L}.
   *
   * @return the layer width
   */
  public long width() {
    return width;
  }

  /**
   * The number of parents of node v.
   *
   * @param v the node index, in {@code [0, n)}
   * @return its number of parents, from 0 to {@link GraphParameters#maxParents()}
   * @throws IndexOutOfBoundsException if v is not in {@code [0, n)}
   */
  public int parentCount(long v) {
    Objects.checkIndex(v, nodeCount);
    return (v % width != 0 ? inLayerDegree : 0) + (v >= width ? expanderDegree : 0);
  }

  /**
   * The parents of node v, in label order.
   *
   * @param v the node index, in {@code [0, n)}
   * @return the parents' indices
   * @throws IndexOutOfBoundsException if v is not in {@code [0, n)}
   */
  public List<Long> parents(long v) {
    long[] out = new long[parameters.maxParents()];
    int count = parents(v, out);
    List<Long> list = new ArrayList<>(count);
    for (int j = 0; j < count; j++) {
      list.add(out[j]);
    }
    return Collections.unmodifiableList(list);
  }

  /**
   * Writes the parents of node v, in label order, to {@code out[0 .. count)} and returns the count,
   * without allocating: the labelling loop calls this once per node.
   *
   * @param v the node index, in {@code [0, n)}
   * @param out the array to write into, at least {@link GraphParameters#maxParents()} long
   * @return the number of parents written
   * @throws IndexOutOfBoundsException if v is not in {@code [0, n)} or {@code out} is shorter than
   *     {@link GraphParameters#maxParents()}
   */
  public int parents(long v, long[] out) {
    Objects.checkIndex(v, nodeCount);
    Objects.checkFromIndexSize(0, parameters.maxParents(), out.length);
    long layerStart = v - modWidth(v);
    long i = v - layerStart;
    long state = key + 64 * v * GOLDEN;
    int count = 0;
    if (i >= 1) {
      out[count++] = v - 1;
      long buckets = 64 - Long.numberOfLeadingZeros(i); // floor(log2 i) + 1
      for (int t = 1; t < inLayerDegree; t++) {
        state += GOLDEN;
        long g = 1 + Long.remainderUnsigned(mix(state), buckets);
        long lo = 1L << (g - 1);
        long hi = Math.min(1L << g, i + 1);
        state += GOLDEN;
        long dist = lo + remainder(mix(state), hi - lo);
        out[count++] = v - dist;
      }
    } else {
      // Position 0 draws no in-layer words; keep the expander words at the same stream offsets.
      state += 2L * (inLayerDegree - 1) * GOLDEN;
    }
    if (layerStart >= width) {
      long below = layerStart - width;
      for (int t = 0; t < expanderDegree; t++) {
        state += GOLDEN;
        out[count++] = below + modWidth(mix(state));
      }
    }
    return count;
  }

  /**
   * The unsigned {@code z mod width}. The labelling loop takes it once per expander edge, and a
   * 64-bit division costs about as much as the rest of the edge: power-of-two widths use a mask.
   */
  private long modWidth(long z) {
    return widthMask >= 0 ? z & widthMask : Long.remainderUnsigned(z, width);
  }

  /**
   * The unsigned {@code z mod m}; for the DRSample distances m is a power of two except in the top
   * bucket, so the mask saves most divisions.
   */
  private static long remainder(long z, long m) {
    return (m & (m - 1)) == 0 ? z & (m - 1) : Long.remainderUnsigned(z, m);
  }

  /** The graph key K, for test vectors. */
  long key() {
    return key;
  }

  /** SplitMix64's output function. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "SpaceGraph["
        + nodeCount
        + " nodes, "
        + parameters.layers()
        + " layers, degrees "
        + inLayerDegree
        + "+"
        + expanderDegree
        + "]";
  }
}
