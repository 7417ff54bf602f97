/**
 * Secure aggregation for horizontal federated averaging: the server learns the sum of the clients'
 * vectors and nothing else, even when clients drop out mid-round.
 *
 * <p>The protocol is the semi-honest one of Bonawitz et al. (CCS 2017), the design Flower's SecAgg+
 * builds on: pairwise masks from X25519 key agreement cancel in the sum; each client also adds a
 * self mask; mask key and self-mask seed are Shamir-shared among the clients, so that the server
 * can remove a dropped client's pairwise masks (from its reconstructed mask key) and a surviving
 * client's self mask (from its reconstructed seed). An honest client reveals exactly one of the two
 * for any client, so the server never gets both. Arithmetic is in Z_(2^64).
 *
 * <p>{@link org.cybervein.fl.secagg.SecAggServer} and {@link org.cybervein.fl.secagg.SecAggClient}
 * are pure cores; the host delivers messages to {@code handle} and injects transport, clock and
 * randomness.
 */
package org.cybervein.fl.secagg;
