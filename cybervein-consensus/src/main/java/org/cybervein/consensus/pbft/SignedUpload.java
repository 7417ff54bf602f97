package org.cybervein.consensus.pbft;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * One replica's signed UPLOAD {@code <n, d>}: the upload, the index of the replica that signed it,
 * and the frame exactly as signed (so a contract verifies the bytes as carried, without
 * re-encoding). Always Ed25519-signed, whatever the {@link AuthMode}, because the contract is a
 * third party.
 *
 * @param upload the content
 * @param replica the signer's index
 * @param frame the signed PbftFrame
 */
public record SignedUpload(Upload upload, int replica, Bytes frame) {
  /**
   * Rejects null parts and a negative index.
   *
   * @param upload the content
   * @param replica the signer's index
   * @param frame the signed PbftFrame
   */
  public SignedUpload {
    Objects.requireNonNull(upload, "upload");
    Objects.requireNonNull(frame, "frame");
    if (replica < 0) {
      throw new IllegalArgumentException("negative replica index");
    }
  }

  /**
   * Signs {@code upload} as replica {@code replica}.
   *
   * @param upload the UPLOAD to sign, {@code <n, d>}
   * @param replica the signer's index
   * @param key the signer's private key
   * @return the signed frame
   */
  public static SignedUpload sign(Upload upload, int replica, Ed25519PrivateKey key) {
    return sign(upload, Codec.upload(upload), replica, key);
  }

  /** Signs {@code upload}, already encoded as {@code proto}, as replica {@code replica}. */
  static SignedUpload sign(
      Upload upload, PbftProto.PbftUpload proto, int replica, Ed25519PrivateKey key) {
    PbftProto.PbftBody body =
        PbftProto.PbftBody.newBuilder().setSender(replica).setUpload(proto).build();
    return new SignedUpload(upload, replica, Frame.signed(body, key).raw);
  }

  /**
   * Decodes a signed upload frame and checks its signature against the claimed replica's key.
   *
   * @param frame the received frame
   * @param verifiers the replicas' verifying keys
   * @param maxBytes the longest frame accepted, in bytes
   * @return the signed upload
   * @throws InvalidPbftMessageException if it is malformed, not an upload, from no replica of the
   *     configuration, or badly signed
   */
  public static SignedUpload decode(Bytes frame, ReplicaVerifiers verifiers, int maxBytes)
      throws InvalidPbftMessageException {
    Frame f = Frame.parse(frame, maxBytes);
    if (f.body.getKindCase() != PbftProto.PbftBody.KindCase.UPLOAD) {
      throw new InvalidPbftMessageException(Reason.MALFORMED, "not an upload");
    }
    if (f.sender() >= verifiers.size()) {
      throw new InvalidPbftMessageException(Reason.UNKNOWN_SENDER, "no replica " + f.sender());
    }
    if (!f.verifySignature(verifiers.replica(f.sender()))) {
      throw new InvalidPbftMessageException(Reason.BAD_AUTHENTICATOR, "upload signature");
    }
    return new SignedUpload(Codec.upload(f.body.getUpload()), f.sender(), frame);
  }

  /**
   * True if {@link #frame} is an UPLOAD frame from replica {@link #replica} carrying exactly {@link
   * #upload}, whether or not its signature verifies.
   */
  boolean statesItsFrame() {
    Frame f;
    try {
      f = Frame.parse(frame, Integer.MAX_VALUE);
    } catch (InvalidPbftMessageException e) {
      return false;
    }
    return f.body.getKindCase() == PbftProto.PbftBody.KindCase.UPLOAD
        && f.sender() == replica
        && f.body.getUpload().equals(Codec.upload(upload));
  }

  /**
   * True if {@link #frame} is a valid signature by replica {@link #replica} on exactly {@link
   * #upload}.
   *
   * @param verifiers the replicas' verifying keys
   * @return true if the signature verifies
   */
  public boolean verify(ReplicaVerifiers verifiers) {
    Frame f;
    try {
      f = Frame.parse(frame, Integer.MAX_VALUE);
    } catch (InvalidPbftMessageException e) {
      return false;
    }
    // Compared with the canonical encoding of the upload: a frame whose upload decodes to this one
    // but is encoded otherwise is rejected, which is stricter than comparing decoded values.
    return f.body.getKindCase() == PbftProto.PbftBody.KindCase.UPLOAD
        && f.sender() == replica
        && replica < verifiers.size()
        && f.body.getUpload().equals(Codec.upload(upload))
        && f.verifySignature(verifiers.replica(replica));
  }
}
