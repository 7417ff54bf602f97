package org.cybervein.ledger.block;

import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.api.Signature;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * The hash sub-block {@code phi_i}: index {@code i}, the id of {@code beta_{i-1}}, the
 * contributor's signature on {@code phi_{i-1}}, the challenge and the proof of space answering it.
 * Nothing in it depends on transactions or on signatures over them, so the block id (its hash) and
 * every challenge derived from it cannot be ground by reordering transactions. Ed25519 signatures
 * are deterministic, so the signature on the parent leaves the contributor no choice either.
 *
 * @param index {@code i}, at least 1
 * @param parent the id of {@code beta_{i-1}}, or the genesis id for {@code i = 1}
 * @param parentSignature the contributor's signature on the parent id
 * @param challenge the challenge the proof answers
 * @param proof the contributor's proof of space and claimed bandwidth
 */
public record HashSubBlock(
    long index, Hash parent, Signature parentSignature, Hash challenge, ContributionProof proof) {

  /**
   * Rejects nulls and an index below 1.
   *
   * @param index {@code i}, at least 1
   * @param parent the id of {@code beta_{i-1}}, or the genesis id for {@code i = 1}
   * @param parentSignature the contributor's signature on the parent id
   * @param challenge the challenge the proof answers
   * @param proof the contributor's proof of space and claimed bandwidth
   */
  public HashSubBlock {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(parentSignature, "parentSignature");
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(proof, "proof");
    if (index < 1) {
      throw new IllegalArgumentException("block indices start at 1, got " + index);
    }
  }

  /**
   * Builds {@code phi_i}, signing the parent with {@code key}.
   *
   * @param index the block index i
   * @param parent the id of block i - 1
   * @param challenge the round's challenge c_i
   * @param proof the winning contribution
   * @param key the contributor's private key
   * @return phi_i
   * @throws IllegalArgumentException if {@code key} is not the proof's contributor
   */
  public static HashSubBlock sign(
      long index, Hash parent, Hash challenge, ContributionProof proof, Ed25519PrivateKey key) {
    if (!key.publicKey().equals(proof.contributor())) {
      throw new IllegalArgumentException("the key is not the contribution's contributor");
    }
    Signature signature =
        key.sign(
            BlockDigests.signingInput(BlockDigests.SIGN_PARENT, index, parent, challenge)
                .toByteArray());
    return new HashSubBlock(index, parent, signature, challenge, proof);
  }
}
