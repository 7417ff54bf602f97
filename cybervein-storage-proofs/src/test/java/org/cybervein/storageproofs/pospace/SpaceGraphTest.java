package org.cybervein.storageproofs.pospace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class SpaceGraphTest {
  private static final SpaceGraph BIG = SpaceGraph.of(GraphParameters.DEFAULT, 1L << 30);

  @Test
  void parentsFollowTheLayerStructure() {
    long w = BIG.width();
    PropertyRuns.qt()
        .forAll(longs().between(0, BIG.nodeCount() - 1))
        .checkAssert(
            v -> {
              List<Long> parents = BIG.parents(v);
              assertEquals(BIG.parentCount(v), parents.size());
              long layer = v / w;
              int inLayer = v % w == 0 ? 0 : GraphParameters.DEFAULT.inLayerDegree();
              for (int j = 0; j < parents.size(); j++) {
                long p = parents.get(j);
                if (j < inLayer) {
                  assertEquals(layer, p / w, "in-layer parent in the same layer");
                  assertTrue(p < v, "in-layer parent before the node");
                } else {
                  assertEquals(layer - 1, p / w, "expander parent in the layer below");
                }
              }
              if (inLayer > 0) {
                assertEquals(v - 1, parents.get(0));
              }
            });
  }

  @Test
  void inLayerEdgesReachFarBack() {
    // DRSample picks distances from every bucket [2^(g-1), 2^g): long edges must occur.
    long w = BIG.width();
    int longEdges = 0;
    for (long v = w - 1000; v < w; v++) {
      for (long p : BIG.parents(v).subList(1, GraphParameters.DEFAULT.inLayerDegree())) {
        if (v - p > w / 4) {
          longEdges++;
        }
      }
    }
    assertTrue(longEdges > 100, "only " + longEdges + " edges span a quarter of the layer");
  }

  @Test
  void firstNodeHasNoParentsAndLayerStartsHaveOnlyExpanderParents() {
    SpaceGraph g = SpaceGraph.of(GraphParameters.DEFAULT, 256);
    assertEquals(List.of(), g.parents(0));
    assertEquals(GraphParameters.DEFAULT.expanderDegree(), g.parentCount(g.width()));
    assertEquals(GraphParameters.DEFAULT.inLayerDegree(), g.parentCount(1));
    assertEquals(GraphParameters.DEFAULT.maxParents(), g.parentCount(g.width() + 1));
  }

  @Test
  void theSeedChangesTheGraph() {
    GraphParameters other = new GraphParameters(8, 6, 8, PospaceFixtures.mu("another graph seed"));
    SpaceGraph a = SpaceGraph.of(GraphParameters.DEFAULT, 1 << 12);
    SpaceGraph b = SpaceGraph.of(other, 1 << 12);
    int differ = 0;
    for (long v = 0; v < 1 << 12; v++) {
      if (!a.parents(v).equals(b.parents(v))) {
        differ++;
      }
    }
    assertTrue(differ > 3000, differ + " nodes differ");
    assertNotEquals(a.parents(4000), b.parents(4000));
  }

  @Test
  void rejectsBadParametersAndSizes() {
    assertThrows(IllegalArgumentException.class, () -> SpaceGraph.of(GraphParameters.DEFAULT, 100));
    assertThrows(IllegalArgumentException.class, () -> SpaceGraph.of(GraphParameters.DEFAULT, 8));
    assertThrows(
        IllegalArgumentException.class,
        () -> SpaceGraph.of(GraphParameters.DEFAULT, SpaceGraph.MAX_NODES + 8));
    var seed = GraphParameters.DEFAULT_GRAPH_SEED;
    assertThrows(IllegalArgumentException.class, () -> new GraphParameters(0, 6, 8, seed));
    assertThrows(IllegalArgumentException.class, () -> new GraphParameters(65, 6, 8, seed));
    assertThrows(IllegalArgumentException.class, () -> new GraphParameters(4, 0, 8, seed));
    assertThrows(IllegalArgumentException.class, () -> new GraphParameters(4, 17, 8, seed));
    assertThrows(IllegalArgumentException.class, () -> new GraphParameters(4, 6, 33, seed));
    assertThrows(IllegalArgumentException.class, () -> new GraphParameters(4, 6, 0, seed));
    assertThrows(IndexOutOfBoundsException.class, () -> BIG.parents(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> BIG.parents(BIG.nodeCount()));
  }

  /** The masks that replace divisions must give the parents of the documented definition. */
  @Test
  void parentsFollowTheDocumentedDivisionsForAnyWidth() {
    for (long n : new long[] {8 * 1024, 8 * 1000, 8 * 3, 1L << 20}) {
      SpaceGraph g = SpaceGraph.of(GraphParameters.DEFAULT, n);
      long[] out = new long[GraphParameters.DEFAULT.maxParents()];
      for (long v = 0; v < n; v += 1 + v / 64) {
        int count = g.parents(v, out);
        assertArrayEquals(
            referenceParents(g, v), java.util.Arrays.copyOf(out, count), "n " + n + " v " + v);
      }
    }
  }

  private static long[] referenceParents(SpaceGraph g, long v) {
    long golden = 0x9E3779B97F4A7C15L;
    long w = g.width();
    int d = g.parameters().inLayerDegree();
    int e = g.parameters().expanderDegree();
    long t = v / w;
    long i = v % w;
    java.util.List<Long> parents = new java.util.ArrayList<>();
    if (i >= 1) {
      parents.add(v - 1);
      long buckets = 64 - Long.numberOfLeadingZeros(i);
      for (int k = 1; k < d; k++) {
        long x = SpaceGraph.mix(g.key() + (64 * v + 2 * (k - 1) + 1) * golden);
        long y = SpaceGraph.mix(g.key() + (64 * v + 2 * (k - 1) + 2) * golden);
        long gb = 1 + Long.remainderUnsigned(x, buckets);
        long lo = 1L << (gb - 1);
        long hi = Math.min(1L << gb, i + 1);
        parents.add(v - (lo + Long.remainderUnsigned(y, hi - lo)));
      }
    }
    if (t >= 1) {
      for (int k = 0; k < e; k++) {
        long z = SpaceGraph.mix(g.key() + (64 * v + 2 * (d - 1) + k + 1) * golden);
        parents.add((t - 1) * w + Long.remainderUnsigned(z, w));
      }
    }
    return parents.stream().mapToLong(Long::longValue).toArray();
  }
}
