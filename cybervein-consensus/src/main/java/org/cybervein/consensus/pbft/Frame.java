package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Signature;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;
import org.cybervein.consensus.pbft.auth.MacChannel;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;

/**
 * A received or built PbftFrame: the body bytes exactly as carried, parsed once, and the
 * authenticator, checked once by whoever first needs it.
 */
final class Frame {
  static final byte[] SIGNING_DOMAIN = "CYBERVEIN-PBFT-V1".getBytes(StandardCharsets.US_ASCII);
  static final int SIGNATURE_SIZE = 64;

  final Bytes raw;
  final Bytes bodyBytes;
  final PbftProto.PbftBody body;
  final Bytes signature; // empty when MAC-authenticated
  final List<Bytes> tags; // empty when signed

  private Frame(
      Bytes raw, Bytes bodyBytes, PbftProto.PbftBody body, Bytes signature, List<Bytes> tags) {
    this.raw = raw;
    this.bodyBytes = bodyBytes;
    this.body = body;
    this.signature = signature;
    this.tags = tags;
  }

  boolean isSigned() {
    return !signature.isEmpty();
  }

  int sender() {
    return body.getSender();
  }

  /** Parses a frame; checks only its shape, not its authenticator. */
  static Frame parse(Bytes raw, int maxBytes) throws InvalidPbftMessageException {
    if (raw.size() > maxBytes) {
      throw new InvalidPbftMessageException(Reason.OVERSIZED, "frame of " + raw.size() + " bytes");
    }
    PbftProto.PbftFrame frame;
    PbftProto.PbftBody body;
    try {
      frame = PbftProto.PbftFrame.parseFrom(raw.toByteArray());
      body = PbftProto.PbftBody.parseFrom(frame.getBody());
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidPbftMessageException(Reason.MALFORMED, "not a PBFT frame");
    }
    if (body.getKindCase() == PbftProto.PbftBody.KindCase.KIND_NOT_SET) {
      throw new InvalidPbftMessageException(Reason.MISSING_FIELD, "body has no kind");
    }
    Bytes signature = Bytes.EMPTY;
    List<Bytes> tags = List.of();
    switch (frame.getAuthCase()) {
      case SIGNATURE -> {
        if (frame.getSignature().size() != SIGNATURE_SIZE) {
          throw new InvalidPbftMessageException(Reason.MALFORMED, "signature size");
        }
        signature = Bytes.of(frame.getSignature().toByteArray());
      }
      case AUTHENTICATOR -> {
        List<Bytes> list = new ArrayList<>(frame.getAuthenticator().getTagsCount());
        for (ByteString t : frame.getAuthenticator().getTagsList()) {
          if (t.size() != MacChannel.TAG_SIZE) {
            throw new InvalidPbftMessageException(Reason.MALFORMED, "tag size");
          }
          list.add(Bytes.of(t.toByteArray()));
        }
        if (list.isEmpty()) {
          throw new InvalidPbftMessageException(Reason.MISSING_FIELD, "empty authenticator");
        }
        tags = List.copyOf(list);
      }
      default -> throw new InvalidPbftMessageException(Reason.MISSING_FIELD, "no authenticator");
    }
    return new Frame(raw, Bytes.of(frame.getBody().toByteArray()), body, signature, tags);
  }

  static byte[] signingInput(Bytes body) {
    byte[] input = new byte[SIGNING_DOMAIN.length + body.size()];
    System.arraycopy(SIGNING_DOMAIN, 0, input, 0, SIGNING_DOMAIN.length);
    body.copyTo(input, SIGNING_DOMAIN.length);
    return input;
  }

  boolean verifySignature(Ed25519Verifier verifier) {
    return isSigned()
        && verifier.verify(signingInput(bodyBytes), Signature.ed25519(signature.toByteArray()));
  }

  /** True if the tag at {@code slot} of the authenticator verifies on {@code channel}. */
  boolean verifyTag(int slot, MacChannel channel) {
    return !isSigned() && slot < tags.size() && channel.verify(bodyBytes, tags.get(slot));
  }

  static Frame signed(PbftProto.PbftBody body, Ed25519PrivateKey key) {
    Bytes bodyBytes = Bytes.of(body.toByteArray());
    Signature sig = key.sign(signingInput(bodyBytes));
    byte[] raw =
        PbftProto.PbftFrame.newBuilder()
            .setBody(ByteString.copyFrom(bodyBytes.toByteArray()))
            .setSignature(ByteString.copyFrom(sig.encoded().toByteArray()))
            .build()
            .toByteArray();
    return new Frame(Bytes.of(raw), bodyBytes, body, sig.encoded(), List.of());
  }

  /** A frame with one tag per channel, in the given order (null channel: zero tag). */
  static Frame macked(PbftProto.PbftBody body, List<MacChannel> channels) {
    Bytes bodyBytes = Bytes.of(body.toByteArray());
    PbftProto.PbftAuthenticator.Builder auth = PbftProto.PbftAuthenticator.newBuilder();
    List<Bytes> tags = new ArrayList<>(channels.size());
    for (MacChannel c : channels) {
      Bytes tag = c == null ? Bytes.of(new byte[MacChannel.TAG_SIZE]) : c.tag(bodyBytes);
      tags.add(tag);
      auth.addTags(ByteString.copyFrom(tag.toByteArray()));
    }
    byte[] raw =
        PbftProto.PbftFrame.newBuilder()
            .setBody(ByteString.copyFrom(bodyBytes.toByteArray()))
            .setAuthenticator(auth)
            .build()
            .toByteArray();
    return new Frame(Bytes.of(raw), bodyBytes, body, Bytes.EMPTY, List.copyOf(tags));
  }
}
