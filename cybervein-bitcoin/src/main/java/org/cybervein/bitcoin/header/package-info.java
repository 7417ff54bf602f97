/**
 * Bitcoin block headers: the 80-byte {@link org.cybervein.bitcoin.header.BlockHeader}, its double
 * SHA-256 hash, and the compact proof-of-work target nBits ({@link
 * org.cybervein.bitcoin.header.CompactTarget}) with the work {@code 2^256 / (target + 1)} a header
 * proves.
 */
package org.cybervein.bitcoin.header;
