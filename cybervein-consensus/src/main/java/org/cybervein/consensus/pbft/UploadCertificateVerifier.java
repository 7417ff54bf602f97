package org.cybervein.consensus.pbft;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.sign.Ed25519Verifier;

/**
 * The one verifier of a PBFT UPLOAD certificate, the whitepaper's "f + 1 matching signed UPLOADs":
 * the proof that log n is the one the replicas agreed on. It needs only the replicas' public keys,
 * so a contract, a light client or another node implementation checks a certificate without running
 * PBFT; the replicas, the in-memory contract and the ledger's database contract all use this class.
 * The published vectors ({@code vectors/pbft-upload-certificate.json}, format 2) exercise it. This
 * comment is the specification: an implementation that follows it gives the same verdict, with the
 * same reason, for every input.
 *
 * <h2>Input</h2>
 *
 * The configuration is the ordered list of the n replicas' Ed25519 keys (replica i signs with key
 * i) and a cap on the size of one frame, which also caps the log; {@code f = floor((n - 1) / 3)}. A
 * certificate for log n (the sequence number, at least 1) is a list of frames and one log. A frame
 * is an encoded {@code cybervein.v1.PbftFrame} ({@code
 * cybervein-api/src/main/proto/cybervein/v1/pbft.proto}) whose {@code body} is an encoded {@code
 * PbftBody} of kind {@code upload} and whose {@code signature} is the sender's Ed25519 signature
 * over the ASCII bytes {@code "CYBERVEIN-PBFT-V1"} followed by the body bytes. The upload is {@code
 * <n, d>}: a {@code sequence} and a {@code log_digest} d. The log is an encoded {@code PbftLog} (a
 * {@code sequence} and the executed operations in order), and d must equal its tagged hash {@link
 * #logDigest}: SHA-256 over the byte 21 (the tag's length), the ASCII tag {@code
 * "cybervein/pbft/log/v1"} and the log bytes exactly as carried. Replicas sign only d, so the
 * operations cross the network once per certificate rather than once per signer.
 *
 * <h2>Checks, in this order (the first failure is the reason)</h2>
 *
 * <ol>
 *   <li>For each frame, in list order:
 *       <ol>
 *         <li>larger than the cap: {@code OVERSIZED};
 *         <li>not a {@code PbftFrame}: {@code MALFORMED};
 *         <li>not canonical: {@code NON_CANONICAL} (canonical means no unknown field at any depth,
 *             and re-encoding the parsed message with fields in number order, default values
 *             omitted and packed repeated scalars gives the input bytes back);
 *         <li>its {@code auth} is not a {@code signature} of exactly 64 bytes: {@code MALFORMED};
 *         <li>the body is not a {@code PbftBody}: {@code MALFORMED}; not canonical: {@code
 *             NON_CANONICAL}; not of kind {@code upload}: {@code MALFORMED};
 *         <li>the body's {@code sender}, read as an unsigned 32-bit number, is n or more: {@code
 *             UNKNOWN_SENDER};
 *         <li>an earlier frame had the same sender: {@code DUPLICATE_SIGNER};
 *         <li>the upload's {@code sequence} is not n: {@code WRONG_SEQUENCE};
 *         <li>the upload has no {@code log_digest}: {@code MISSING_FIELD}; its value is not 32
 *             bytes: {@code MALFORMED};
 *         <li>the upload's encoded bytes differ from the first frame's: {@code
 *             CONFLICTING_CONTENT}.
 *       </ol>
 *   <li>Fewer than f + 1 frames (so fewer than f + 1 distinct senders; an empty list too): {@code
 *       TOO_FEW_SIGNERS}.
 *   <li>The log:
 *       <ol>
 *         <li>larger than the cap: {@code OVERSIZED};
 *         <li>its tagged hash is not the uploads' d: {@code LOG_MISMATCH} (checked on the bytes as
 *             carried, before parsing them: the signers vouch for those bytes, nothing else);
 *         <li>not a {@code PbftLog}: {@code MALFORMED}; not canonical: {@code NON_CANONICAL};
 *         <li>its {@code sequence} is not n: {@code WRONG_SEQUENCE} (f + 1 signers vouched for the
 *             log of another sequence number: the certificate proves nothing about n);
 *         <li>its content decodes: each operation's {@code client} is 1 to 128 characters of {@code
 *             [A-Za-z0-9._:-]} and its {@code timestamp} below 2^63 ({@code INVALID_VALUE}), its
 *             {@code client_key} is present ({@code MISSING_FIELD}) with algorithm {@code
 *             SIGNATURE_ALGORITHM_ED25519} and 32 key bytes ({@code MALFORMED} otherwise);
 *             operations are checked in order, and within one in the order client, key, timestamp.
 *       </ol>
 *   <li>For each frame, in list order, the signature verifies under the sender's key ({@code
 *       BAD_AUTHENTICATOR} otherwise): RFC 8032 Ed25519 with the policy of {@link Ed25519Verifier}
 *       (a key must be a canonical point of prime order, a replica whose key is not never signs
 *       validly; {@code S} must be below the group order).
 * </ol>
 *
 * Signatures come last so that a malformed certificate costs no verification. A signature this
 * process verified already (a replica checks the UPLOADs it receives before it offers their
 * certificate to a contract in the same process) is recognised by its exact (key, message,
 * signature) triple and not verified again; the verdict is the same. A certificate with one bad
 * frame is refused whole, even if the other frames would suffice: its sender should learn that it
 * sent something wrong. Instances are immutable and thread-safe.
 */
