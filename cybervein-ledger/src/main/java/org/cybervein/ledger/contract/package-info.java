/**
 * Native contracts: the deterministic, versioned programs of the ledger (data set contract,
 * database management contract) and the interface through which they see the state.
 */
package org.cybervein.ledger.contract;
