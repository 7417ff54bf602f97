/**
 * The erasure code of the sentinel proof of retrievability: {@link
 * org.cybervein.storageproofs.erasure.ReedSolomonCode}, RS(255, 223) over GF(2^8), with a
 * systematic table-driven encoder (serial or on a host's executor) and a full decoder that corrects
 * up to 16 byte errors per codeword.
 */
package org.cybervein.storageproofs.erasure;
