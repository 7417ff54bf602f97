package org.cybervein.storageproofs.pospace;

import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

/**
 * The public parameters of the hard-to-pebble graph G of proof of space: how many layers it is
 * stacked in, how many parents each node takes inside its layer and from the layer below, and the
 * public seed its edges are drawn from. {@link SpaceGraph} documents the construction.
 *
 * @param layers the number of layers L, 1..{@value #MAX_LAYERS}
 * @param inLayerDegree parents of a node inside its layer (the predecessor plus DRSample-style
 *     bucket picks), 1..{@value #MAX_IN_LAYER_DEGREE}
 * @param expanderDegree parents of a node in the layer below (random bipartite expander edges),
 *     0..{@value #MAX_EXPANDER_DEGREE}; at least 1 if there is more than one layer
 * @param graphSeed the public seed the edges are derived from
 */
public record GraphParameters(int layers, int inLayerDegree, int expanderDegree, Hash graphSeed) {
  /** The most layers a graph may have. */
  public static final int MAX_LAYERS = 64;

  /** The largest in-layer degree. */
  public static final int MAX_IN_LAYER_DEGREE = 16;

  /** The largest expander degree. */
  public static final int MAX_EXPANDER_DEGREE = 32;

  /** The most parents any node can have: {@code MAX_IN_LAYER_DEGREE + MAX_EXPANDER_DEGREE}. */
  public static final int MAX_PARENTS = MAX_IN_LAYER_DEGREE + MAX_EXPANDER_DEGREE;

  /**
   * The seed of the default graph: the tagged SHA-256 of the empty string under the tag {@code
   * cybervein/pospace/default-graph-seed/v1}, a nothing-up-my-sleeve value.
   */
  public static final Hash DEFAULT_GRAPH_SEED =
      HashFunction.SHA256.hash(DomainTag.of("cybervein/pospace/default-graph-seed/v1"));

  /**
   * The SDK's default graph: 8 layers, in-layer degree 6 and expander degree 8 (the degrees of
   * Filecoin's stacked DRG), seed {@link #DEFAULT_GRAPH_SEED}.
   */
  public static final GraphParameters DEFAULT = new GraphParameters(8, 6, 8, DEFAULT_GRAPH_SEED);

  /**
   * Checks every bound listed in the record's documentation.
   *
   * @param layers the number of layers L, 1..{@value #MAX_LAYERS}
   * @param inLayerDegree parents of a node inside its layer (the predecessor plus DRSample-style
   *     bucket picks), 1..{@value #MAX_IN_LAYER_DEGREE}
   * @param expanderDegree parents of a node in the layer below (random bipartite expander edges),
   *     0..{@value #MAX_EXPANDER_DEGREE}; at least 1 if there is more than one layer
   * @param graphSeed the public seed the edges are derived from
   */
  public GraphParameters {
    Objects.requireNonNull(graphSeed, "graphSeed");
    String error = problem(layers, inLayerDegree, expanderDegree);
    if (error != null) {
      throw new IllegalArgumentException(error);
    }
  }

  /**
   * The most parents a node of this graph has: {@code inLayerDegree + expanderDegree}.
   *
   * @return the largest parent count
   */
  public int maxParents() {
    return inLayerDegree + expanderDegree;
  }

  /** A description of what is wrong with these values, or null if they are valid. */
  static String problem(long layers, long inLayerDegree, long expanderDegree) {
    if (layers < 1 || layers > MAX_LAYERS) {
      return "layers must be in [1, " + MAX_LAYERS + "], got " + layers;
    }
    if (inLayerDegree < 1 || inLayerDegree > MAX_IN_LAYER_DEGREE) {
      return "in-layer degree must be in [1, " + MAX_IN_LAYER_DEGREE + "], got " + inLayerDegree;
    }
    if (expanderDegree < 0 || expanderDegree > MAX_EXPANDER_DEGREE) {
      return "expander degree must be in [0, " + MAX_EXPANDER_DEGREE + "], got " + expanderDegree;
    }
    if (layers > 1 && expanderDegree == 0) {
      return "a graph of " + layers + " layers needs an expander degree of at least 1";
    }
    return null;
  }
}
