/**
 * Authenticated encryption with associated data: {@link org.cybervein.crypto.aead.AesGcm} and
 * {@link org.cybervein.crypto.aead.ChaCha20Poly1305} behind the sealed interface {@link
 * org.cybervein.crypto.aead.Aead}.
 *
 * <p>In the SDK, data owners encrypt a file before it is erasure-coded and handed to storage
 * providers, so that the proof of retrievability (whitepaper, storage proofs) covers ciphertext and
 * providers never see the data; the associated data binds the ciphertext to its file identifier.
 *
 * <p>Misuse resistance in the manner of Google Tink: an {@link org.cybervein.crypto.aead.AeadKey}
 * knows its algorithm and size; nonces are always 96 bits ({@link
 * org.cybervein.crypto.aead.AeadNonce}); tags are always 128 bits and appended; a failed tag check
 * throws {@link org.cybervein.crypto.InvalidCryptoInputException} with reason {@code
 * AUTHENTICATION_FAILED} and releases no plaintext.
 */
package org.cybervein.crypto.aead;
