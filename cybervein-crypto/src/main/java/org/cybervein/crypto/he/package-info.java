/**
 * Paillier additively homomorphic encryption, the primitive of the whitepaper's encrypted vertical
 * federated learning (the coordinator's key pair; parties exchange encrypted gradients and losses
 * {@code [[x]]}).
 *
 * <p>Keys: {@link org.cybervein.crypto.he.PaillierPrivateKey} (primes p, q; CRT decryption) knows
 * its {@link org.cybervein.crypto.he.PaillierPublicKey} (n, with {@code g = n + 1}). Encryption:
 * {@link org.cybervein.crypto.he.PaillierEncryptor}, optionally fed by a {@link
 * org.cybervein.crypto.he.RandomnessPool} that precomputes {@code r^n mod n^2} on an injected
 * executor. Homomorphic operations on {@link org.cybervein.crypto.he.PaillierCiphertext}: add,
 * subtract, negate, multiply by a plaintext, rescale. Signed real numbers: {@link
 * org.cybervein.crypto.he.FixedPointCodec}, with explicit precision and overflow detection. Wire
 * encodings ({@code cybervein/v1/he.proto}) and validating decoders: {@link
 * org.cybervein.crypto.he.PaillierWire}.
 */
package org.cybervein.crypto.he;
