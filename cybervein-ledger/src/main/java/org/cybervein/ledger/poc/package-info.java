/**
 * Proof of Contribution block production: a {@link org.cybervein.ledger.poc.BlockProducer} (a
 * contributor with its proof-of-space prover) and {@link org.cybervein.ledger.poc.PocNode}, a pure
 * core (events in, {@link org.cybervein.ledger.poc.PocAction actions} out) that gossips
 * contributions and blocks, elects the round's winner as storage-proofs' {@code Election} does, and
 * keeps the best chain by the ledger's fork choice. {@link org.cybervein.ledger.poc.PocHost} runs a
 * node over an injected transport and clock.
 */
package org.cybervein.ledger.poc;
