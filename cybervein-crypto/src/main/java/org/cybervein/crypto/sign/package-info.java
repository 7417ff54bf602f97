/**
 * Ed25519 signatures (RFC 8032): {@link org.cybervein.crypto.sign.Ed25519PrivateKey} signs, {@link
 * org.cybervein.crypto.sign.Ed25519Verifier} verifies against one validated key, {@link
 * org.cybervein.crypto.sign.BatchVerifier} checks many items on several cores, and {@link
 * org.cybervein.crypto.sign.Ed25519PublicKeys} converts keys to and from X.509
 * SubjectPublicKeyInfo.
 *
 * <p>This is the whitepaper's {@code Sign}: users sign the units they add to the DAG and the data
 * they upload, nodes sign blocks (the signature sub-block {@code sigma_i}), and PBFT clients and
 * replicas sign requests and protocol messages. Keys and signatures travel as {@link
 * org.cybervein.api.PublicKey} and {@link org.cybervein.api.Signature}, which carry their
 * algorithm. The implementation is Bouncy Castle's low-level {@code
 * org.bouncycastle.math.ec.rfc8032.Ed25519}, several times faster than the JDK's EdDSA provider.
 */
package org.cybervein.crypto.sign;
