/**
 * The authenticated ledger state: accounts and contract entries in a sparse Merkle tree whose root
 * every block commits to, the block context that pays rewards, the effects that undo a block, and
 * proofs that a light client checks against a root ({@link org.cybervein.ledger.state.StateProof}
 * documents the tree and its hashing).
 */
package org.cybervein.ledger.state;
