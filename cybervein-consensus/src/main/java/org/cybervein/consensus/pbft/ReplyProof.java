package org.cybervein.consensus.pbft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;

/**
 * Checks a signed REPLY {@code <v, t, addr, r>} as a third party (or a client) would: either a
 * REPLY frame signed on its own, or one carrying a {@code PbftReplyProof}, i.e. an entry of its
 * replica's signed statement over the replies of a whole batch (see {@code pbft.proto}). Either way
 * the REPLY body is bound to the replica's Ed25519 signature, so the frame is a transferable proof
 * that the replica sent this result.
 */
public final class ReplyProof {
  private ReplyProof() {}

  /**
   * A checked REPLY.
   *
   * @param replica the index of the replica that sent and signed it
   * @param reply the REPLY as sent
   */
  public record Checked(int replica, PbftProto.PbftReply reply) {
    /**
     * Rejects a null reply and a negative index.
     *
     * @param replica the index of the replica that sent and signed it
     * @param reply the REPLY as sent
     */
    public Checked {
      Objects.requireNonNull(reply, "reply");
      if (replica < 0) {
        throw new IllegalArgumentException("negative replica index");
      }
    }
  }

  /**
   * Checks {@code frame}: a REPLY from a replica of {@code verifiers}, signed, or proven by a
   * signed reply statement of that replica for the REPLY's view.
   *
   * @param frame the REPLY frame to check
   * @param verifiers the replicas' verifying keys
   * @param maxBytes the longest frame accepted, in bytes
   * @return the checked reply: replica, view, timestamp and result
   * @throws InvalidPbftMessageException if it is malformed, not a REPLY, from no replica, or its
   *     signature, statement or path does not check
   */
  public static Checked check(Bytes frame, ReplicaVerifiers verifiers, int maxBytes)
      throws InvalidPbftMessageException {
    Frame f = Frame.parse(frame, maxBytes);
    if (f.body.getKindCase() != PbftProto.PbftBody.KindCase.REPLY) {
      throw new InvalidPbftMessageException(Reason.MALFORMED, "not a reply");
    }
    if (f.sender() >= verifiers.size()) {
      throw new InvalidPbftMessageException(Reason.UNKNOWN_SENDER, "no replica " + f.sender());
    }
    if (!authentic(f, verifiers, maxBytes)) {
      throw new InvalidPbftMessageException(Reason.BAD_AUTHENTICATOR, "reply not proven");
    }
    return new Checked(f.sender(), f.body.getReply());
  }

  /**
   * True if the REPLY frame {@code f} (sender already a replica index) is signed by its sender,
   * directly or through a statement. The signature is checked last.
   */
  static boolean authentic(Frame f, ReplicaVerifiers verifiers, int maxBytes) {
    if (f.isSigned()) {
      return f.verifySignature(verifiers.replica(f.sender()));
    }
    if (f.proof == null) {
      return false;
    }
    Frame statement;
    try {
      statement = Frame.parse(Codec.bytes(f.proof.getStatement()), maxBytes);
    } catch (InvalidPbftMessageException e) {
      return false;
    }
    if (!statement.isSigned()
        || statement.body.getKindCase() != PbftProto.PbftBody.KindCase.REPLY_STATEMENT
        || statement.sender() != f.sender()) {
      return false;
    }
    PbftProto.PbftReplyStatement s = statement.body.getReplyStatement();
    if (s.getView() != f.body.getReply().getView()
        || !s.hasRoot()
        || s.getRoot().getValue().size() != Hash.SIZE) {
      return false;
    }
    List<Hash> path = new ArrayList<>(f.proof.getPathCount());
    for (TypesProto.Hash h : f.proof.getPathList()) {
      path.add(Hash.of(h.getValue().toByteArray()));
    }
    Hash root =
        ReplyTree.rootFromPath(
            ReplyTree.leaf(f.bodyBytes),
            Integer.toUnsignedLong(f.proof.getIndex()),
            Integer.toUnsignedLong(s.getCount()),
            path);
    return root != null
        && root.equals(Hash.of(s.getRoot().getValue().toByteArray()))
        && statement.verifySignature(verifiers.replica(f.sender()));
  }
}
