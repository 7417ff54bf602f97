/**
 * A Bitcoin light client as a verifier library: what is shared by its parts, the one checked
 * exception {@link org.cybervein.bitcoin.InvalidBitcoinDataException} with its reasons, and the
 * double SHA-256 {@link org.cybervein.bitcoin.Hash256} that names blocks, transactions and Merkle
 * nodes. Headers live in {@code header}, the header chain in {@code chain}, inclusion proofs in
 * {@code merkle}, raw transactions in {@code transaction} and BIP-199 HTLC scripts in {@code
 * script}. Depends on {@code cybervein-api} and {@code cybervein-crypto} only.
 */
package org.cybervein.bitcoin;
