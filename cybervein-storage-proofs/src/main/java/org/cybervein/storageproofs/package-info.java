/**
 * Storage proofs of the CyberVein whitepaper, outside the proof of space: what they share.
 *
 * <p>{@link org.cybervein.storageproofs.InvalidStorageProofException} is the one checked exception
 * of the packages {@code poc}, {@code taglist}, {@code por}, {@code erasure} and {@code compactpor}
 * for input from outside; {@link org.cybervein.storageproofs.CanonicalProto} parses their wire
 * messages (schema {@code cybervein/v1/storage.proto}) in canonical encoding only.
 */
package org.cybervein.storageproofs;
