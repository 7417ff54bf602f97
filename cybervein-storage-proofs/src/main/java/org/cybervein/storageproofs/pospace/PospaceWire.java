package org.cybervein.storageproofs.pospace;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.PospaceProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.crypto.merkle.MerkleProof;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/** The checks every proof-of-space decoder shares: size caps, strict parsing, field sizes. */
final class PospaceWire {
  private PospaceWire() {}

  /** A cap on a repeated message field, and optionally on a repeated field inside each entry. */
  record Cap(int field, int max, int innerField, int innerMax) {
    static final Cap NONE = new Cap(0, 0, 0, 0);
  }

  /**
   * Parses {@code encoded} as one message after checking its size against {@code maxBytes} and the
   * entry counts against {@code cap}, and accepts it only if it is the canonical encoding (so two
   * encodings never denote one proof).
   */
  static <T extends Message> T parse(
      Bytes encoded, int maxBytes, Cap cap, Parser<T> parser, String what)
      throws InvalidStorageProofException {
    if (encoded.size() > maxBytes) {
      throw new InvalidStorageProofException(
          Reason.OVERSIZED, what + " is " + encoded.size() + " bytes, at most " + maxBytes);
    }
    byte[] bytes = encoded.toByteArray();
    if (cap.field() != 0) {
      // Count entries before protobuf builds them: a few bytes per empty entry would otherwise
      // let a proof within the byte cap make millions of objects.
      try {
        countEntries(bytes, 0, bytes.length, cap, what);
      } catch (InvalidProtocolBufferException e) {
        throw invalid(e, what);
      } catch (IOException e) {
        // An array never fails to read; kept apart so the reason stays truthful.
        throw new InvalidStorageProofException(Reason.MALFORMED, what + " does not parse", e);
      }
    }
    T message;
    try {
      message = parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw invalid(e, what);
    }
    if (!message.toByteString().equals(ByteString.copyFrom(bytes))) {
      throw new InvalidStorageProofException(
          Reason.MALFORMED, what + " is not in canonical encoding (or carries unknown fields)");
    }
    return message;
  }

  private static InvalidStorageProofException invalid(
      InvalidProtocolBufferException e, String what) {
    Reason reason =
        String.valueOf(e.getMessage()).contains("input ended unexpectedly")
            ? Reason.TRUNCATED
            : Reason.MALFORMED;
    return new InvalidStorageProofException(reason, what + " does not parse: " + e.getMessage(), e);
  }

  /**
   * Walks the fields of the message in {@code bytes[offset .. offset + length)} without building
   * it, and throws {@code OVERSIZED} once {@code cap.field()} occurs more than {@code cap.max()}
   * times (or, inside one of its entries, {@code cap.innerField()} more than {@code cap.innerMax()}
   * times).
   */
  private static void countEntries(byte[] bytes, int offset, int length, Cap cap, String what)
      throws InvalidStorageProofException, IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
    int count = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      boolean entry =
          WireFormat.getTagFieldNumber(tag) == cap.field()
              && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      if (!entry) {
        in.skipField(tag);
        continue;
      }
      if (++count > cap.max()) {
        throw new InvalidStorageProofException(
            Reason.OVERSIZED,
            what + " has more than " + cap.max() + " entries of field " + cap.field());
      }
      int size = in.readRawVarint32();
      int start = offset + in.getTotalBytesRead();
      if (size < 0 || size > offset + length - start) {
        throw new InvalidStorageProofException(Reason.TRUNCATED, what + " ends inside an entry");
      }
      if (cap.innerField() != 0) {
        countEntries(
            bytes, start, size, new Cap(cap.innerField(), cap.innerMax(), 0, 0), what + " entry");
      }
      in.skipRawBytes(size);
    }
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
