/**
 * Binary SHA-256 Merkle trees with RFC 6962 (Certificate Transparency) hashing: leaf = SHA-256(0x00
 * || data), node = SHA-256(0x01 || left || right), a lone last node promoted rather than
 * duplicated, the empty tree's root SHA-256(""). The proof-of-space commitment to the labels gamma
 * (whitepaper Algorithm 1), DAG attestation batches and transaction roots are built with it.
 *
 * <ul>
 *   <li>{@link org.cybervein.crypto.merkle.MerkleAccumulator}: the root of a stream of leaves in
 *       O(log n) memory.
 *   <li>{@link org.cybervein.crypto.merkle.MerkleTree}: all levels in flat {@link
 *       org.cybervein.crypto.merkle.HashArray} storage (about {@code 2 * n * 32} bytes, on the heap
 *       or in a {@link org.cybervein.crypto.merkle.FileHashArray file}), handing out proofs.
 *   <li>{@link org.cybervein.crypto.merkle.MerkleProof}: an audit path, verified as in RFC 9162
 *       section 2.1.3.2, with a compact binary encoding.
 * </ul>
 *
 * <p>Usage:
 *
 * <pre>{@code
 * // Prover: commit to n labels kept in a file, then open a challenged one.
 * long n = labels.size();
 * try (FileHashArray store = FileHashArray.create(path, MerkleTree.storageSize(n))) {
 *   MerkleTree.Builder builder = MerkleTree.builder(n, store);
 *   for (byte[] label : labels) {
 *     builder.appendLeaf(label);
 *   }
 *   MerkleTree tree = builder.build();
 *   Hash root = tree.root();                        // published commitment
 *   Bytes wire = tree.proof(challenge).encode();    // sent to the verifier
 * }
 *
 * // Verifier: only the root, the label and the proof bytes.
 * MerkleProof proof = MerkleProof.decode(wire);     // throws InvalidCryptoInputException
 * boolean ok = proof.verifyLeafData(root, n, challenge, Bytes.of(label));
 * }</pre>
 *
 * The verifier passes the tree size and leaf index it expects (the committed n, the challenged
 * index): an RFC 6962 audit path alone does not bind them.
 */
package org.cybervein.crypto.merkle;
