/**
 * Signing and verifying {@link org.cybervein.api.wire.SignedEnvelope}s with Ed25519: {@link
 * org.cybervein.crypto.envelope.EnvelopeSigner} and {@link
 * org.cybervein.crypto.envelope.EnvelopeVerifier}. Every signed message of the whitepaper (units,
 * blocks, PBFT requests and uploads) travels in such an envelope.
 */
package org.cybervein.crypto.envelope;
