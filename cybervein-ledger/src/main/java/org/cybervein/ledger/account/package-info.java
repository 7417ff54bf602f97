/** CVT accounts: addresses derived from public keys, balances and nonces. */
package org.cybervein.ledger.account;
