package org.cybervein.storageproofs.pospace;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PospaceProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
import org.cybervein.storageproofs.pospace.PospaceConformanceVectorGenerator.Case;

/**
 * The commitment-only conformance vectors: one per validity rule of {@code PosCommitment}, at and
 * beyond each bound, and one per way of encoding a valid commitment non-canonically. Built from a
 * real commitment's mu, gamma and graph seed; the verdict needs no proof.
 */
final class CommitmentVectors {
  private CommitmentVectors() {}

  /** The parts of a commitment as they go on the wire, any of them out of range. */
  private record Parts(
      Bytes mu, long n, int layers, int inLayer, int expander, Bytes graphSeed, Bytes gamma) {
    Parts n(long value) {
      return new Parts(mu, value, layers, inLayer, expander, graphSeed, gamma);
    }

    Parts graph(int l, int d, int e) {
      return new Parts(mu, n, l, d, e, graphSeed, gamma);
    }

    Parts seed(Bytes value) {
      return new Parts(mu, n, layers, inLayer, expander, value, gamma);
    }

    Parts mu(Bytes value) {
      return new Parts(value, n, layers, inLayer, expander, graphSeed, gamma);
    }

    Parts gamma(Bytes value) {
      return new Parts(mu, n, layers, inLayer, expander, graphSeed, value);
    }

    PospaceProto.PosGraphParameters.Builder graphProto() {
      return PospaceProto.PosGraphParameters.newBuilder()
          .setLayers(layers)
          .setInLayerDegree(inLayer)
          .setExpanderDegree(expander)
          .setGraphSeed(hash(graphSeed));
    }

    PospaceProto.PosCommitment.Builder proto() {
      return PospaceProto.PosCommitment.newBuilder()
          .setMu(hash(mu))
          .setNodeCount(n)
          .setGraph(graphProto())
          .setGamma(hash(gamma));
    }

    Bytes encode() {
      return Bytes.of(proto().build().toByteArray());
    }
  }

  private static TypesProto.Hash hash(Bytes value) {
    return TypesProto.Hash.newBuilder().setValue(ByteString.copyFrom(value.toByteArray())).build();
  }

  private static Bytes bytes(Hash h) {
    return h.toBytes();
  }

  /** Protobuf wire bytes written by hand, for the encodings protobuf's builders never produce. */
  private static final class Raw {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Raw varint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
      return this;
    }

    Raw uint(int field, long v) {
      return varint(field << 3).varint(v);
    }

    Raw message(int field, Bytes body) {
      varint((field << 3) | 2).varint(body.size());
      out.writeBytes(body.toByteArray());
      return this;
    }

    Raw raw(int... b) {
      for (int x : b) {
        out.write(x);
      }
      return this;
    }

