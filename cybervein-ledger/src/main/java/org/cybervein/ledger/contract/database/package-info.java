/**
 * The database management contract ({@code database} v1): member lists of account and node keys,
 * admission of new members by more than two thirds of the members' votes, and each database's
 * operation log as its PBFT group agreed it, inserted only with f + 1 matching signed UPLOADs of
 * members. Start at {@link org.cybervein.ledger.contract.database.DatabaseContract}.
 */
package org.cybervein.ledger.contract.database;
