package org.cybervein.consensus.pbft;

import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PbftProto;

/**
 * {@code (n, d, v)}: a replica prepared (P set) or pre-prepared (Q set) batch d at sequence n in
 * view v.
 */
record SlotClaim(long sequence, Hash digest, long view) {
  PbftProto.PbftSlotClaim toProto() {
    return PbftProto.PbftSlotClaim.newBuilder()
        .setSequence(sequence)
        .setDigest(Codec.hash(digest))
        .setView(view)
        .build();
  }

  static SlotClaim fromProto(PbftProto.PbftSlotClaim p) throws InvalidPbftMessageException {
    return new SlotClaim(
        Codec.nonNegative(p.getSequence(), "sequence"),
        Codec.hash(p.getDigest(), p.hasDigest()),
        Codec.nonNegative(p.getView(), "view"));
  }
}