    Bytes bytes() {
      return Bytes.of(out.toByteArray());
    }
  }

  private static Bytes hashBody(Bytes value) {
    return new Raw().message(1, value).bytes();
  }

  private static Bytes graphBody(Parts p) {
    return Bytes.of(p.graphProto().build().toByteArray());
  }

  static void add(List<Case> cases, SpaceCommitment base) {
    Parts p =
        new Parts(
            bytes(base.mu()), 64, 4, 6, 8, bytes(base.graph().graphSeed()), bytes(base.gamma()));
    Optional<Reason> valid = Optional.empty();
    Optional<Reason> invalidValue = Optional.of(Reason.INVALID_VALUE);
    // Valid: each bound at its edge.
    cases.add(
        Case.commitment(
            "commitment-n-equals-2L",
            "n = 2 L = 8 with 4 layers: every layer has the minimum width 2.",
            p.n(8).encode(),
            valid));
    cases.add(
        Case.commitment(
            "commitment-n-2-to-the-40",
            "n = 2^40, the largest node count.",
            p.n(1L << 40).encode(),
            valid));
    cases.add(
        Case.commitment(
            "commitment-64-layers-max-degrees-width-3",
            "64 layers (the most) of width 3, in-layer degree 16 and expander degree 32 (the most).",
            p.n(192).graph(64, 16, 32).encode(),
            valid));
    cases.add(
        Case.commitment(
            "commitment-1-layer-expander-0-n-2",
            "One layer needs no expander edges (degree 0, omitted on the wire); n = 2 is the least.",
            p.n(2).graph(1, 1, 0).encode(),
            valid));
    cases.add(
        Case.commitment(
            "commitment-1-layer-with-expander-n-5",
            "An expander degree on a one-layer graph is allowed (no node has a layer below); n = 5"
                + " is odd.",
            p.n(5).graph(1, 6, 8).encode(),
            valid));
    // Invalid values.
    cases.add(
        Case.commitment(
            "commitment-n-below-2L",
            "n = 4 with 4 layers: layers of width 1; n must be at least 2 L.",
            p.n(4).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-n-1",
            "n = 1 with one layer: n must be at least 2.",
            p.n(1).graph(1, 1, 0).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-n-0",
            "No node count (0, omitted on the wire): n must be at least 2.",
            p.n(0).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-n-above-2-to-the-40",
            "n = 2^40 + 4: above the largest node count, though a multiple of the 4 layers.",
            p.n((1L << 40) + 4).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-n-2-to-the-64-minus-1",
            "n = 2^64 - 1, read as an unsigned 64-bit integer: far above 2^40 (a signed reading"
                + " would see -1).",
            p.n(-1L).graph(1, 1, 0).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-n-not-a-multiple-of-the-layers",
            "n = 31 with 3 layers: the layers must have equal widths.",
            p.n(31).graph(3, 6, 8).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-expander-0-with-2-layers",
            "Two layers with expander degree 0 would be two unconnected graphs.",
            p.n(4).graph(2, 6, 0).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-layers-0",
            "No layers (0, omitted): at least 1.",
            p.graph(0, 6, 8).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-layers-65",
            "65 layers: at most 64.",
            p.n(130).graph(65, 6, 8).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-layers-2-to-the-32-minus-1",
            "layers = 2^32 - 1, read as an unsigned 32-bit integer (a signed reading would see -1).",
            p.graph(-1, 6, 8).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-in-layer-degree-0",
            "In-layer degree 0: every node but the first of a layer has at least its predecessor.",
            p.graph(4, 0, 8).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-in-layer-degree-17",
            "In-layer degree 17: at most 16.",
            p.graph(4, 17, 8).encode(),
            invalidValue));
    cases.add(
        Case.commitment(
            "commitment-expander-degree-33",
            "Expander degree 33: at most 32.",
            p.graph(4, 6, 33).encode(),
            invalidValue));
    // Sizes of the hashes.
    Optional<Reason> wrongLength = Optional.of(Reason.WRONG_LENGTH);
    cases.add(
        Case.commitment(
            "commitment-graph-seed-of-31-bytes",
            "The graph seed is a 32-byte hash.",
            p.seed(p.graphSeed().slice(0, 31)).encode(),
            wrongLength));
    cases.add(
        Case.commitment(
            "commitment-mu-of-33-bytes",
            "mu is a 32-byte hash.",
            p.mu(p.mu().concat(Bytes.of(new byte[] {0}))).encode(),
            wrongLength));
    cases.add(
        Case.commitment(
            "commitment-empty-gamma",
            "gamma present but with no bytes: a 32-byte hash is required.",
            p.gamma(Bytes.EMPTY).encode(),
            wrongLength));
    // Missing parts.
    Optional<Reason> missing = Optional.of(Reason.MISSING_FIELD);
    cases.add(
        Case.commitment(
            "commitment-without-mu",
            "mu is required.",
            Bytes.of(p.proto().clearMu().build().toByteArray()),
            missing));
    cases.add(
        Case.commitment(
            "commitment-without-graph",
            "The graph parameters are required.",
            Bytes.of(p.proto().clearGraph().build().toByteArray()),
            missing));
    cases.add(
        Case.commitment(
            "commitment-without-gamma",
            "gamma is required.",
            Bytes.of(p.proto().clearGamma().build().toByteArray()),
            missing));
    cases.add(
        Case.commitment(
            "commitment-without-graph-seed",
            "The graph seed is required.",
            Bytes.of(p.proto().setGraph(p.graphProto().clearGraphSeed()).build().toByteArray()),
            missing));
    // Encodings other than the canonical one, of values that are otherwise valid.
    Optional<Reason> malformed = Optional.of(Reason.MALFORMED);
    Bytes mu = hashBody(p.mu());
    Bytes gamma = hashBody(p.gamma());
    Parts oneLayer = p.n(2).graph(1, 1, 0);
    cases.add(
        Case.commitment(
            "commitment-explicit-zero-expander-degree",
            "expander_degree = 0 written out: a default value must be omitted.",
            new Raw()
                .message(1, mu)
                .uint(2, 2)
                .message(
                    3,
                    new Raw()
                        .uint(1, 1)
                        .uint(2, 1)
                        .uint(3, 0)
                        .message(4, hashBody(oneLayer.graphSeed()))
                        .bytes())
                .message(4, gamma)
                .bytes(),
            malformed));
    cases.add(
        Case.commitment(
            "commitment-fields-out-of-order",
            "gamma (field 4) before mu (field 1): fields go in field-number order.",
            new Raw().message(4, gamma).message(1, mu).uint(2, 64).message(3, graphBody(p)).bytes(),
            malformed));
    cases.add(
        Case.commitment(
            "commitment-non-minimal-varint",
            "node_count 64 written in two bytes (c0 00): varints are minimal.",
            new Raw()
                .message(1, mu)
                .raw(0x10, 0xc0, 0x00)
                .message(3, graphBody(p))
                .message(4, gamma)
                .bytes(),
            malformed));
    cases.add(
        Case.commitment(
            "commitment-node-count-twice",
            "node_count written twice (protobuf would keep the last): each field at most once.",
            new Raw()
                .message(1, mu)
                .uint(2, 8)
                .uint(2, 64)
                .message(3, graphBody(p))
                .message(4, gamma)
                .bytes(),
            malformed));
    cases.add(
        Case.commitment(
            "commitment-unknown-field",
            "A field 5 the message does not define.",
            p.encode().concat(new Raw().uint(5, 1).bytes()),
            malformed));
    cases.add(
        Case.commitment(
            "commitment-unknown-field-in-graph",
            "A field 5 inside the graph parameters.",
            new Raw()
                .message(1, mu)
                .uint(2, 64)
                .message(3, graphBody(p).concat(new Raw().uint(5, 1).bytes()))
                .message(4, gamma)
                .bytes(),
            malformed));
    cases.add(
        Case.commitment(
            "commitment-unknown-field-in-mu",
            "A field 2 inside the Hash message of mu.",
            new Raw()
                .message(1, mu.concat(new Raw().uint(2, 1).bytes()))
                .uint(2, 64)
                .message(3, graphBody(p))
                .message(4, gamma)
                .bytes(),
            malformed));
    cases.add(
        Case.commitment(
            "commitment-node-count-as-bytes",
            "node_count with the length-delimited wire type instead of varint.",
            new Raw()
                .message(1, mu)
                .message(2, Bytes.of(new byte[] {64}))
                .message(3, graphBody(p))
                .message(4, gamma)
                .bytes(),
            malformed));
    Bytes valid64 = p.encode();
    cases.add(
        Case.commitment(
            "commitment-truncated",
            "The valid commitment without its last byte: gamma runs past the end.",
            valid64.slice(0, valid64.size() - 1),
            Optional.of(Reason.TRUNCATED)));
    int pad = SpaceCommitment.MAX_ENCODED_SIZE + 1 - valid64.size() - 3;
    cases.add(
        Case.commitment(
            "commitment-of-257-bytes",
            "More than 256 bytes (here padded with an unknown field): refused before parsing.",
            valid64.concat(new Raw().message(15, Bytes.of(new byte[pad])).bytes()),
            Optional.of(Reason.OVERSIZED)));
  }
}
