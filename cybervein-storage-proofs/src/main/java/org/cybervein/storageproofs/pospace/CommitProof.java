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
 * The answer of Algorithm 2 (proof of a correct commitment): one {@link CommitOpening} per
 * challenge, in challenge order. {@link SpaceVerifier#checkCommit} checks it.
 *
 * <p>Wire form: {@code cybervein.v1.PosCommitProof}. Its size is about {@code k (m + 1) (48 + 32
 * log2 n)} bytes for k challenges and m parents: large, since no parent opening is shared.
 *
 * @param nodeCount the node count n the openings are paths in
 * @param openings one opening per challenge, in order
 */
public record CommitProof(long nodeCount, List<CommitOpening> openings) {
  /** The largest encoded proof {@link #decode(Bytes)} reads (64 MiB). */
  public static final int MAX_ENCODED_SIZE = 64 << 20;

  // Node count, then per opening: its tag, its node (tag, index, label, siblings) and per parent
  // the same four. Unknown fields are refused on sight; this bounds the known ones, and the
  // repeat caps bound openings and parents, all before protobuf builds anything.
  private static final int MAX_FIELDS =
      1 + Challenges.MAX_CHALLENGES * (5 + 4 * GraphParameters.MAX_PARENTS);

  private static final CanonicalParser<PospaceProto.PosCommitProof> PARSER =
      CanonicalParser.of(
              PospaceProto.PosCommitProof.getDefaultInstance(), MAX_ENCODED_SIZE, MAX_FIELDS)
          .withMaxRepeats(
              PospaceWire.field(
                  PospaceProto.PosCommitProof.getDefaultInstance(),
                  PospaceProto.PosCommitProof.OPENINGS_FIELD_NUMBER),
              Challenges.MAX_CHALLENGES)
          .withMaxRepeats(
              PospaceWire.field(
                  PospaceProto.PosCommitOpening.getDefaultInstance(),
                  PospaceProto.PosCommitOpening.PARENTS_FIELD_NUMBER),
              GraphParameters.MAX_PARENTS);

  /**
   * Copies the openings and checks they are paths in a tree of {@code nodeCount} leaves.
   *
   * @param nodeCount the node count n the openings are paths in
   * @param openings one opening per challenge, in order
   * @throws IllegalArgumentException if an opening is for another tree size, or there are more than
   *     {@link Challenges#MAX_CHALLENGES} openings
   */
  public CommitProof {
    openings = List.copyOf(openings);
    if (openings.size() > Challenges.MAX_CHALLENGES) {
      throw new IllegalArgumentException("at most " + Challenges.MAX_CHALLENGES + " openings");
    }
    for (CommitOpening c : openings) {
      check(c.node(), nodeCount);
      for (LabelOpening p : c.parents()) {
        check(p, nodeCount);
      }
    }
  }

  private static void check(LabelOpening o, long nodeCount) {
    if (o.path().treeSize() != nodeCount) {
      throw new IllegalArgumentException(
          "opening of a tree of " + o.path().treeSize() + " leaves in a proof of " + nodeCount);
    }
  }

  /**
   * The canonical {@code cybervein.v1.PosCommitProof} encoding.
   *
   * @return the canonical bytes
   */
  public Bytes encode() {
    PospaceProto.PosCommitProof.Builder b =
        PospaceProto.PosCommitProof.newBuilder().setNodeCount(nodeCount);
    for (CommitOpening c : openings) {
      PospaceProto.PosCommitOpening.Builder cb =
          PospaceProto.PosCommitOpening.newBuilder().setNode(PospaceWire.toProto(c.node()));
      for (LabelOpening p : c.parents()) {
        cb.addParents(PospaceWire.toProto(p));
      }
      b.addOpenings(cb);
    }
    return Bytes.of(b.build().toByteArray());
  }

  /**
   * Decodes a commit proof from outside, checking sizes before anything is allocated from them.
   *
   * @param encoded the received bytes
   * @return the proof, with its shape checked but its paths and labels not yet verified
   * @throws InvalidStorageProofException if the bytes exceed {@link #MAX_ENCODED_SIZE}, do not
   *     parse, are not canonical, hold more than {@link Challenges#MAX_CHALLENGES} openings or more
   *     than {@link GraphParameters#MAX_PARENTS} parents in one, lack a node, or an opening has an
   *     index outside the tree, a label other than 32 bytes or siblings that do not match its audit
   *     path length
   */
  public static CommitProof decode(Bytes encoded) throws InvalidStorageProofException {
    Objects.requireNonNull(encoded, "encoded");
    PospaceProto.PosCommitProof proto = PospaceWire.parse(encoded, PARSER, "commit proof");
    PospaceWire.noUnknownFields(proto, "commit proof");
    long n = PospaceWire.nodeCount(proto.getNodeCount(), "commit proof");
    if (proto.getOpeningsCount() > Challenges.MAX_CHALLENGES) {
      throw new InvalidStorageProofException(
          Reason.OVERSIZED,
          "commit proof has "
              + proto.getOpeningsCount()
              + " openings, at most "
              + Challenges.MAX_CHALLENGES);
    }
    List<CommitOpening> openings = new ArrayList<>(proto.getOpeningsCount());
    for (PospaceProto.PosCommitOpening c : proto.getOpeningsList()) {
      String what = "commit opening " + openings.size();
      PospaceWire.noUnknownFields(c, what);
      if (!c.hasNode()) {
        throw new InvalidStorageProofException(Reason.MISSING_FIELD, what + " lacks its node");
      }
      if (c.getParentsCount() > GraphParameters.MAX_PARENTS) {
        throw new InvalidStorageProofException(
            Reason.OVERSIZED,
            what
                + " has "
                + c.getParentsCount()
                + " parents, at most "
                + GraphParameters.MAX_PARENTS);
      }
      LabelOpening node = PospaceWire.fromProto(c.getNode(), n, what);
      List<LabelOpening> parents = new ArrayList<>(c.getParentsCount());
      for (PospaceProto.PosOpening p : c.getParentsList()) {
        parents.add(PospaceWire.fromProto(p, n, what + " parent " + parents.size()));
      }
      openings.add(new CommitOpening(node, parents));
    }
    return new CommitProof(n, openings);
  }
}