public final class UploadCertificateVerifier {
  private static final CanonicalParser<PbftProto.PbftFrame> FRAME =
      CanonicalParser.of(PbftProto.PbftFrame.getDefaultInstance(), 0, 0);
  private static final CanonicalParser<PbftProto.PbftBody> BODY =
      CanonicalParser.of(PbftProto.PbftBody.getDefaultInstance(), 0, 0);
  private static final CanonicalParser<PbftProto.PbftLog> LOG =
      CanonicalParser.of(PbftProto.PbftLog.getDefaultInstance(), 0, 0);

  /** The size of an Ed25519 signature in a frame. */
  private static final int SIGNATURE_SIZE = Frame.SIGNATURE_SIZE;

  private final List<PublicKey> keys;
  // Verifiers built ahead for every replica (a replica group's), or empty: then a signer's key is
  // decoded when its signature is checked, which costs only the f + 1 signers' decodings, not n.
  private final List<Ed25519Verifier> prebuilt;
  private final int maxFrameBytes;

  private UploadCertificateVerifier(
      List<PublicKey> keys, List<Ed25519Verifier> prebuilt, int maxFrameBytes) {
    this.keys = keys;
    this.prebuilt = prebuilt;
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * A verifier for the replicas holding {@code replicaKeys}, replica i holding key i.
   *
   * @param replicaKeys the replicas' Ed25519 keys, at least one; a key that is not a valid Ed25519
   *     point is kept, but no signature verifies under it
   * @param maxFrameBytes the largest frame accepted, at least 1
   * @return the verifier
   * @throws IllegalArgumentException if the list is empty, a key is not an Ed25519 key, or the cap
   *     is below 1
   */
  public static UploadCertificateVerifier of(List<PublicKey> replicaKeys, int maxFrameBytes) {
    List<PublicKey> keys = List.copyOf(replicaKeys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one replica");
    }
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 1, got " + maxFrameBytes);
    }
    for (PublicKey key : keys) {
      if (key.algorithm() != SignatureAlgorithm.ED25519) {
        throw new IllegalArgumentException("replica keys are Ed25519 keys, got " + key);
      }
    }
    return new UploadCertificateVerifier(keys, List.of(), maxFrameBytes);
  }

  /**
   * The verifier for the replicas of {@code config}, with its message size limit as the cap.
   *
   * @param config the replica group
   * @return the verifier
   */
  public static UploadCertificateVerifier of(ReplicaConfig config) {
    return of(config, ReplicaVerifiers.of(config));
  }

  /** The verifier for {@code config}, reusing verifiers already built for it. */
  static UploadCertificateVerifier of(ReplicaConfig config, ReplicaVerifiers built) {
    List<PublicKey> keys = new ArrayList<>(config.size());
    List<Ed25519Verifier> verifiers = new ArrayList<>(config.size());
    for (int i = 0; i < config.size(); i++) {
      keys.add(config.replicas().get(i).signingKey());
      verifiers.add(built.replica(i));
    }
    return new UploadCertificateVerifier(
        List.copyOf(keys), List.copyOf(verifiers), config.maxMessageBytes());
  }

  /**
   * The exact bytes a replica signs for a frame with body {@code body}: the ASCII bytes {@code
   * "CYBERVEIN-PBFT-V1"} followed by the body bytes. The same for every PBFT message kind.
   *
   * @param body the encoded {@code PbftBody}
   * @return a fresh array holding the signing input
   */
  public static byte[] signingInput(Bytes body) {
    return Frame.signingInput(Objects.requireNonNull(body, "body"));
  }

