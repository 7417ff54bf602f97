package org.cybervein.consensus.pbft;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;

/**
 * Checks a PBFT stable-checkpoint certificate ({@code cybervein.v1.PbftCheckpointCertificate}) with
 * nothing but the replica group's configuration, for a light client, a contract or another
 * implementation that must know which logs a group has made stable. Replicas run the same check on
 * the certificates inside VIEW-CHANGE and state-transfer messages.
 *
 * <p>The checks, in order: the encoding is canonical ({@link CanonicalParser}, at most {@link
 * ReplicaConfig#maxMessageBytes()} bytes, every field counted before anything is allocated); the
 * sequence number n is a non-negative multiple of the checkpoint interval K; n = 0 (genesis)
 * carries no votes; otherwise there are at most N votes, each a signed PBFT frame whose body is a
 * CHECKPOINT {@code <n, d>} for exactly the certificate's n and d, from a replica index below N not
 * seen before in the certificate, with a valid Ed25519 signature over {@code "CYBERVEIN-PBFT-V1" ||
 * body}; and at least 2f + 1 distinct replicas voted. A failed check throws {@link
 * InvalidPbftMessageException} with {@link Reason#MALFORMED} or {@link Reason#OVERSIZED} for the
 * encoding, {@link Reason#INVALID_VALUE} for n, and {@link Reason#BAD_CERTIFICATE} for the votes.
 */
public final class CheckpointCertificateVerifier {
  private static final CanonicalParser<PbftProto.PbftCheckpointCertificate> PARSER =
      CanonicalParser.of(PbftProto.PbftCheckpointCertificate.getDefaultInstance(), 0, 0);

  private final ReplicaConfig config;
  private final ReplicaVerifiers verifiers;

  private CheckpointCertificateVerifier(ReplicaConfig config, ReplicaVerifiers verifiers) {
    this.config = config;
    this.verifiers = verifiers;
  }

  /**
   * The verifier for the replica group {@code config} describes.
   *
   * @param config the replicas (their signing keys, in index order), f and K
   * @return the verifier
   * @throws NullPointerException if {@code config} is null
   */
  public static CheckpointCertificateVerifier of(ReplicaConfig config) {
    Objects.requireNonNull(config, "config");
    return new CheckpointCertificateVerifier(config, ReplicaVerifiers.of(config));
  }

  /**
   * Decodes and checks an encoded checkpoint certificate.
   *
   * @param encoded the certificate's bytes, untrusted
   * @return the checkpoint it proves stable
   * @throws InvalidPbftMessageException with the reason of the first check that failed (see the
   *     class description); nothing is kept of a refused certificate
   * @throws NullPointerException if {@code encoded} is null
   */
  public StableCheckpoint verify(Bytes encoded) throws InvalidPbftMessageException {
    Objects.requireNonNull(encoded, "encoded");
    int maxBytes = config.maxMessageBytes();
    PbftProto.PbftCheckpointCertificate proto;
    try {
      proto = PARSER.withMaxBytes(maxBytes).withMaxFields(maxBytes / 4 + 64).parse(encoded);
    } catch (InvalidEncodingException e) {
      throw new InvalidPbftMessageException(
          e.reason() == InvalidEncodingException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "not a checkpoint certificate: " + e.getMessage());
    }
    CheckpointCertificate certificate = CheckpointCertificate.verify(proto, config, verifiers);
    return new StableCheckpoint(certificate.sequence(), certificate.stateDigest());
  }
}
