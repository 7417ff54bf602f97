/**
 * Transaction inclusion in a Bitcoin block: the block's Merkle tree over txids ({@link
 * org.cybervein.bitcoin.merkle.MerkleTree}) and the proof a light client checks against a header's
 * Merkle root ({@link org.cybervein.bitcoin.merkle.MerkleProof}), with the duplicated-node and
 * 64-byte-transaction ambiguities refused.
 */
package org.cybervein.bitcoin.merkle;
