/**
 * Message authentication codes: {@link org.cybervein.crypto.mac.HmacSha256} under an {@link
 * org.cybervein.crypto.mac.HmacSha256Key}.
 *
 * <p>In the SDK, PBFT (the consensus layer that orders each database's operation log among its
 * member nodes) authenticates normal-case messages with MAC authenticators instead of signatures:
 * one HMAC tag per receiving replica, under a pairwise key that two replicas derive with X25519
 * ({@link org.cybervein.crypto.agreement}) and HKDF ({@link org.cybervein.crypto.kdf}).
 */
package org.cybervein.crypto.mac;
