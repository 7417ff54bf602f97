/**
 * Transaction inclusion in a Bitcoin block: the block's Merkle tree over txids ({@link
 * org.cybervein.bitcoin.merkle.TxMerkleTree}) and the proof a light client checks against a
 * header's Merkle root ({@link org.cybervein.bitcoin.merkle.TxMerkleProof}), with the
 * duplicated-node and 64-byte-transaction ambiguities refused.
 */
package org.cybervein.bitcoin.merkle;
