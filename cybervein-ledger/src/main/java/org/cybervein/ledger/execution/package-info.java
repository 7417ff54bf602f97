/**
 * The ledger's transaction rules: nonces, fees, transfers, native contract calls with journaled
 * writes, and the split of a block's reward and fees among its contributions. The rules run over a
 * {@link org.cybervein.ledger.execution.MutableState}, an overlay with savepoints that {@link
 * org.cybervein.ledger.state.LedgerState} commits as a whole or drops.
 */
package org.cybervein.ledger.execution;
