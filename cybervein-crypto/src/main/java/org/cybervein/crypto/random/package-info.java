/**
 * The secure implementation of {@link org.cybervein.api.random.RandomSource}: {@link
 * org.cybervein.crypto.random.SecureRandomSource}, for production. Seeded runs that replay exactly
 * use {@link org.cybervein.api.random.DeterministicRandom}, the SDK's one seeded generator, which
 * lives in {@code cybervein-api} so that the simulator draws from it too.
 *
 * <p>The whitepaper draws randomness for key generation, for the DAG's random-walk tip selection,
 * for the challenges of proofs of space and of data possession, and for the masks of federated
 * learning. Protocol cores never create a generator themselves; a host injects one of these.
 */
package org.cybervein.crypto.random;
