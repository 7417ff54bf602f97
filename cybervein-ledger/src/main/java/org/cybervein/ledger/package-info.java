/**
 * The blockchain layer of the whitepaper: blocks {@code beta_i = (phi_i, sigma_i, tau_i)}, CVT
 * accounts and transactions, the authenticated ledger state, and the native contracts that own data
 * sets and database logs.
 *
 * <p>Every decoder and every validation of untrusted input in this module throws {@link
 * org.cybervein.ledger.InvalidLedgerInputException} with a {@link
 * org.cybervein.ledger.InvalidLedgerInputException.Reason} and leaves state untouched.
 */
package org.cybervein.ledger;
