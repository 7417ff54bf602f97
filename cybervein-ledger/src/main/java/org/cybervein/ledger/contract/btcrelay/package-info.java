/**
 * The Bitcoin relay contract {@code btc-relay}: Bitcoin headers submitted by anyone from a
 * checkpoint fixed at deployment, the best chain by accumulated chainwork in bounded storage, and
 * the query "is Bitcoin transaction T in block B with at least k confirmations" from a Merkle proof
 * ({@link org.cybervein.ledger.contract.btcrelay.BitcoinRelay}, configured by {@link
 * org.cybervein.ledger.contract.btcrelay.RelayConfig}). The header rules are those of {@code
 * cybervein-bitcoin}.
 */
package org.cybervein.ledger.contract.btcrelay;
