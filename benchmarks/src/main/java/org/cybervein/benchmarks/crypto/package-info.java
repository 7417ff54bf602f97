/**
 * JMH benchmarks for the foundation module {@code cybervein-crypto}: hashing, Ed25519 signing and
 * verification (single and in batch), Merkle tree building and signed envelopes.
 *
 * <p>Every benchmark class measures, in the same run, a baseline for the physical limit of its work
 * (the JDK's own SHA-256, Bouncy Castle's raw BLAKE2b and Ed25519, the JDK's EdDSA), so that the
 * SDK's figures read as ratios to that limit rather than as absolute numbers from one machine.
 * Inputs come from {@link org.cybervein.api.random.DeterministicRandom} with a fixed seed, so every
 * run measures the same bytes.
 */
package org.cybervein.benchmarks.crypto;