  /**
   * The log digest d that an UPLOAD {@code <n, d>} signs for an encoded {@code PbftLog}: SHA-256
   * over the byte 21, the ASCII tag {@code "cybervein/pbft/log/v1"} and {@code encodedLog} as
   * carried.
   *
   * @param encodedLog the encoded {@code PbftLog}
   * @return d
   */
  public static Hash logDigest(Bytes encodedLog) {
    return Digests.log(Objects.requireNonNull(encodedLog, "encodedLog"));
  }

  /**
   * The number of replicas n.
   *
   * @return n, at least 1
   */
  public int size() {
    return keys.size();
  }

  /**
   * The number of faulty replicas tolerated, {@code floor((n - 1) / 3)}; a certificate needs f + 1
   * signers.
   *
   * @return f
   */
  public int f() {
    return (keys.size() - 1) / 3;
  }

  /**
   * The replicas' keys, replica i at index i.
   *
   * @return the keys, unmodifiable
   */
  public List<PublicKey> replicaKeys() {
    return keys;
  }

  /**
   * Checks {@code frames} with {@code log} as a certificate for log {@code sequence} (the checks
   * and their order are in the class comment) and returns what it proves.
   *
   * @param sequence n, at least 1
   * @param frames the signed UPLOAD frames as carried
   * @param log the encoded {@code PbftLog} as carried
   * @return log n with its signers
   * @throws InvalidPbftMessageException with the reason of the first failed check
   * @throws IllegalArgumentException if {@code sequence} is below 1
   */
  public CertifiedUpload verify(long sequence, List<Bytes> frames, Bytes log)
      throws InvalidPbftMessageException {
    return check(sequence, frames, log).certified();
  }

  /**
   * What {@link #verify} proves, with the sender of each frame in list order.
   *
   * @param certified the result
   * @param senders {@code senders[i]} is the replica that signed frame i
   */
  record Checked(CertifiedUpload certified, int[] senders) {}

