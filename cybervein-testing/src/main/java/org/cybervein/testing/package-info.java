/**
 * Fixtures for tests of the SDK's modules and of hosts that embed it, published as {@code
 * cybervein-testing} for use at test scope.
 *
 * <ul>
 *   <li>{@link org.cybervein.testing.ManualClock}: the injected {@code Clock} and its timers, moved
 *       by hand.
 *   <li>{@link org.cybervein.testing.DeterministicKeys}: Ed25519 and X25519 keys from a seed and an
 *       index.
 *   <li>{@link org.cybervein.testing.TestRandom}: named seeded random streams; {@link
 *       org.cybervein.testing.PropertyRuns}: the QuickTheories seed and size every property test
 *       shares.
 *   <li>{@link org.cybervein.testing.KeyValueStoreContractTest}: what every {@code KeyValueStore}
 *       must do; a store's test extends it.
 *   <li>{@link org.cybervein.testing.ChildJvm}: runs a writer in a child JVM and kills it, for
 *       crash tests of durable stores.
 * </ul>
 */
package org.cybervein.testing;
