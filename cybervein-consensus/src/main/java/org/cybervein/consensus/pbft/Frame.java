package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.Signature;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;
import org.cybervein.consensus.pbft.auth.MacChannel;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;

/**
 * A received or built PbftFrame: the body bytes exactly as carried, parsed once, and the
 * authenticator, checked once by whoever first needs it.
 */
final class Frame {
  static final byte[] SIGNING_DOMAIN = "CYBERVEIN-PBFT-V1".getBytes(StandardCharsets.US_ASCII);
  static final int SIGNATURE_SIZE = 64;

  /** The longest audit path of a reply proof: trees have at most 2^20 leaves. */
  static final int MAX_PROOF_PATH = 20;

  private static final CanonicalParser<PbftProto.PbftFrame> FRAME =
      CanonicalParser.of(PbftProto.PbftFrame.getDefaultInstance(), 0, 0);
  private static final CanonicalParser<PbftProto.PbftBody> BODY =
      CanonicalParser.of(PbftProto.PbftBody.getDefaultInstance(), 0, 0);

  final Bytes raw;
  final Bytes bodyBytes;
  final PbftProto.PbftBody body;
  final Bytes signature; // empty when MAC-authenticated
  final List<Bytes> tags; // empty when signed
  final PbftProto.PbftReplyProof proof; // null unless a REPLY proven by a reply statement
  // The digest MAC tags cover, computed on first use; a race between threads computes it twice.
  private Bytes macInput;

  private Frame(
      Bytes raw,
      Bytes bodyBytes,
      PbftProto.PbftBody body,
      Bytes signature,
      List<Bytes> tags,
      PbftProto.PbftReplyProof proof) {
    this.raw = raw;
    this.bodyBytes = bodyBytes;
    this.body = body;
    this.signature = signature;
    this.tags = tags;
    this.proof = proof;
  }

  boolean isSigned() {
    return !signature.isEmpty();
  }

  /**
   * The sender index, the wire's unsigned 32-bit number saturated at {@link Integer#MAX_VALUE}: an
   * index of 2^31 or more would read as a negative int and slip past every {@code sender >= n}
   * check; saturated, it is just another index outside the group.
   */
  int sender() {
    int sender = body.getSender();
    return sender < 0 ? Integer.MAX_VALUE : sender;
  }

  /** Parses a frame; checks only its shape, not its authenticator. */
  static Frame parse(Bytes raw, int maxBytes) throws InvalidPbftMessageException {
    // Only the canonical encoding of frame and body is accepted, and every field is counted on
    // the raw bytes before protobuf builds anything: an honest field takes at least four bytes
    // on average, so a quarter of the byte cap (plus room for a tiny message) bounds the count.
    int maxFields = maxBytes / 4 + 64;
    PbftProto.PbftFrame frame = parse(raw, FRAME.withMaxBytes(maxBytes).withMaxFields(maxFields));
    Bytes bodyBytes = Bytes.copyOf(frame.getBody());
    PbftProto.PbftBody body =
        parse(bodyBytes, BODY.withMaxBytes(maxBytes).withMaxFields(maxFields));
    if (body.getKindCase() == PbftProto.PbftBody.KindCase.KIND_NOT_SET) {
      throw new InvalidPbftMessageException(Reason.MISSING_FIELD, "body has no kind");
    }
    Bytes signature = Bytes.EMPTY;
    List<Bytes> tags = List.of();
    PbftProto.PbftReplyProof proof = null;
    switch (frame.getAuthCase()) {
      case SIGNATURE -> {
        if (frame.getSignature().size() != SIGNATURE_SIZE) {
          throw new InvalidPbftMessageException(Reason.MALFORMED, "signature size");
        }
        signature = Bytes.copyOf(frame.getSignature());
      }
      case AUTHENTICATOR -> {
        List<Bytes> list = new ArrayList<>(frame.getAuthenticator().getTagsCount());
        for (ByteString t : frame.getAuthenticator().getTagsList()) {
          if (t.size() != MacChannel.TAG_SIZE) {
            throw new InvalidPbftMessageException(Reason.MALFORMED, "tag size");
          }
          list.add(Bytes.copyOf(t));
        }
        if (list.isEmpty()) {
          throw new InvalidPbftMessageException(Reason.MISSING_FIELD, "empty authenticator");
        }
        tags = List.copyOf(list);
      }
      case REPLY_PROOF -> {
        proof = frame.getReplyProof();
        if (body.getKindCase() != PbftProto.PbftBody.KindCase.REPLY) {
          throw new InvalidPbftMessageException(Reason.MALFORMED, "a reply proof on no reply");
        }
        if (proof.getStatement().isEmpty() || proof.getPathCount() > MAX_PROOF_PATH) {
          throw new InvalidPbftMessageException(Reason.MALFORMED, "reply proof shape");
        }
        for (TypesProto.Hash h : proof.getPathList()) {
          if (h.getValue().size() != Hash.SIZE) {
            throw new InvalidPbftMessageException(Reason.MALFORMED, "reply proof hash size");
          }
        }
      }
      default -> throw new InvalidPbftMessageException(Reason.MISSING_FIELD, "no authenticator");
    }
    return new Frame(raw, bodyBytes, body, signature, tags, proof);
  }

