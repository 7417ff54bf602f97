/**
 * The database's smart contract as PBFT feeds it: {@link
 * org.cybervein.consensus.pbft.contract.InMemoryLogContract} stores log n once f + 1 members have
 * signed equal UPLOADs for it, and {@link org.cybervein.consensus.pbft.contract.LedgerLogContract}
 * lands it in the ledger's database management contract through signed transactions.
 */
package org.cybervein.consensus.pbft.contract;
