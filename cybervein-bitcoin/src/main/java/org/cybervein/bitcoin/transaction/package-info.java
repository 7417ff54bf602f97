/**
 * Raw Bitcoin transactions in the legacy and segwit serialisations, parsed with bounded sizes:
 * {@link org.cybervein.bitcoin.transaction.BitcoinTransaction} with its {@link
 * org.cybervein.bitcoin.transaction.TxInput}s (scriptSig, witness) and {@link
 * org.cybervein.bitcoin.transaction.TxOutput}s (value, script), and the txid.
 */
package org.cybervein.bitcoin.transaction;
