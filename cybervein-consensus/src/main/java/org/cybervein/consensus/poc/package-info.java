/**
 * Proof of Contribution block production: a {@link org.cybervein.consensus.poc.BlockProducer} (a
 * contributor with its proof-of-space prover) and {@link org.cybervein.consensus.poc.PocNode}, a
 * pure core (events in, {@link org.cybervein.consensus.poc.PocAction actions} out) that gossips
 * contributions and blocks, elects the round's winner as storage-proofs' {@code Election} does, and
 * keeps the best chain by the ledger's fork choice. {@link org.cybervein.consensus.poc.PocHost}
 * runs a node over an injected transport and clock.
 */
package org.cybervein.consensus.poc;
