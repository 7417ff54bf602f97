package org.cybervein.dag.unit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.api.Signature;
import org.cybervein.crypto.merkle.MerkleTree;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * A validator's side of batched attestation: one signature over the Merkle root of many {@link
 * VerificationRecord}s, then one {@link Attestation} per record with its inclusion proof.
 */
public final class AttestationBatch {
  private AttestationBatch() {}

  /**
   * Signs {@code records} as one batch with the validator's key.
   *
   * @param validatorKey the validator's signing key
   * @param records the verification records to attest, in batch order; at least one
   * @return one attestation per record, in the order given
   * @throws IllegalArgumentException if {@code records} is empty
   */
  public static List<Attestation> sign(
      Ed25519PrivateKey validatorKey, List<VerificationRecord> records) {
    Objects.requireNonNull(validatorKey, "validatorKey");
    List<VerificationRecord> copy = List.copyOf(records);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a batch has at least one record");
    }
    MerkleTree.Builder builder = MerkleTree.builder(copy.size());
    for (VerificationRecord r : copy) {
      builder.appendLeafHash(r.leafHash());
    }
    MerkleTree tree = builder.build();
    Hash root = tree.root();
    Signature signature = validatorKey.sign(Attestation.rootSigningInput(root, copy.size()));
    List<Attestation> out = new ArrayList<>(copy.size());
    for (int i = 0; i < copy.size(); i++) {
      out.add(
          new Attestation(copy.get(i), validatorKey.publicKey(), root, tree.proof(i), signature));
    }
    return List.copyOf(out);
  }
}
