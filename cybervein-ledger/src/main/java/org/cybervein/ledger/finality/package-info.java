/**
 * Finality of the DAG through the chain: DAG checkpoints carried in transaction sub-blocks become
 * the DAG's FINAL checkpoints once their block is buried deep enough in the best chain.
 */
package org.cybervein.ledger.finality;
