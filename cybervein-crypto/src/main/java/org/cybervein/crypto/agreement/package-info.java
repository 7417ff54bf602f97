/**
 * Key agreement: X25519 (RFC 7748) with {@link org.cybervein.crypto.agreement.X25519PrivateKey},
 * {@link org.cybervein.crypto.agreement.X25519PublicKey} and {@link
 * org.cybervein.crypto.agreement.SharedSecret}.
 *
 * <p>In the SDK, every pair of PBFT replicas agrees on a pairwise secret from which HKDF derives
 * the HMAC key of their MAC authenticators (consensus layer), and every pair of federated-learning
 * participants agrees on the seed of the pairwise masks that hide individual updates in secure
 * aggregation (application layer). A low-order peer key is refused, so no party can force a
 * publicly known secret.
 */
package org.cybervein.crypto.agreement;
