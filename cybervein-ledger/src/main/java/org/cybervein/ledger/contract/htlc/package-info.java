/**
 * The hashed timelock contract ({@code htlc} version 1) and the atomic swap protocol built on it:
 * CVT locked under a SHA-256 hashlock and a timelock, claimed by the recipient with the preimage
 * before expiry or refunded to the sender after it. The revealed preimage stays in contract state,
 * where a light client reads it with a state proof; that is what lets two independent chains swap
 * atomically ({@link org.cybervein.ledger.contract.htlc.AtomicSwap}).
 */
package org.cybervein.ledger.contract.htlc;
