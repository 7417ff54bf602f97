/**
 * The authenticated ledger state and the rules that change it: accounts and contract entries in a
 * sparse Merkle tree whose root every block commits to, the transaction rules ({@link
 * org.cybervein.ledger.state.TransactionExecutor}: nonces, fees, transfers, native contract calls
 * with journaled writes, and the split of a block's reward and fees among its contributions)
 * running over a {@link org.cybervein.ledger.state.MutableState} overlay that {@link
 * org.cybervein.ledger.state.LedgerState} commits as a whole or drops, the block context that pays
 * rewards, the effects that undo a block, and proofs that a light client checks against a root
 * ({@link org.cybervein.ledger.state.StateProof} documents the tree and its hashing).
 */
package org.cybervein.ledger.state;
