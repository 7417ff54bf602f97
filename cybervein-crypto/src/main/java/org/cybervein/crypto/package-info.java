/**
 * Every cryptographic primitive the SDK uses, behind small misuse-resistant types. Decoders of
 * untrusted bytes throw {@link org.cybervein.crypto.InvalidCryptoInputException}.
 */
package org.cybervein.crypto;
