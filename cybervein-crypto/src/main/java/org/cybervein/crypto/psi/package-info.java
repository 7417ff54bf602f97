/**
 * Private set intersection, the whitepaper's private sample alignment before vertical federated
 * learning: two parties learn the ids they share and nothing else about each other's sets than
 * their sizes (semi-honest model).
 *
 * <p>Two protocols, each a pair of small state machines with explicit rounds (bytes in, bytes out;
 * messages in {@code cybervein/v1/he.proto}):
 *
 * <ul>
 *   <li>ECDH-PSI ({@link org.cybervein.crypto.psi.EcdhPsiInitiator}, {@link
 *       org.cybervein.crypto.psi.EcdhPsiResponder}): commutative exponentiation of RFC 9380 hashed
 *       ids in an {@link org.cybervein.crypto.psi.EcdhPsiGroup} (P-256, or the faster Curve25519
 *       group); three messages.
 *   <li>RSA blind-signature PSI, after De Cristofaro and Tsudik (2010), with a full-domain hash
 *       ({@link org.cybervein.crypto.psi.RsaPsiInitiator}, {@link
 *       org.cybervein.crypto.psi.RsaPsiResponder}); four messages.
 * </ul>
 *
 * <p>Every decoder rejects malformed, oversized and out-of-range input (points off the curve,
 * values outside {@code [1, N)}) with {@link org.cybervein.crypto.InvalidCryptoInputException},
 * changing no state. The per-id work runs on an injected executor.
 */
package org.cybervein.crypto.psi;
