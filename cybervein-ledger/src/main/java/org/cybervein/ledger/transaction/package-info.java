/**
 * CVT transactions: a sender's signed instruction to move CVT ({@link
 * org.cybervein.ledger.transaction.Transfer}) or to call a native contract ({@link
 * org.cybervein.ledger.transaction.ContractCall}), paying a fee, ordered by the sender's nonce.
 *
 * <p>A {@link org.cybervein.ledger.transaction.SignedTransaction} can only be made by signing or by
 * decoding and verifying, so holding one means its signature has been checked.
 */
package org.cybervein.ledger.transaction;
