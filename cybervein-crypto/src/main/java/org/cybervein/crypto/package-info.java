/**
 * Every cryptographic primitive the SDK uses, behind small misuse-resistant types. Decoders of
 * untrusted bytes throw {@link org.cybervein.crypto.InvalidCryptoInputException}; every secret key
 * type keeps its bytes in a {@link org.cybervein.crypto.SecretBytes}.
 */
package org.cybervein.crypto;
