package org.cybervein.dag.unit;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.merkle.MerkleProof;

/**
 * A validator's attestation of one storage write, batched: the validator signed once over the
 * Merkle root of many {@link VerificationRecord}s, and this attestation carries one record with its
 * inclusion proof. Checking it costs one Merkle path and, for the first unit of a batch only, one
 * signature verification (verified roots are cached).
 *
 * <p>The signed bytes are {@link SignedEnvelope#signingInput(String, Bytes)} of payload type {@link
 * #ROOT_PAYLOAD_TYPE} over {@code root || u64be(batchSize)}; see {@link #rootSigningInput}.
 *
 * @param record what was verified
 * @param validator the validator (super node) key that signed the batch
 * @param batchRoot RFC 6962 Merkle root of the batch's record leaves
 * @param proof inclusion proof of {@code record} under {@code batchRoot}; its tree size is the
 *     batch size the signature covers
 * @param batchSignature the validator's signature over {@link #rootSigningInput}
 */
public record Attestation(
    VerificationRecord record,
    PublicKey validator,
    Hash batchRoot,
    MerkleProof proof,
    Signature batchSignature)
    implements Payload {
  /** The payload type a validator's batch signature is bound to. */
  public static final String ROOT_PAYLOAD_TYPE = "cybervein.v1.DagAttestationRoot";

  /**
   * Rejects null components and a signature of another algorithm than the validator key.
   *
   * @param record what was verified
   * @param validator the validator (super node) key that signed the batch
   * @param batchRoot RFC 6962 Merkle root of the batch's record leaves
   * @param proof inclusion proof of {@code record} under {@code batchRoot}; its tree size is the
   *     batch size the signature covers
   * @param batchSignature the validator's signature over {@link #rootSigningInput}
   */
  public Attestation {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(batchRoot, "batchRoot");
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(batchSignature, "batchSignature");
    if (validator.algorithm() != batchSignature.algorithm()) {
      throw new IllegalArgumentException("signature algorithm differs from the validator key's");
    }
  }

  /**
   * The number of records in the signed batch.
   *
   * @return the number of records n in the batch whose root the validator signed, at least 1
   */
  public long batchSize() {
    return proof.treeSize();
  }

  /**
   * The exact bytes the validator signs for a batch of {@code batchSize} records with root.
   *
   * @param root the Merkle root over the batch's verification records
   * @param batchSize the number of records in the batch, at least 1
   * @return the domain-separated bytes the validator's Ed25519 signature covers
   */
  public static byte[] rootSigningInput(Hash root, long batchSize) {
    byte[] body = new byte[Hash.SIZE + 8];
    root.copyTo(body, 0);
    for (int i = 0; i < 8; i++) {
      body[Hash.SIZE + i] = (byte) (batchSize >>> (56 - 8 * i));
    }
    return SignedEnvelope.signingInput(ROOT_PAYLOAD_TYPE, Bytes.of(body));
  }

  /**
   * The bytes {@link #batchSignature()} must verify against.
   *
   * @return the signing input of this attestation's root and batch size
   */
  public byte[] rootSigningInput() {
    return rootSigningInput(batchRoot, batchSize());
  }

  /**
   * True if the inclusion proof places this record at its index in a batch with this root.
   *
   * @return true if the proof leads from this record's leaf hash to {@link #batchRoot()}
   */
  public boolean proofVerifies() {
    return proof.verify(batchRoot, proof.treeSize(), proof.leafIndex(), record.leafHash());
  }

  @Override
  public String toString() {
    return "Attestation["
        + record.verificationId()
        + " by "
        + validator
        + ", leaf "
        + proof.leafIndex()
        + "/"
        + proof.treeSize()
        + "]";
  }
}
