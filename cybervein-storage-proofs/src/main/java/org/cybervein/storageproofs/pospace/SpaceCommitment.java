package org.cybervein.storageproofs.pospace;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.PospaceProto;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The prover's public commitment, the output of Algorithm 1 {@code Init(mu, n)}: the identity mu
 * the labels are bound to, the node count n, the graph G and the Merkle root gamma of the n labels.
 * A ledger records this value; verifiers check every later proof against it.
 *
 * <p>Wire form: {@code cybervein.v1.PosCommitment} ({@link #encode()}, {@link #decode(Bytes)}).
 *
 * @param mu the prover's 32-byte identity (e.g. the hash of its public key)
 * @param nodeCount the number of nodes and labels n
 * @param graph the parameters of G
 * @param gamma the RFC 6962 Merkle root over the labels l_0 .. l_{n-1}
 */
public record SpaceCommitment(Hash mu, long nodeCount, GraphParameters graph, Hash gamma) {
  /** The largest encoded commitment {@link #decode(Bytes)} reads. */
  public static final int MAX_ENCODED_SIZE = 256;

  // No repeated fields: a handful of fields, counted generously.
  private static final CanonicalParser<PospaceProto.PosCommitment> PARSER =
      CanonicalParser.of(PospaceProto.PosCommitment.getDefaultInstance(), MAX_ENCODED_SIZE, 32);

  /**
   * Checks the parts are present and that n suits the graph.
   *
   * @param mu the prover's 32-byte identity (e.g. the hash of its public key)
   * @param nodeCount the number of nodes and labels n
   * @param graph the parameters of G
   * @param gamma the RFC 6962 Merkle root over the labels l_0 .. l_{n-1}
   * @throws IllegalArgumentException if {@link SpaceGraph#of(GraphParameters, long)} would reject n
   */
  public SpaceCommitment {
    Objects.requireNonNull(mu, "mu");
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(gamma, "gamma");
    String error = SpaceGraph.problem(graph.layers(), nodeCount);
    if (error != null) {
      throw new IllegalArgumentException(error);
    }
  }

  /**
   * The graph G this commitment labels.
   *
   * @return the graph
   */
  public SpaceGraph spaceGraph() {
    return SpaceGraph.of(graph, nodeCount);
  }

  /**
   * The canonical {@code cybervein.v1.PosCommitment} encoding.
   *
   * @return the canonical bytes
   */
  public Bytes encode() {
    return Bytes.of(toProto().toByteArray());
  }

  PospaceProto.PosCommitment toProto() {
    return PospaceProto.PosCommitment.newBuilder()
        .setMu(ApiTypesCodec.toProto(mu))
        .setNodeCount(nodeCount)
        .setGraph(
            PospaceProto.PosGraphParameters.newBuilder()
                .setLayers(graph.layers())
                .setInLayerDegree(graph.inLayerDegree())
                .setExpanderDegree(graph.expanderDegree())
                .setGraphSeed(ApiTypesCodec.toProto(graph.graphSeed())))
        .setGamma(ApiTypesCodec.toProto(gamma))
        .build();
  }

  /**
   * Decodes a commitment from outside.
   *
   * @param encoded the received bytes
   * @return the commitment
   * @throws InvalidStorageProofException if the bytes exceed {@link #MAX_ENCODED_SIZE}, do not
   *     parse, are not canonical, lack a field, or carry out-of-range values or wrong-sized hashes
   */
  public static SpaceCommitment decode(Bytes encoded) throws InvalidStorageProofException {
    Objects.requireNonNull(encoded, "encoded");
    PospaceProto.PosCommitment proto = PospaceWire.parse(encoded, PARSER, "commitment");
    PospaceWire.noUnknownFields(proto, "commitment");
    if (!proto.hasMu() || !proto.hasGraph() || !proto.hasGamma()) {
      throw new InvalidStorageProofException(
          Reason.MISSING_FIELD, "commitment needs mu, graph and gamma");
    }
    PospaceProto.PosGraphParameters g = proto.getGraph();
    PospaceWire.noUnknownFields(g, "graph parameters");
    if (!g.hasGraphSeed()) {
      throw new InvalidStorageProofException(Reason.MISSING_FIELD, "graph parameters need a seed");
    }
    // uint32 on the wire: read as unsigned so that a huge value is not taken for a small one.
    String error =
        GraphParameters.problem(
            Integer.toUnsignedLong(g.getLayers()),
            Integer.toUnsignedLong(g.getInLayerDegree()),
            Integer.toUnsignedLong(g.getExpanderDegree()));
    if (error != null) {
      throw new InvalidStorageProofException(Reason.INVALID_VALUE, error);
    }
    long n = PospaceWire.nodeCount(proto.getNodeCount(), "commitment");
    error = SpaceGraph.problem(g.getLayers(), n);
    if (error != null) {
      throw new InvalidStorageProofException(Reason.INVALID_VALUE, error);
    }
    GraphParameters graph =
        new GraphParameters(
            g.getLayers(),
            g.getInLayerDegree(),
            g.getExpanderDegree(),
            PospaceWire.hash(g.getGraphSeed(), "graph seed"));
    return new SpaceCommitment(
        PospaceWire.hash(proto.getMu(), "mu"),
        n,
        graph,
        PospaceWire.hash(proto.getGamma(), "gamma"));
  }

  @Override
  public String toString() {
    return "SpaceCommitment[n=" + nodeCount + ", gamma=" + gamma + ", mu=" + mu + "]";
  }
}
