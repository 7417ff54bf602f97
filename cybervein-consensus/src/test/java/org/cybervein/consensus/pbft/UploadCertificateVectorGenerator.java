package org.cybervein.consensus.pbft;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * Writes the published UPLOAD certificate vectors ({@code vectors/pbft-upload-certificate.json} at
 * the repository root; format in {@code vectors/README.md}). Every input is fixed and Ed25519
 * signatures are deterministic, so the output changes only when the format or the rules do. {@code
 * UploadCertificateVectorsTest} checks that the committed file is this output, byte for byte.
 */
public final class UploadCertificateVectorGenerator {
  /** The file, relative to this module's directory. */
  static final Path FILE = Path.of("..", "vectors", "pbft-upload-certificate.json");

  private static final DomainTag SEED_TAG = DomainTag.of("cybervein/test/vector/v1");
  private static final int MAX_FRAME_BYTES = 65536;

  private UploadCertificateVectorGenerator() {}

  /**
   * Writes the vectors to {@code args[0]}, or to {@link #FILE}.
   *
   * @param args the output path, optional
   * @throws IOException if the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path out = args.length > 0 ? Path.of(args[0]) : FILE;
    Files.writeString(out, generate(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }

  /** The private key derived from a name: seed = the tagged SHA-256 of the name. */
  static Ed25519PrivateKey key(String name) {
    return Ed25519PrivateKey.fromSeed(
        HashFunction.SHA256.hash(SEED_TAG, Bytes.utf8(name)).toByteArray());
  }

