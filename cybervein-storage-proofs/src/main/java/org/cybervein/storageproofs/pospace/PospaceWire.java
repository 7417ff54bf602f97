package org.cybervein.storageproofs.pospace;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.PospaceProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.crypto.merkle.MerkleProof;
import org.cybervein.storageproofs.CanonicalProto;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/** The checks every proof-of-space decoder shares: caps and strict parsing, field sizes. */
final class PospaceWire {
  private PospaceWire() {}

  /**
   * Parses {@code encoded} with the SDK's canonical parser, which checks the byte cap, counts every
   * field (and the entries of each capped repeated field) on the raw bytes before protobuf builds
   * anything, and accepts only the canonical encoding (so two encodings never denote one proof).
   */
  static <T extends Message> T parse(Bytes encoded, CanonicalParser<T> parser, String what)
      throws InvalidStorageProofException {
    return CanonicalProto.parse(encoded, parser, what);
  }

  /** The descriptor of field {@code number} of {@code message}'s type, for a repeat cap. */
  static Descriptors.FieldDescriptor field(Message message, int number) {
    return message.getDescriptorForType().findFieldByNumber(number);
  }

  /** Rejects a message (not its sub-messages) with fields this version does not know. */
  static void noUnknownFields(Message message, String what) throws InvalidStorageProofException {
    if (!message.getUnknownFields().asMap().isEmpty()) {
      throw new InvalidStorageProofException(Reason.MALFORMED, what + " carries unknown fields");
    }
  }

  static Hash hash(TypesProto.Hash proto, String what) throws InvalidStorageProofException {
    noUnknownFields(proto, what);
    try {
      return ApiTypesCodec.fromProto(proto);
    } catch (InvalidEncodingException e) {
      throw new InvalidStorageProofException(Reason.WRONG_LENGTH, what + ": " + e.getMessage(), e);
    }
  }

  static long nodeCount(long value, String what) throws InvalidStorageProofException {
    if (value < 2 || value > SpaceGraph.MAX_NODES) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE,
          what + " node count must be in [2, 2^40], got " + Long.toUnsignedString(value));
    }
    return value;
  }

  static PospaceProto.PosOpening toProto(LabelOpening opening) {
    byte[] siblings = new byte[Hash.SIZE * opening.path().path().size()];
    int offset = 0;
    for (Hash h : opening.path().path()) {
      h.copyTo(siblings, offset);
      offset += Hash.SIZE;
    }
    return PospaceProto.PosOpening.newBuilder()
        .setIndex(opening.index())
        .setLabel(ByteString.copyFrom(opening.label().toByteArray()))
        .setSiblings(ByteString.copyFrom(siblings))
        .build();
  }

  static LabelOpening fromProto(PospaceProto.PosOpening proto, long nodeCount, String what)
      throws InvalidStorageProofException {
    noUnknownFields(proto, what);
    long index = proto.getIndex();
    if (index < 0 || index >= nodeCount) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE,
          what
              + " index "
              + Long.toUnsignedString(index)
              + " is not below the node count "
              + nodeCount);
    }
    if (proto.getLabel().size() != Hash.SIZE) {
      throw new InvalidStorageProofException(
          Reason.WRONG_LENGTH,
          what + " label must be " + Hash.SIZE + " bytes, got " + proto.getLabel().size());
    }
    int expected = MerkleProof.pathLength(index, nodeCount);
    ByteString siblings = proto.getSiblings();
    if (siblings.size() != expected * Hash.SIZE) {
      throw new InvalidStorageProofException(
          Reason.WRONG_LENGTH,
          what
              + " of leaf "
              + index
              + " needs "
              + expected
              + " siblings ("
              + expected * Hash.SIZE
              + " bytes), got "
              + siblings.size()
              + " bytes");
    }
    byte[] raw = siblings.toByteArray();
    List<Hash> path = new ArrayList<>(expected);
    for (int s = 0; s < expected; s++) {
      path.add(Hash.of(raw, s * Hash.SIZE));
    }
    return new LabelOpening(
        Hash.of(proto.getLabel().toByteArray()), new MerkleProof(index, nodeCount, path));
  }
}
