/**
 * Authentication of PBFT messages: {@link org.cybervein.consensus.pbft.auth.MacChannel}, the
 * pairwise HMAC keys agreed with X25519 and derived with HKDF under fixed labels, from which the
 * MAC authenticators of {@link org.cybervein.consensus.pbft.AuthMode#MAC_AUTHENTICATORS} are made.
 */
package org.cybervein.consensus.pbft.auth;
