/**
 * The compact proof of retrievability with unbounded audits: Shacham-Waters with private
 * verification over Z_p, p = 2^127 - 1. The verifier ({@link
 * org.cybervein.storageproofs.compactpor.CompactPor}) tags a file's blocks once and keeps one key
 * ({@link org.cybervein.storageproofs.compactpor.CompactPorKey}); the storage node ({@link
 * org.cybervein.storageproofs.compactpor.CompactPorProver}) answers any number of seeded challenges
 * with a proof of {@code s + 1} field elements ({@link
 * org.cybervein.storageproofs.compactpor.CompactPorProof}).
 */
package org.cybervein.storageproofs.compactpor;
