/**
 * The chain of blocks: validation with reasons, the challenge schedule, fork choice by accumulated
 * proof quality, and reorganisation by reverting and applying ledger state with undo data kept for
 * a bounded depth. {@link org.cybervein.ledger.chain.Chain} is the entry point; {@link
 * org.cybervein.ledger.chain.ChainGenesis#open} keeps a chain in the key-value store of its state
 * and resumes it after a restart.
 */
package org.cybervein.ledger.chain;
