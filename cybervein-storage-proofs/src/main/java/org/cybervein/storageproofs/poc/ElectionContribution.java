package org.cybervein.storageproofs.poc;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.StorageProto;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.storageproofs.CanonicalProto;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The election input of one valid contribution {@code pi_i = (pk_i, gamma_i, c_i, a_i)}: who made
 * it, the digests of its proof of space, and the space {@code N_i} and bandwidth {@code M_i} it
 * commits. The proof of space itself is verified elsewhere (package {@code pospace}); the ledger
 * builds this value from a verified proof and the bandwidth counted by {@link BandwidthLedger}.
 *
 * <p>Its weight is {@code w_i = N_i * M_i}: zero if either is zero, as the whitepaper requires of a
 * contribution without space or without bandwidth.
 *
 * @param publicKey {@code pk_i}, the contributor
 * @param commitment {@code gamma_i}, the commitment to the space
 * @param challenge {@code c_i}, the challenge the proof answers
 * @param answerDigest a digest of {@code a_i}, the answer
 * @param space {@code N_i} in bytes, zero or more
 * @param bandwidth {@code M_i} in bytes served, zero or more
 */
public record ElectionContribution(
    PublicKey publicKey,
    Hash commitment,
    Hash challenge,
    Hash answerDigest,
    long space,
    long bandwidth) {
  /** The tag of the hash {@link #proofDigest()} that feeds the election's uniform value. */
  public static final DomainTag PROOF_DIGEST_TAG = DomainTag.of("cybervein/election-proof/v1");

  /** The largest encoding {@link #decode(Bytes)} accepts. */
  public static final int MAX_ENCODED_SIZE = 512;

  // A key, three hashes and two numbers: eleven fields.
  private static final CanonicalParser<StorageProto.ElectionContribution> PARSER =
      CanonicalParser.of(
          StorageProto.ElectionContribution.getDefaultInstance(), MAX_ENCODED_SIZE, 16);

  /**
   * Checks the fields.
   *
   * @param publicKey {@code pk_i}, the contributor
   * @param commitment {@code gamma_i}, the commitment to the space
   * @param challenge {@code c_i}, the challenge the proof answers
   * @param answerDigest a digest of {@code a_i}, the answer
   * @param space {@code N_i} in bytes, zero or more
   * @param bandwidth {@code M_i} in bytes served, zero or more
   */
  public ElectionContribution {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(commitment, "commitment");
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(answerDigest, "answerDigest");
    if (space < 0 || bandwidth < 0) {
      throw new IllegalArgumentException("space and bandwidth are never negative");
    }
  }

  /**
   * The weight {@code w_i = N_i * M_i}, exact.
   *
   * @return {@code N_i * M_i}
   */
  public BigInteger weight() {
    return BigInteger.valueOf(space).multiply(BigInteger.valueOf(bandwidth));
  }

  /**
   * True if the contribution takes part in the election: both space and bandwidth are positive.
   *
   * @return true if space and bandwidth are both positive
   */
  public boolean hasWeight() {
    return space > 0 && bandwidth > 0;
  }

  /**
   * The digest of the proof alone: SHA-256 tagged {@link #PROOF_DIGEST_TAG} over the algorithm byte
   * (the wire enum number, 1 for Ed25519) and key bytes of {@code pk_i}, then {@code gamma_i},
   * {@code c_i} and the answer digest. {@code N_i} and {@code M_i} are left out on purpose: a
   * contributor could otherwise grind its claimed figures for a luckier draw.
   *
   * @return the proof digest
   */
  public Hash proofDigest() {
    return HashFunction.SHA256
        .newHasher(PROOF_DIGEST_TAG)
        .updateByte(KeyBytes.algorithmCode(publicKey))
        .update(publicKey.encoded())
        .update(commitment)
        .update(challenge)
        .update(answerDigest)
        .digest();
  }

  /**
   * The protobuf form.
   *
   * @return the protobuf message
   */
  public StorageProto.ElectionContribution toProto() {
    return StorageProto.ElectionContribution.newBuilder()
        .setPublicKey(ApiTypesCodec.toProto(publicKey))
        .setCommitment(ApiTypesCodec.toProto(commitment))
        .setChallenge(ApiTypesCodec.toProto(challenge))
        .setAnswerDigest(ApiTypesCodec.toProto(answerDigest))
        .setSpace(space)
        .setBandwidth(bandwidth)
        .build();
  }

  /**
   * The canonical encoding.
   *
   * @return the canonical bytes
   */
  public Bytes encode() {
    return Bytes.of(toProto().toByteArray());
  }

  /**
   * Decodes a contribution received from outside.
   *
   * @param encoded the received bytes
   * @return the contribution
   * @throws InvalidStorageProofException for bytes that are not the canonical encoding of a
   *     contribution with all fields present, valid digests and key, and non-negative figures
   */
  public static ElectionContribution decode(Bytes encoded) throws InvalidStorageProofException {
    StorageProto.ElectionContribution p =
        CanonicalProto.parse(encoded, PARSER, "election contribution");
    if (!p.hasPublicKey() || !p.hasCommitment() || !p.hasChallenge() || !p.hasAnswerDigest()) {
      throw new InvalidStorageProofException(
          Reason.MISSING_FIELD, "a contribution needs a key, a commitment, a challenge, an answer");
    }
    if (p.getSpace() < 0 || p.getBandwidth() < 0) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "space and bandwidth must be below 2^63");
    }
    ElectionContribution value;
    try {
      value =
          new ElectionContribution(
              ApiTypesCodec.fromProto(p.getPublicKey()),
              ApiTypesCodec.fromProto(p.getCommitment()),
              ApiTypesCodec.fromProto(p.getChallenge()),
              ApiTypesCodec.fromProto(p.getAnswerDigest()),
              p.getSpace(),
              p.getBandwidth());
    } catch (InvalidEncodingException e) {
      throw InvalidStorageProofException.from("election contribution", e);
    }
    CanonicalProto.requireCanonical(encoded, value.encode(), "election contribution");
    return value;
  }
}
