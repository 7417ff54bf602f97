/**
 * Randomness a host injects: {@link org.cybervein.api.random.RandomSource}. No protocol core
 * creates its own random generator, so every run can be replayed from a seed.
 */
package org.cybervein.api.random;
