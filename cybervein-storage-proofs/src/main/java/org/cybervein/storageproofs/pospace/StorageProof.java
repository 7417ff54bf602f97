package org.cybervein.storageproofs.pospace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.PospaceProto;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The answer of Algorithm 3 (proof of storage): one {@link LabelOpening} per challenge, in
 * challenge order. {@link SpaceVerifier#checkStorage} checks it against a commitment and a seed.
 *
 * <p>Wire form: {@code cybervein.v1.PosStorageProof}.
 *
 * @param nodeCount the node count n the openings are paths in
 * @param openings one opening per challenge, in order
 */
public record StorageProof(long nodeCount, List<LabelOpening> openings) {
  /** The largest encoded proof {@link #decode(Bytes)} reads (8 MiB). */
  public static final int MAX_ENCODED_SIZE = 8 << 20;

  // Node count, then per opening its tag, index, label and siblings.
  private static final CanonicalParser<PospaceProto.PosStorageProof> PARSER =
      CanonicalParser.of(
              PospaceProto.PosStorageProof.getDefaultInstance(),
              MAX_ENCODED_SIZE,
              1 + 4 * Challenges.MAX_CHALLENGES)
          .withMaxRepeats(
              PospaceWire.field(
                  PospaceProto.PosStorageProof.getDefaultInstance(),
                  PospaceProto.PosStorageProof.OPENINGS_FIELD_NUMBER),
              Challenges.MAX_CHALLENGES);

  /**
   * Copies the openings and checks they are paths in a tree of {@code nodeCount} leaves.
   *
   * @param nodeCount the node count n the openings are paths in
   * @param openings one opening per challenge, in order
   * @throws IllegalArgumentException if an opening is for another tree size, or there are more than
   *     {@link Challenges#MAX_CHALLENGES} openings
   */
  public StorageProof {
    openings = List.copyOf(openings);
    if (openings.size() > Challenges.MAX_CHALLENGES) {
      throw new IllegalArgumentException("at most " + Challenges.MAX_CHALLENGES + " openings");
    }
    for (LabelOpening o : openings) {
      if (o.path().treeSize() != nodeCount) {
        throw new IllegalArgumentException(
            "opening of a tree of " + o.path().treeSize() + " leaves in a proof of " + nodeCount);
      }
    }
  }

  /**
   * The canonical {@code cybervein.v1.PosStorageProof} encoding.
   *
   * @return the canonical bytes
   */
  public Bytes encode() {
    PospaceProto.PosStorageProof.Builder b =
        PospaceProto.PosStorageProof.newBuilder().setNodeCount(nodeCount);
    for (LabelOpening o : openings) {
      b.addOpenings(PospaceWire.toProto(o));
    }
    return Bytes.of(b.build().toByteArray());
  }

  /**
   * Decodes a storage proof from outside, checking sizes before anything is allocated from them.
   *
   * @param encoded the received bytes
   * @return the proof, with its shape checked but its paths not yet verified
   * @throws InvalidStorageProofException if the bytes exceed {@link #MAX_ENCODED_SIZE}, do not
   *     parse, are not canonical, hold more than {@link Challenges#MAX_CHALLENGES} openings, or an
   *     opening has an index outside the tree, a label other than 32 bytes or siblings that do not
   *     match its audit path length
   */
  public static StorageProof decode(Bytes encoded) throws InvalidStorageProofException {
    Objects.requireNonNull(encoded, "encoded");
    PospaceProto.PosStorageProof proto = PospaceWire.parse(encoded, PARSER, "storage proof");
    PospaceWire.noUnknownFields(proto, "storage proof");
    long n = PospaceWire.nodeCount(proto.getNodeCount(), "storage proof");
    if (proto.getOpeningsCount() > Challenges.MAX_CHALLENGES) {
      throw new InvalidStorageProofException(
          Reason.OVERSIZED,
          "storage proof has "
              + proto.getOpeningsCount()
              + " openings, at most "
              + Challenges.MAX_CHALLENGES);
    }
    List<LabelOpening> openings = new ArrayList<>(proto.getOpeningsCount());
    for (PospaceProto.PosOpening o : proto.getOpeningsList()) {
      openings.add(PospaceWire.fromProto(o, n, "opening " + openings.size()));
    }
    return new StorageProof(n, openings);
  }
}
