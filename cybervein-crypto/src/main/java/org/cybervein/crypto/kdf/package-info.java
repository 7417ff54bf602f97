/**
 * Key derivation: {@link org.cybervein.crypto.kdf.Hkdf}, HKDF-SHA256 as in RFC 5869.
 *
 * <p>In the SDK, HKDF turns an X25519 shared secret into keys with distinct purposes: the pairwise
 * HMAC keys of PBFT's MAC authenticators (consensus layer) and the pairwise mask seeds of secure
 * aggregation in federated learning (application layer), each bound to its purpose by the {@code
 * info} string.
 */
package org.cybervein.crypto.kdf;
