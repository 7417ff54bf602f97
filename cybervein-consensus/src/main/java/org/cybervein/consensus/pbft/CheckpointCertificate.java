package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;

/**
 * A stable checkpoint's proof: 2f + 1 signed CHECKPOINT {@code <n, d>} messages from distinct
 * replicas with equal content. Sequence 0 with no messages is the genesis state every replica
 * starts from.
 *
 * @param sequence n, a multiple of K
 * @param stateDigest d, the digest of the snapshot at n
 * @param checkpoints the signed CHECKPOINT frames
 */
record CheckpointCertificate(long sequence, Hash stateDigest, List<Bytes> checkpoints) {
  CheckpointCertificate {
    checkpoints = List.copyOf(checkpoints);
  }

  PbftProto.PbftCheckpointCertificate toProto() {
    PbftProto.PbftCheckpointCertificate.Builder b =
        PbftProto.PbftCheckpointCertificate.newBuilder()
            .setSequence(sequence)
            .setStateDigest(Codec.hash(stateDigest));
    for (Bytes f : checkpoints) {
      b.addCheckpoints(Codec.bs(f));
    }
    return b.build();
  }

  /** Checks every signature and the quorum; genesis (sequence 0) needs none. */
  static CheckpointCertificate verify(
      PbftProto.PbftCheckpointCertificate proto, ReplicaConfig config, ReplicaVerifiers verifiers)
      throws InvalidPbftMessageException {
    Hash digest = Codec.hash(proto.getStateDigest(), proto.hasStateDigest());
    long n = proto.getSequence();
    if (n < 0 || n % config.checkpointInterval() != 0) {
      throw new InvalidPbftMessageException(Reason.INVALID_VALUE, "checkpoint sequence " + n);
    }
    List<Bytes> frames = new ArrayList<>();
    if (n == 0) {
      if (proto.getCheckpointsCount() != 0) {
        throw new InvalidPbftMessageException(Reason.BAD_CERTIFICATE, "genesis needs no votes");
      }
      return new CheckpointCertificate(0, digest, frames);
    }
    if (proto.getCheckpointsCount() > config.size()) {
      throw new InvalidPbftMessageException(Reason.BAD_CERTIFICATE, "too many votes");
    }
    BitSet signers = new BitSet();
    for (ByteString raw : proto.getCheckpointsList()) {
      Bytes bytes = Codec.bytes(raw);
      Frame f = Frame.parse(bytes, config.maxMessageBytes());
      if (f.body.getKindCase() != PbftProto.PbftBody.KindCase.CHECKPOINT
          || f.sender() >= config.size()
          || signers.get(f.sender())) {
        throw new InvalidPbftMessageException(Reason.BAD_CERTIFICATE, "not a distinct vote");
      }
      PbftProto.PbftCheckpoint c = f.body.getCheckpoint();
      if (c.getSequence() != n
          || !Codec.hash(c.getStateDigest(), c.hasStateDigest()).equals(digest)) {
        throw new InvalidPbftMessageException(Reason.BAD_CERTIFICATE, "vote for other content");
      }
      if (!f.verifySignature(verifiers.replica(f.sender()))) {
        throw new InvalidPbftMessageException(Reason.BAD_CERTIFICATE, "bad vote signature");
      }
      signers.set(f.sender());
      frames.add(bytes);
    }
    if (signers.cardinality() < config.quorum()) {
      throw new InvalidPbftMessageException(Reason.BAD_CERTIFICATE, "fewer than 2f + 1 votes");
    }
    return new CheckpointCertificate(n, digest, frames);
  }
}