  private static <T extends com.google.protobuf.Message> T parse(
      Bytes encoded, CanonicalParser<T> parser) throws InvalidPbftMessageException {
    try {
      return parser.parse(encoded);
    } catch (InvalidEncodingException e) {
      throw new InvalidPbftMessageException(
          e.reason() == InvalidEncodingException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "not a PBFT frame: " + e.getMessage());
    }
  }

  static byte[] signingInput(Bytes body) {
    byte[] input = new byte[SIGNING_DOMAIN.length + body.size()];
    System.arraycopy(SIGNING_DOMAIN, 0, input, 0, SIGNING_DOMAIN.length);
    body.copyTo(input, SIGNING_DOMAIN.length);
    return input;
  }

  boolean verifySignature(Ed25519Verifier verifier) {
    if (!isSigned()) {
      return false;
    }
    byte[] input = signingInput(bodyBytes);
    Signature sig = Signature.ed25519(signature.toByteArray());
    return comesBackInCertificates(body)
        ? VerifiedSignatures.PROCESS.verify(verifier, input, sig)
        : verifier.verify(input, sig);
  }

  /**
   * The kinds whose signatures come back inside certificates (the contract's UPLOAD certificate,
   * checkpoint certificates, NEW-VIEW): remembered once made or verified; the others are checked
   * once anyway.
   */
  private static boolean comesBackInCertificates(PbftProto.PbftBody body) {
    return switch (body.getKindCase()) {
      case UPLOAD, CHECKPOINT, VIEW_CHANGE -> true;
      default -> false;
    };
  }

  /** True if the tag at {@code slot} of the authenticator verifies on {@code channel}. */
  boolean verifyTag(int slot, MacChannel channel) {
    return !isSigned() && slot < tags.size() && channel.verify(macInput(), tags.get(slot));
  }

  /**
   * What each tag of an authenticator is computed over: {@code SHA-256("CYBERVEIN-PBFT-V1" ||
   * body)}, the digest of the bytes a signature would cover. MACing the digest rather than the body
   * (Castro and Liskov's authenticators do the same) makes an authenticator for k receivers cost
   * one pass over the body and k short MACs instead of k passes: a PRE-PREPARE of 1 KiB requests is
   * tagged for three backups and a client's request for every replica.
   */
  private Bytes macInput() {
    Bytes input = macInput;
    if (input == null) {
      input = macInput(bodyBytes);
      macInput = input;
    }
    return input;
  }

  private static Bytes macInput(Bytes body) {
    // Streamed, so that the body (a whole batch in a PRE-PREPARE) is not copied behind the domain.
    return HashFunction.SHA256
        .newUntaggedHasher()
        .update(SIGNING_DOMAIN)
        .update(body)
        .digest()
        .toBytes();
  }

  static Frame signed(PbftProto.PbftBody body, Ed25519PrivateKey key) {
    Bytes bodyBytes = Bytes.encodingOf(body);
    byte[] input = signingInput(bodyBytes);
    Signature sig = key.sign(input);
    if (comesBackInCertificates(body)) {
      VerifiedSignatures.PROCESS.signedHere(key.publicKey(), input, sig);
    }
    byte[] raw =
        PbftProto.PbftFrame.newBuilder()
            .setBody(Codec.bs(bodyBytes))
            .setSignature(Codec.bs(sig.encoded()))
            .build()
            .toByteArray();
    return new Frame(Bytes.of(raw), bodyBytes, body, sig.encoded(), List.of(), null);
  }

  /** A frame with one tag per channel, in the given order (null channel: zero tag). */
  static Frame macked(PbftProto.PbftBody body, List<MacChannel> channels) {
    Bytes bodyBytes = Bytes.encodingOf(body);
    PbftProto.PbftAuthenticator.Builder auth = PbftProto.PbftAuthenticator.newBuilder();
    List<Bytes> tags = new ArrayList<>(channels.size());
    Bytes input = macInput(bodyBytes);
    for (MacChannel c : channels) {
      Bytes tag = c == null ? Bytes.of(new byte[MacChannel.TAG_SIZE]) : c.tag(input);
      tags.add(tag);
      auth.addTags(Codec.bs(tag));
    }
    byte[] raw =
        PbftProto.PbftFrame.newBuilder()
            .setBody(Codec.bs(bodyBytes))
            .setAuthenticator(auth)
            .build()
            .toByteArray();
    Frame f = new Frame(Bytes.of(raw), bodyBytes, body, Bytes.EMPTY, List.copyOf(tags), null);
    f.macInput = input;
    return f;
  }

  /** The encoded frame of a REPLY body proven by {@code proof} (see {@link ReplyProof}). */
  static Bytes proven(Bytes replyBody, PbftProto.PbftReplyProof proof) {
    return Bytes.of(
        PbftProto.PbftFrame.newBuilder()
            .setBody(Codec.bs(replyBody))
            .setReplyProof(proof)
            .build()
            .toByteArray());
  }
}
