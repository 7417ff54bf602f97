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
 *       org.cybervein.crypto.psi.EcdhPsiResponder}): commutative exponentiation of RFC 9380
 *       hashed-to-P-256 ids; three messages.
 *   <li>RSA blind-signature PSI, after De Cristofaro and Tsudik (2010), with a full-domain hash (to
 *       come).
 * </ul>
 *
 * <p>Every decoder rejects malformed, oversized and out-of-range input (points off the curve,
 * values outside {@code [1, N)}) with {@link org.cybervein.crypto.InvalidCryptoInputException},
 * changing no state.
 */
package org.cybervein.crypto.psi;
