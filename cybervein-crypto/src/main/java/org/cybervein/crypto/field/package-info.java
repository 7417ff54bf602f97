/**
 * Finite-field arithmetic shared by the SDK's codes and secret sharing: {@link
 * org.cybervein.crypto.field.Gf256}, GF(2^8) over a named reduction polynomial, which Shamir
 * sharing (in {@code org.cybervein.crypto.sharing}) and the storage proofs' Reed-Solomon erasure
 * code both use.
 */
package org.cybervein.crypto.field;
