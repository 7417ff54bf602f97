/**
 * The Proof of Contribution contract {@code poc} version 1: contributors register their space
 * commitments with a proof that they are correct (the whitepaper's Algorithm 2), and downloaders'
 * signed bandwidth receipts are recorded per provider and window. The chain reads a block's
 * election weight {@code w = N * M} from the entries this contract writes, as of the parent block.
 */
package org.cybervein.ledger.contract.poc;
