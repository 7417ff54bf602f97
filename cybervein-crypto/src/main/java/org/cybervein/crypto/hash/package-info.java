/**
 * Hashing with domain separation: SHA-256 and BLAKE2b-256 producing {@link org.cybervein.api.Hash},
 * each hash prefixed by a {@link org.cybervein.crypto.hash.DomainTag} naming its purpose.
 *
 * <p>The whitepaper hashes everywhere: a DAG unit's id is the hash of its body, a block's hash
 * sub-block {@code phi_i} chains the previous block's hash, PBFT requests and certificates carry
 * digests, and storage proofs commit to data with Merkle roots. Giving each of these uses its own
 * tag (for example {@code "cybervein/unit-id/v1"}) means a digest made for one can never stand in
 * for another. Untagged hashing is kept for content hashes that outside tools must reproduce
 * ({@link org.cybervein.crypto.hash.HashFunction#hashUntagged(byte[])}).
 */
package org.cybervein.crypto.hash;
