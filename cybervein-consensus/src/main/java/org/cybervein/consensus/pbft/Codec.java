package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;

/** Field checks and conversions between the PBFT protobuf messages and the Java types. */
final class Codec {
  private Codec() {}

  static ByteString bs(Bytes b) {
    // toByteArray is a fresh copy nobody else holds, so wrapping it is as safe as copying it.
    return b.toByteString();
  }

  static Bytes bytes(ByteString b) {
    return Bytes.copyOf(b);
  }

  static TypesProto.Hash hash(Hash h) {
    return TypesProto.Hash.newBuilder().setValue(ByteString.copyFrom(h.toByteArray())).build();
  }

  static Hash hash(TypesProto.Hash proto, boolean present) throws InvalidPbftMessageException {
    if (!present) {
      throw new InvalidPbftMessageException(Reason.MISSING_FIELD, "digest missing");
    }
    if (proto.getValue().size() != Hash.SIZE) {
      throw new InvalidPbftMessageException(Reason.MALFORMED, "digest is not 32 bytes");
    }
    return Hash.of(proto.getValue().toByteArray());
  }

  static long nonNegative(long v, String what) throws InvalidPbftMessageException {
    if (v < 0) {
      throw new InvalidPbftMessageException(Reason.INVALID_VALUE, what + " out of range");
    }
    return v;
  }

  static NodeId nodeId(String s) throws InvalidPbftMessageException {
    try {
      return new NodeId(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidPbftMessageException(Reason.INVALID_VALUE, "bad address");
    }
  }

  static PbftProto.PbftUpload upload(Upload u) {
    return PbftProto.PbftUpload.newBuilder()
        .setSequence(u.sequence())
        .setLogDigest(hash(u.logDigest()))
        .build();
  }

  static Upload upload(PbftProto.PbftUpload p) throws InvalidPbftMessageException {
    if (p.getSequence() < 1) {
      throw new InvalidPbftMessageException(Reason.INVALID_VALUE, "upload sequence");
    }
    return new Upload(p.getSequence(), hash(p.getLogDigest(), p.hasLogDigest()));
  }

  static PbftProto.PbftLog log(OperationLog log) {
    PbftProto.PbftLog.Builder b = PbftProto.PbftLog.newBuilder().setSequence(log.sequence());
    for (LoggedOperation op : log.operations()) {
      b.addOperations(
          PbftProto.PbftLoggedOperation.newBuilder()
              .setClient(op.client().value())
              .setClientKey(ApiTypesCodec.toProto(op.clientKey()))
              .setTimestamp(op.timestamp())
              .setOperation(bs(op.operation())));
    }
    return b.build();
  }

  static OperationLog log(PbftProto.PbftLog p) throws InvalidPbftMessageException {
    if (p.getSequence() < 1) {
      throw new InvalidPbftMessageException(Reason.INVALID_VALUE, "log sequence");
    }
    List<LoggedOperation> ops = new ArrayList<>(p.getOperationsCount());
    for (PbftProto.PbftLoggedOperation o : p.getOperationsList()) {
      ops.add(
          new LoggedOperation(
              nodeId(o.getClient()),
              signingKey(o.getClientKey(), o.hasClientKey()),
              nonNegative(o.getTimestamp(), "timestamp"),
              bytes(o.getOperation())));
    }
    return new OperationLog(p.getSequence(), ops);
  }

  static PublicKey signingKey(TypesProto.PublicKey p, boolean present)
      throws InvalidPbftMessageException {
    if (!present) {
      throw new InvalidPbftMessageException(Reason.MISSING_FIELD, "signing key missing");
    }
    try {
      PublicKey key = ApiTypesCodec.fromProto(p);
      if (key.algorithm() != SignatureAlgorithm.ED25519) {
        throw new InvalidPbftMessageException(Reason.INVALID_VALUE, "not an Ed25519 key");
      }
      return key;
    } catch (InvalidEncodingException e) {
      throw malformed("signing key", e);
    }
  }

  static InvalidPbftMessageException malformed(String what, InvalidEncodingException e) {
    return new InvalidPbftMessageException(Reason.MALFORMED, what + ": " + e.getMessage());
  }
}
