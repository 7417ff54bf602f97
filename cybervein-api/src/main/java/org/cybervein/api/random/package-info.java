/**
 * Randomness a host injects: {@link org.cybervein.api.random.RandomSource}, and {@link
 * org.cybervein.api.random.DeterministicRandom}, the SDK's one seeded generator (SP 800-90A
 * HMAC_DRBG), from which tests, simulations and the demo draw so that every run replays from its
 * seed. No protocol core creates its own random generator.
 */
package org.cybervein.api.random;
