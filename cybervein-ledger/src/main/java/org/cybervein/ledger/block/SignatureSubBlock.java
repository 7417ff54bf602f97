package org.cybervein.ledger.block;

import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.api.Signature;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * The signature sub-block {@code sigma_i}: the contributor's signature on {@code tau_i} and its
 * signature on {@code sigma_{i-1}}. It binds the transactions to the proof chain: only the key of
 * {@code phi_i}'s contributor can sign them.
 *
 * @param index {@code i}, at least 1
 * @param transactionsSignature the signature on {@code (i, block id, digest of tau_i)}
 * @param previousSignature the signature on {@code (i, block id, digest of sigma_{i-1})}; the
 *     genesis id stands for {@code sigma_0}
 */
public record SignatureSubBlock(
    long index, Signature transactionsSignature, Signature previousSignature) {

  /**
   * Rejects nulls and an index below 1.
   *
   * @param index {@code i}, at least 1
   * @param transactionsSignature the signature on {@code (i, block id, digest of tau_i)}
   * @param previousSignature the signature on {@code (i, block id, digest of sigma_{i-1})}; the
   *     genesis id stands for {@code sigma_0}
   */
  public SignatureSubBlock {
    Objects.requireNonNull(transactionsSignature, "transactionsSignature");
    Objects.requireNonNull(previousSignature, "previousSignature");
    if (index < 1) {
      throw new IllegalArgumentException("block indices start at 1, got " + index);
    }
  }

  /**
   * Signs {@code tau} and the previous sigma for the block {@code blockId}.
   *
   * @param index the block index i
   * @param blockId the block id
   * @param tauDigest the digest of tau_i
   * @param previousSigmaDigest the digest of sigma_{i-1}, or the genesis id for block 1
   * @param key the contributor's private key
   * @return sigma_i
   */
  public static SignatureSubBlock sign(
      long index, Hash blockId, Hash tauDigest, Hash previousSigmaDigest, Ed25519PrivateKey key) {
    Objects.requireNonNull(key, "key");
    return new SignatureSubBlock(
        index,
        key.sign(
            BlockDigests.signingInput(BlockDigests.SIGN_TAU, index, blockId, tauDigest)
                .toByteArray()),
        key.sign(
            BlockDigests.signingInput(
                    BlockDigests.SIGN_PREVIOUS, index, blockId, previousSigmaDigest)
                .toByteArray()));
  }
}