  /** {@link #verify}, also telling who signed which frame. */
  Checked check(long sequence, List<Bytes> frames, Bytes log) throws InvalidPbftMessageException {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1, got " + sequence);
    }
    Objects.requireNonNull(log, "log");
    List<Bytes> list = List.copyOf(frames);
    List<Parsed> parsed = new ArrayList<>(Math.min(list.size(), keys.size()));
    BitSet signers = new BitSet();
    Upload content = null;
    Bytes encodedContent = null;
    for (int i = 0; i < list.size(); i++) {
      Parsed p = parse(list.get(i), i);
      long sender = Integer.toUnsignedLong(p.sender());
      if (sender >= keys.size()) {
        throw new InvalidPbftMessageException(
            Reason.UNKNOWN_SENDER, "frame " + i + ": sender " + sender + " is no replica");
      }
      if (signers.get(p.sender())) {
        throw new InvalidPbftMessageException(
            Reason.DUPLICATE_SIGNER, "frame " + i + ": replica " + sender + " signed twice");
      }
      PbftProto.PbftUpload upload = p.body().getUpload();
      if (upload.getSequence() != sequence) {
        throw new InvalidPbftMessageException(
            Reason.WRONG_SEQUENCE,
            "frame " + i + ": an upload for " + Long.toUnsignedString(upload.getSequence()));
      }
      Hash digest = Codec.hash(upload.getLogDigest(), upload.hasLogDigest());
      Bytes encoded = Bytes.encodingOf(upload);
      if (content == null) {
        content = new Upload(sequence, digest);
        encodedContent = encoded;
      } else if (!encoded.equals(encodedContent)) {
        throw new InvalidPbftMessageException(
            Reason.CONFLICTING_CONTENT, "frame " + i + ": other content than frame 0");
      }
      signers.set(p.sender());
      parsed.add(p);
    }
    if (signers.cardinality() < f() + 1) {
      throw new InvalidPbftMessageException(
          Reason.TOO_FEW_SIGNERS,
          signers.cardinality() + " signers, a certificate needs f + 1 = " + (f() + 1));
    }
    OperationLog operations = log(content, log);
    for (int i = 0; i < parsed.size(); i++) {
      Parsed p = parsed.get(i);
      Optional<Ed25519Verifier> verifier = verifierOf(p.sender());
      if (verifier.isEmpty()
          || !VerifiedSignatures.PROCESS.verify(
              verifier.get(), Frame.signingInput(p.bodyBytes()), p.signature())) {
        throw new InvalidPbftMessageException(
            Reason.BAD_AUTHENTICATOR,
            "frame " + i + ": not replica " + p.sender() + "'s signature on its body");
      }
    }
    List<Integer> indexes = new ArrayList<>(signers.cardinality());
    signers.stream().forEach(indexes::add);
    int[] senders = new int[parsed.size()];
    for (int i = 0; i < senders.length; i++) {
      senders[i] = parsed.get(i).sender();
    }
    return new Checked(new CertifiedUpload(content, operations, log, indexes), senders);
  }

  /** The log checks of the class comment, in their order, against the uploads' {@code <n, d>}. */
  private OperationLog log(Upload upload, Bytes log) throws InvalidPbftMessageException {
    if (log.size() > maxFrameBytes) {
      throw new InvalidPbftMessageException(
          Reason.OVERSIZED, "log: " + log.size() + " bytes, the cap is " + maxFrameBytes);
    }
    if (!Digests.log(log).equals(upload.logDigest())) {
      throw new InvalidPbftMessageException(
          Reason.LOG_MISMATCH, "the log does not hash to the digest the uploads signed");
    }
    PbftProto.PbftLog parsed = canonical(log.toByteArray(), LOG, "the log");
    if (parsed.getSequence() != upload.sequence()) {
      throw new InvalidPbftMessageException(
          Reason.WRONG_SEQUENCE,
          "the signed log is log " + Long.toUnsignedString(parsed.getSequence()));
    }
    return Codec.log(parsed);
  }

  private Optional<Ed25519Verifier> verifierOf(int replica) {
    if (!prebuilt.isEmpty()) {
      return Optional.of(prebuilt.get(replica));
    }
    try {
      return Optional.of(Ed25519Verifier.of(keys.get(replica)));
    } catch (InvalidCryptoInputException e) {
      return Optional.empty();
    }
  }

  /** One frame, parsed and shape-checked, its signature not yet verified. */
  private record Parsed(Bytes bodyBytes, PbftProto.PbftBody body, Signature signature) {
    int sender() {
      return body.getSender();
    }
  }

  private Parsed parse(Bytes raw, int i) throws InvalidPbftMessageException {
    Objects.requireNonNull(raw, "frame");
    if (raw.size() > maxFrameBytes) {
      throw new InvalidPbftMessageException(
          Reason.OVERSIZED,
          "frame " + i + ": " + raw.size() + " bytes, the cap is " + maxFrameBytes);
    }
    byte[] frameBytes = raw.toByteArray();
    PbftProto.PbftFrame frame = canonical(frameBytes, FRAME, "frame " + i + ": the frame");
    if (frame.getAuthCase() != PbftProto.PbftFrame.AuthCase.SIGNATURE
        || frame.getSignature().size() != SIGNATURE_SIZE) {
      throw new InvalidPbftMessageException(
          Reason.MALFORMED, "frame " + i + ": not signed with a 64-byte signature");
    }
    byte[] bodyBytes = frame.getBody().toByteArray();
    PbftProto.PbftBody body = canonical(bodyBytes, BODY, "frame " + i + ": the body");
    if (body.getKindCase() != PbftProto.PbftBody.KindCase.UPLOAD) {
      throw new InvalidPbftMessageException(Reason.MALFORMED, "frame " + i + ": not an UPLOAD");
    }
    return new Parsed(
        Bytes.of(bodyBytes), body, Signature.ed25519(frame.getSignature().toByteArray()));
  }

  // The SDK's one canonical parser (cybervein-api): it counts every field on the raw bytes before
  // protobuf allocates and refuses unknown fields at any depth, so that one certificate has one
  // byte form in any language and a flood of unknown fields costs no more than its own size.
  private <T extends Message> T canonical(byte[] bytes, CanonicalParser<T> parser, String what)
      throws InvalidPbftMessageException {
    int maxFields = maxFrameBytes / 4 + 64;
    try {
      return parser.withMaxBytes(maxFrameBytes).withMaxFields(maxFields).parse(Bytes.of(bytes));
    } catch (InvalidEncodingException e) {
      Reason reason =
          switch (e.reason()) {
            case NON_CANONICAL -> Reason.NON_CANONICAL;
            case OVERSIZED -> Reason.OVERSIZED;
            default -> Reason.MALFORMED;
          };
      String verdict =
          reason == Reason.NON_CANONICAL ? " is not canonically encoded" : " does not parse";
      throw new InvalidPbftMessageException(reason, what + verdict + " (" + e.getMessage() + ")");
    }
  }

  @Override
  public String toString() {
    return "UploadCertificateVerifier[n=" + keys.size() + ", f=" + f() + "]";
  }
}
