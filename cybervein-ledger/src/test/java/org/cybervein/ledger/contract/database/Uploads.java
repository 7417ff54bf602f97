package org.cybervein.ledger.contract.database;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.Signature;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.UploadCertificateVerifier;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.contract.Keys;

/**
 * Builds signed PBFT UPLOAD frames as a replica does (the consensus module's {@code
 * SignedUpload.sign}); the consensus module's own tests check the contract against the real ones.
 */
final class Uploads {
  private Uploads() {}

  /** An operation of client {@code client} with timestamp {@code t}. */
  static PbftProto.PbftLoggedOperation op(int client, long t, String command) {
    return PbftProto.PbftLoggedOperation.newBuilder()
        .setClient("client-" + client)
        .setTimestamp(t)
        .setOperation(ByteString.copyFromUtf8(command))
        .setClientKey(ApiTypesCodec.toProto(Keys.key(500 + client)))
        .build();
  }

  // Every log a frame was made for, by its digest: what logOf hands back for a set of frames.
  private static final Map<Hash, Bytes> LOGS = new ConcurrentHashMap<>();

  /** Log n with the given operations. */
  static PbftProto.PbftLog upload(long n, PbftProto.PbftLoggedOperation... ops) {
    return PbftProto.PbftLog.newBuilder().setSequence(n).addAllOperations(List.of(ops)).build();
  }

  /** The log digest d of {@code log}, which an UPLOAD {@code <n, d>} signs. */
  static Hash digest(PbftProto.PbftLog log) {
    return UploadCertificateVerifier.logDigest(Bytes.of(log.toByteArray()));
  }

  /**
   * A frame carrying UPLOAD {@code <n, d>} of {@code log} from replica {@code sender}, signed with
   * {@code key}.
   */
  static Bytes frame(PbftProto.PbftLog log, int sender, Ed25519PrivateKey key) {
    Bytes encoded = Bytes.of(log.toByteArray());
    Hash d = UploadCertificateVerifier.logDigest(encoded);
    LOGS.put(d, encoded);
    PbftProto.PbftUpload upload =
        PbftProto.PbftUpload.newBuilder()
            .setSequence(log.getSequence())
            .setLogDigest(ApiTypesCodec.toProto(d))
            .build();
    byte[] body =
        PbftProto.PbftBody.newBuilder().setSender(sender).setUpload(upload).build().toByteArray();
    return signed(body, key);
  }

  /**
   * The encoded log the first of {@code frames} names, if {@link #frame} made it; otherwise empty
   * bytes (which hash to no digest a replica signs).
   */
  static Bytes logOf(List<Bytes> frames) {
    if (frames.isEmpty()) {
      return Bytes.EMPTY;
    }
    try {
      PbftProto.PbftFrame f = PbftProto.PbftFrame.parseFrom(frames.get(0).toByteArray());
      PbftProto.PbftBody b = PbftProto.PbftBody.parseFrom(f.getBody());
      byte[] d = b.getUpload().getLogDigest().getValue().toByteArray();
      return d.length == Hash.SIZE ? LOGS.getOrDefault(Hash.of(d), Bytes.EMPTY) : Bytes.EMPTY;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return Bytes.EMPTY;
    }
  }

  /** A frame carrying {@code body} bytes, signed as PBFT signs them. */
  static Bytes signed(byte[] body, Ed25519PrivateKey key) {
    Signature sig = key.sign(UploadCertificateVerifier.signingInput(Bytes.of(body)));
    return Bytes.of(
        PbftProto.PbftFrame.newBuilder()
            .setBody(ByteString.copyFrom(body))
            .setSignature(ByteString.copyFrom(sig.encoded().toByteArray()))
            .build()
            .toByteArray());
  }
}
