/**
 * The Juels-Kaliski sentinel proof of retrievability, the whitepaper's "PDP for large files": the
 * verifier ({@link org.cybervein.storageproofs.por.SentinelPor}) encrypts a file, codes it with
 * RS(255, 223) (package {@code erasure}), hides sentinel blocks at positions given by a keyed
 * permutation and keeps one key ({@link org.cybervein.storageproofs.por.SentinelPorKey}) plus a
 * small state per file ({@link org.cybervein.storageproofs.por.SentinelFileState}); the storage
 * node ({@link org.cybervein.storageproofs.por.SentinelProver}) answers challenges of sentinel
 * positions. Detection of a fraction {@code eps} of corrupted blocks with {@code q} sentinels:
 * {@code 1 - (1 - eps)^q}.
 */
package org.cybervein.storageproofs.por;
