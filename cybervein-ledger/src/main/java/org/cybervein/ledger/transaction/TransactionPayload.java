package org.cybervein.ledger.transaction;

/**
 * What a transaction does: a {@link Transfer} of CVT or a {@link ContractCall}. The set is closed,
 * so a switch over it is exhaustive.
 */
public sealed interface TransactionPayload permits Transfer, ContractCall {}