  private static List<Ed25519PrivateKey> replicas(int n) {
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(key("pbft replica " + i + " of " + n));
    }
    return keys;
  }

  private static LoggedOperation op(String client, long t, String command) {
    return new LoggedOperation(
        new NodeId(client), key("pbft " + client).publicKey(), t, Bytes.utf8(command));
  }

  private static OperationLog log(long n, LoggedOperation... ops) {
    return new OperationLog(n, List.of(ops));
  }

  /** Replica {@code replica}'s signed UPLOAD {@code <n, d>} of {@code log}. */
  private static Bytes signed(OperationLog log, int replica, Ed25519PrivateKey key) {
    return SignedUpload.sign(Upload.of(log), replica, key).frame();
  }

  /** A signed UPLOAD of the digest of arbitrary log bytes, as a faulty group might sign. */
  private static Bytes signedDigestOf(
      long n, Bytes encodedLog, int replica, Ed25519PrivateKey key) {
    Upload u = new Upload(n, UploadCertificateVerifier.logDigest(encodedLog));
    return SignedUpload.sign(u, replica, key).frame();
  }

  /** A frame around arbitrary body bytes, signed as replicas sign. */
  private static Bytes signedBody(byte[] body, Ed25519PrivateKey key) {
    Bytes b = Bytes.of(body);
    return Bytes.of(
        PbftProto.PbftFrame.newBuilder()
            .setBody(ByteString.copyFrom(body))
            .setSignature(
                ByteString.copyFrom(key.sign(Frame.signingInput(b)).encoded().toByteArray()))
            .build()
            .toByteArray());
  }

  private static byte[] uploadBody(int sender, PbftProto.PbftUpload upload) {
    return PbftProto.PbftBody.newBuilder()
        .setSender(sender)
        .setUpload(upload)
        .build()
        .toByteArray();
  }

  /** One vector's inputs and expected verdict. */
  private record Case(
      String name,
      String why,
      List<Ed25519PrivateKey> signers,
      List<PublicKey> keys,
      int maxFrameBytes,
      long sequence,
      List<Bytes> frames,
      Bytes log,
      Optional<InvalidPbftMessageException.Reason> reason) {}

  private static List<PublicKey> publicKeys(List<Ed25519PrivateKey> keys) {
    return keys.stream().map(Ed25519PrivateKey::publicKey).toList();
  }

  private static Case valid(
      String name, String why, List<Ed25519PrivateKey> r, long n, OperationLog log, Bytes... f) {
    return new Case(
        name,
        why,
        r,
        publicKeys(r),
        MAX_FRAME_BYTES,
        n,
        List.of(f),
        log.encode(),
        Optional.empty());
  }

  private static Case invalid(
      String name,
      InvalidPbftMessageException.Reason reason,
      String why,
      List<Ed25519PrivateKey> r,
      long n,
      Bytes log,
      Bytes... f) {
    return new Case(
        name, why, r, publicKeys(r), MAX_FRAME_BYTES, n, List.of(f), log, Optional.of(reason));
  }

  static List<Case> cases() {
    List<Ed25519PrivateKey> four = replicas(4);
    List<Ed25519PrivateKey> one = replicas(1);
    List<Ed25519PrivateKey> seven = replicas(7);
    Ed25519PrivateKey outsider = key("pbft outsider");
    OperationLog u = log(7, op("client-a", 1, "put a 1"), op("client-b", 5, "put b 2"));
    OperationLog other = log(7, op("client-a", 1, "put a 9"));
    Bytes ul = u.encode();
    PbftProto.PbftUpload proto = Codec.upload(Upload.of(u));
    PbftProto.PbftLog logProto = Codec.log(u);
    List<Case> cases = new ArrayList<>();

    cases.add(
        valid(
            "n4-f1-two-signers",
            "f + 1 = 2 distinct replicas signed equal content <n, d> for n; the log hashes to d.",
            four,
            7,
            u,
            signed(u, 0, four.get(0)),
            signed(u, 2, four.get(2))));
    cases.add(
        valid(
            "n4-f1-all-four-in-any-order",
            "More than f + 1 signers is fine, in any order.",
            four,
            7,
            u,
            signed(u, 3, four.get(3)),
            signed(u, 1, four.get(1)),
            signed(u, 0, four.get(0)),
            signed(u, 2, four.get(2))));
    OperationLog single = log(1, op("client-a", 0, "x"));
    cases.add(
        valid(
            "n1-f0-one-signer",
            "A group of one replica tolerates no fault: its own upload certifies.",
            one,
            1,
            single,
            signed(single, 0, one.get(0))));
    cases.add(
        valid(
            "n7-f2-empty-log",
            "An empty log (a null request from a view change) is certified like any other.",
            seven,
            3,
            log(3),
            signed(log(3), 6, seven.get(6)),
            signed(log(3), 0, seven.get(0)),
            signed(log(3), 4, seven.get(4))));

    cases.add(
        invalid(
            "no-frames",
            InvalidPbftMessageException.Reason.TOO_FEW_SIGNERS,
            "An empty certificate has no signer; f + 1 are needed.",
            four,
            7,
            ul));
    cases.add(
        invalid(
            "one-signer-of-four",
            InvalidPbftMessageException.Reason.TOO_FEW_SIGNERS,
            "One signer could be the one faulty replica; f + 1 = 2 are needed.",
            four,
            7,
            ul,
            signed(u, 1, four.get(1))));
    cases.add(
        invalid(
            "one-replica-twice",
            InvalidPbftMessageException.Reason.DUPLICATE_SIGNER,
            "The same replica counted twice would let one faulty replica reach f + 1 alone.",
            four,
            7,
            ul,
            signed(u, 1, four.get(1)),
            signed(u, 1, four.get(1))));
    cases.add(
        invalid(
            "wrong-sequence",
            InvalidPbftMessageException.Reason.WRONG_SEQUENCE,
            "The uploads are for log 7, so they prove nothing about log 8.",
            four,
            8,
            ul,
            signed(u, 0, four.get(0)),
            signed(u, 1, four.get(1))));
    cases.add(
        invalid(
            "conflicting-content",
            InvalidPbftMessageException.Reason.CONFLICTING_CONTENT,
            "Signers disagree on the digest of log n; the certificate must name one content.",
            four,
            7,
            ul,
            signed(u, 0, four.get(0)),
            signed(other, 1, four.get(1)),
            signed(u, 2, four.get(2))));
    cases.add(
        invalid(
            "log-mismatch",
            InvalidPbftMessageException.Reason.LOG_MISMATCH,
            "Valid uploads of d carried with another log for n: the signers vouched for d only.",
            four,
            7,
            other.encode(),
            signed(u, 0, four.get(0)),
            signed(u, 1, four.get(1))));
    OperationLog eight = log(8, op("client-a", 1, "put a 1"), op("client-b", 5, "put b 2"));
    cases.add(
        invalid(
            "log-of-another-sequence",
            InvalidPbftMessageException.Reason.LOG_MISMATCH,
            "Valid uploads for log 7 carried with log 8 (same operations): d is log 7's digest.",
            four,
            7,
            eight.encode(),
            signed(u, 0, four.get(0)),
            signed(u, 1, four.get(1))));
    cases.add(
        invalid(
            "signed-digest-of-another-sequences-log",
            InvalidPbftMessageException.Reason.WRONG_SEQUENCE,
            "Uploads <7, d> whose d is the digest of log 8: the log hashes to d, but is not log 7.",
            four,
            7,
            eight.encode(),
            signedDigestOf(7, eight.encode(), 0, four.get(0)),
            signedDigestOf(7, eight.encode(), 1, four.get(1))));
    Bytes notALog = Bytes.utf8("not a log");
    cases.add(
        invalid(
            "signed-digest-of-bytes-that-are-no-log",
            InvalidPbftMessageException.Reason.MALFORMED,
            "The log hashes to the signed d but does not parse as a PbftLog.",
            four,
            7,
            notALog,
            signedDigestOf(7, notALog, 0, four.get(0)),
            signedDigestOf(7, notALog, 1, four.get(1))));
    PbftProto.PbftUpload noDigest = proto.toBuilder().clearLogDigest().build();
    cases.add(
        invalid(
            "log-digest-missing",
            InvalidPbftMessageException.Reason.MISSING_FIELD,
            "An UPLOAD without its log digest names no log.",
            four,
            7,
            ul,
            signedBody(uploadBody(0, noDigest), four.get(0)),
            signedBody(uploadBody(1, noDigest), four.get(1))));
    PbftProto.PbftUpload shortDigest =
        proto.toBuilder()
            .setLogDigest(
                proto.getLogDigest().toBuilder()
                    .setValue(proto.getLogDigest().getValue().substring(0, 31)))
            .build();
    cases.add(
        invalid(
            "log-digest-of-31-bytes",
            InvalidPbftMessageException.Reason.MALFORMED,
            "A log digest is a SHA-256 value of exactly 32 bytes.",
            four,
            7,
            ul,
            signedBody(uploadBody(0, shortDigest), four.get(0)),
            signedBody(uploadBody(1, shortDigest), four.get(1))));
    cases.add(
        invalid(
            "sender-outside-group",
            InvalidPbftMessageException.Reason.UNKNOWN_SENDER,
            "Replica index 4 does not exist in a group of 4, whoever signed it.",
            four,
            7,
            ul,
            signed(u, 0, four.get(0)),
            signed(u, 4, outsider)));
    cases.add(
        invalid(
            "sender-2pow32-minus-1",
            InvalidPbftMessageException.Reason.UNKNOWN_SENDER,
            "The sender is an unsigned 32-bit number; 4294967295 is no replica (not -1).",
            four,
            7,
            ul,
            signed(u, 0, four.get(0)),
            signedBody(uploadBody(-1, proto), outsider)));
    cases.add(
        invalid(
            "signed-with-another-replicas-key",
            InvalidPbftMessageException.Reason.BAD_AUTHENTICATOR,
            "Replica 1's upload signed with replica 2's key is not replica 1's signature.",
            four,
            7,
            ul,
            signed(u, 0, four.get(0)),
            signed(u, 1, four.get(2))));
    byte[] flipped = signed(u, 1, four.get(1)).toByteArray();
    flipped[flipped.length - 1] ^= 0x01;
    cases.add(
        invalid(
            "flipped-signature-bit",
            InvalidPbftMessageException.Reason.BAD_AUTHENTICATOR,
            "One flipped bit of the signature must make it fail.",
            four,
            7,
            ul,
            signed(u, 0, four.get(0)),
            Bytes.of(flipped)));
    // A valid signature over other content, carried with this content's body.
    PbftProto.PbftFrame real = parseFrame(signed(other, 1, four.get(1)));
    Bytes spliced =
        Bytes.of(
            real.toBuilder()
                .setBody(ByteString.copyFrom(uploadBody(1, proto)))
                .build()
                .toByteArray());
    cases.add(
        invalid(
            "signature-of-other-content",
            InvalidPbftMessageException.Reason.BAD_AUTHENTICATOR,
            "The signature is replica 1's, but over another body: the signed bytes are the body.",
            four,
            7,
            ul,
            signed(u, 0, four.get(0)),
            spliced));
    List<PublicKey> badKey = new ArrayList<>(publicKeys(four));
    badKey.set(3, PublicKey.ed25519(new byte[32]));
    cases.add(
        new Case(
            "replica-key-of-small-order",
            "Replica 3's key (all zero bytes) is a point of small order, refused by the key policy:"
                + " no signature verifies under it.",
            four,
            badKey,
            MAX_FRAME_BYTES,
            7,
            List.of(signed(u, 0, four.get(0)), signed(u, 3, four.get(3))),
            ul,
            Optional.of(InvalidPbftMessageException.Reason.BAD_AUTHENTICATOR)));
    cases.add(
        invalid(
            "not-a-frame",
            InvalidPbftMessageException.Reason.MALFORMED,
            "Bytes that do not parse as a PbftFrame certify nothing.",
            four,
            7,
            ul,
            signed(u, 0, four.get(0)),
            Bytes.utf8("not a frame")));
    cases.add(
        invalid(
            "mac-authenticated-frame",
            InvalidPbftMessageException.Reason.MALFORMED,
            "A MAC convinces only its receiver; a certificate needs transferable signatures.",
            four,
            7,
            ul,
            signed(u, 0, four.get(0)),
            Bytes.of(
                PbftProto.PbftFrame.newBuilder()
                    .setBody(ByteString.copyFrom(uploadBody(1, proto)))
                    .setAuthenticator(
                        PbftProto.PbftAuthenticator.newBuilder()
                            .addTags(ByteString.copyFrom(new byte[16])))
                    .build()
                    .toByteArray())));
    cases.add(
        invalid(
            "signed-checkpoint-not-upload",
            InvalidPbftMessageException.Reason.MALFORMED,
            "A validly signed CHECKPOINT is not an UPLOAD.",
            four,
            7,
            ul,
            signed(u, 0, four.get(0)),
            signedBody(
                PbftProto.PbftBody.newBuilder()
                    .setSender(1)
                    .setCheckpoint(PbftProto.PbftCheckpoint.newBuilder().setSequence(7))
                    .build()
                    .toByteArray(),
                four.get(1))));
    PbftProto.PbftUpload uploadWithUnknown =
        proto.toBuilder()
            .setLogDigest(
                proto.getLogDigest().toBuilder()
                    .setUnknownFields(
                        UnknownFieldSet.newBuilder()
                            .addField(15, UnknownFieldSet.Field.newBuilder().addVarint(0).build())
                            .build()))
            .build();
    cases.add(
        invalid(
            "unknown-field-inside-log-digest",
            InvalidPbftMessageException.Reason.NON_CANONICAL,
            "A signed body with an unknown field (15, varint 0) inside the digest has a second"
                + " byte form for the same upload; only the canonical one is accepted.",
            four,
            7,
            ul,
            signed(u, 0, four.get(0)),
            signedBody(uploadBody(1, uploadWithUnknown), four.get(1))));
    byte[] canonicalBody = uploadBody(1, proto);
    // sender = 1 written as the two-byte varint 81 00 instead of 01.
    byte[] longVarint = new byte[canonicalBody.length + 1];
    longVarint[0] = 0x08;
    longVarint[1] = (byte) 0x81;
    longVarint[2] = 0x00;
    System.arraycopy(canonicalBody, 2, longVarint, 3, canonicalBody.length - 2);
    cases.add(
        invalid(
            "overlong-varint-sender",
            InvalidPbftMessageException.Reason.NON_CANONICAL,
            "The sender written as a two-byte varint parses to 1, but is not the canonical encoding.",
            four,
            7,
            ul,
            signed(u, 0, four.get(0)),
            signedBody(longVarint, four.get(1))));
    cases.add(
        new Case(
            "frame-over-the-cap",
            "A frame larger than the configured cap (100 bytes here) is refused before parsing.",
            four,
            publicKeys(four),
            100,
            7,
            List.of(signed(u, 0, four.get(0)), signed(u, 1, four.get(1))),
            ul,
            Optional.of(InvalidPbftMessageException.Reason.OVERSIZED)));
    OperationLog big = log(7, op("client-a", 1, "x".repeat(300)));
    cases.add(
        new Case(
            "log-over-the-cap",
            "A log larger than the cap (256 bytes here; it caps frames and the log) is refused"
                + " before it is hashed.",
            four,
            publicKeys(four),
            256,
            7,
            List.of(signed(big, 0, four.get(0)), signed(big, 1, four.get(1))),
            big.encode(),
            Optional.of(InvalidPbftMessageException.Reason.OVERSIZED)));
    // Content checks of the log: the signers signed the digest of a log that breaks the rules.
    PbftProto.PbftLog logWithUnknown =
        logProto.toBuilder()
            .setOperations(
                0,
                logProto.getOperations(0).toBuilder()
                    .setUnknownFields(
                        UnknownFieldSet.newBuilder()
                            .addField(15, UnknownFieldSet.Field.newBuilder().addVarint(0).build())
                            .build()))
            .build();
    cases.add(
        signedLog(
            "unknown-field-inside-operation",
            InvalidPbftMessageException.Reason.NON_CANONICAL,
            "A signed log with an unknown field (15, varint 0) inside an operation has a second"
                + " byte form for the same log; only the canonical one is accepted.",
            four,
            logWithUnknown));
    cases.add(
        signedLog(
            "client-address-out-of-range",
            InvalidPbftMessageException.Reason.INVALID_VALUE,
            "A signed log whose client address has a space is not a log of this format.",
            four,
            logProto.toBuilder()
                .setOperations(
                    0, logProto.getOperations(0).toBuilder().setClient("no spaces allowed"))
                .build()));
    cases.add(
        signedLog(
            "client-key-missing",
            InvalidPbftMessageException.Reason.MISSING_FIELD,
            "Every operation names its client's key; without it the log cannot be replayed.",
            four,
            logProto.toBuilder()
                .setOperations(0, logProto.getOperations(0).toBuilder().clearClientKey())
                .build()));
    cases.add(
        signedLog(
            "timestamp-2pow63",
            InvalidPbftMessageException.Reason.INVALID_VALUE,
            "Timestamps are below 2^63; 2^63 itself is out of range.",
            four,
            logProto.toBuilder()
                .setOperations(
                    0, logProto.getOperations(0).toBuilder().setTimestamp(Long.MIN_VALUE))
                .build()));
    return cases;
  }

  /** Replicas 0 and 1 sign the digest of {@code log} for 7; the log is carried as it is. */
  private static Case signedLog(
      String name,
      InvalidPbftMessageException.Reason reason,
      String why,
      List<Ed25519PrivateKey> four,
      PbftProto.PbftLog log) {
    Bytes encoded = Bytes.of(log.toByteArray());
    return invalid(
        name,
        reason,
        why,
        four,
        7,
        encoded,
        signedDigestOf(7, encoded, 0, four.get(0)),
        signedDigestOf(7, encoded, 1, four.get(1)));
  }

  private static PbftProto.PbftFrame parseFrame(Bytes frame) {
    try {
      return PbftProto.PbftFrame.parseFrom(frame.toByteArray());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The JSON text of the vector file.
   *
   * @return the file's content
   */
  static String generate() {
    JsonObject root = new JsonObject();
    root.addProperty(
        "description",
        "CyberVein PBFT UPLOAD certificates (f + 1 signed UPLOAD <n, d> frames and the log);"
            + " see README.md");
    root.addProperty("format_version", 2);
    root.addProperty("signing_domain", new String(Frame.SIGNING_DOMAIN, StandardCharsets.US_ASCII));
    root.addProperty("log_digest_tag", "cybervein/pbft/log/v1");
    JsonArray vectors = new JsonArray();
    for (Case c : cases()) {
      vectors.add(vector(c));
    }
    root.add("vectors", vectors);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
  }

  private static JsonObject vector(Case c) {
    JsonObject v = new JsonObject();
    v.addProperty("name", c.name());
    v.addProperty("verdict", c.reason().isEmpty() ? "valid" : "invalid");
    c.reason().ifPresent(r -> v.addProperty("reason", r.name()));
    v.addProperty("why", c.why());
    JsonObject config = new JsonObject();
    config.addProperty("n", c.keys().size());
    config.addProperty("f", (c.keys().size() - 1) / 3);
    config.addProperty("max_frame_bytes", c.maxFrameBytes());
    JsonArray keys = new JsonArray();
    c.keys().forEach(k -> keys.add(k.encoded().toHex()));
    config.add("replica_keys", keys);
    v.add("config", config);
    v.addProperty("sequence", c.sequence());
    JsonArray frames = new JsonArray();
    c.frames().forEach(f -> frames.add(f.toHex()));
    v.add("frames", frames);
    v.addProperty("log", c.log().toHex());
    if (c.reason().isEmpty()) {
      CertifiedUpload certified;
      try {
        certified =
            UploadCertificateVerifier.of(c.keys(), c.maxFrameBytes())
                .verify(c.sequence(), c.frames(), c.log());
      } catch (InvalidPbftMessageException e) {
        throw new IllegalStateException(c.name() + " should be valid", e);
      }
      JsonObject expected = new JsonObject();
      JsonArray signers = new JsonArray();
      certified.signers().forEach(signers::add);
      expected.add("signers", signers);
      expected.addProperty(
          "upload", Bytes.of(Codec.upload(certified.upload()).toByteArray()).toHex());
      expected.addProperty("log_digest", certified.upload().logDigest().toHex());
      JsonArray ops = new JsonArray();
      for (LoggedOperation op : certified.log().operations()) {
        JsonObject o = new JsonObject();
        o.addProperty("client", op.client().value());
        o.addProperty("client_key", op.clientKey().encoded().toHex());
        o.addProperty("timestamp", op.timestamp());
        o.addProperty("operation", op.operation().toHex());
        ops.add(o);
      }
      expected.add("operations", ops);
      v.add("expected", expected);
    }
    return v;
  }
}
