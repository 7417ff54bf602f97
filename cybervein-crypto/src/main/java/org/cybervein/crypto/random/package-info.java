/**
 * Implementations of {@link org.cybervein.api.random.RandomSource}: {@link
 * org.cybervein.crypto.random.SecureRandomSource} for production and {@link
 * org.cybervein.crypto.random.DeterministicRandom}, an SP 800-90A HMAC_DRBG, for seeded runs that
 * replay exactly.
 *
 * <p>The whitepaper draws randomness for key generation, for the DAG's random-walk tip selection,
 * for the challenges of proofs of space and of data possession, and for the masks of federated
 * learning. Protocol cores never create a generator themselves; a host injects one of these.
 */
package org.cybervein.crypto.random;
