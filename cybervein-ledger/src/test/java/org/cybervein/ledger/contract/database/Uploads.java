package org.cybervein.ledger.contract.database;

import com.google.protobuf.ByteString;
import java.util.List;
import org.cybervein.api.Bytes;
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

  /** The upload of log n with the given operations. */
  static PbftProto.PbftUpload upload(long n, PbftProto.PbftLoggedOperation... ops) {
    return PbftProto.PbftUpload.newBuilder().setSequence(n).addAllOperations(List.of(ops)).build();
  }

  /** A frame carrying {@code upload} from replica {@code sender}, signed with {@code key}. */
  static Bytes frame(PbftProto.PbftUpload upload, int sender, Ed25519PrivateKey key) {
    byte[] body =
        PbftProto.PbftBody.newBuilder().setSender(sender).setUpload(upload).build().toByteArray();
    return signed(body, key);
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
