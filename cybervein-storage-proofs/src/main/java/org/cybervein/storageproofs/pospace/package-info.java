/**
 * Proof of space, the space half of the whitepaper's Proof of Contribution (Algorithms 1, 2, 3).
 *
 * <p>A prover with identity mu labels every node of a public hard-to-pebble graph G ({@link
 * org.cybervein.storageproofs.pospace.SpaceGraph}) and commits to the n labels with a Merkle root
 * gamma ({@link org.cybervein.storageproofs.pospace.SpaceProver#init Init}, giving a {@link
 * org.cybervein.storageproofs.pospace.SpaceCommitment}). Challenges derived by Fiat-Shamir from
 * gamma and a public seed ({@link org.cybervein.storageproofs.pospace.Challenges}) are answered
 * with a {@link org.cybervein.storageproofs.pospace.CommitProof} (the commitment was computed
 * correctly) or a {@link org.cybervein.storageproofs.pospace.StorageProof} (the labels are still
 * stored), which {@link org.cybervein.storageproofs.pospace.SpaceVerifier} checks: the commit proof
 * first, which gives a {@link org.cybervein.storageproofs.pospace.VerifiedSpaceCommitment}, the
 * only kind of commitment storage proofs are checked against (they bind gamma, n and the seed, not
 * mu). Bytes from outside are decoded by the records' {@code decode} methods, which throw {@link
 * org.cybervein.storageproofs.InvalidStorageProofException}.
 */
package org.cybervein.storageproofs.pospace;
