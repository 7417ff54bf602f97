/**
 * The CVT &lt;-&gt; BTC swap contract {@code btc-swap}: CVT a seller locks for a buyer is released
 * to the buyer by an SPV proof that a Bitcoin transaction paid the agreed output with k
 * confirmations on the {@code btc-relay} contract's best chain, or refunded to the seller after its
 * timelock ({@link org.cybervein.ledger.contract.btcswap.BtcSwapContract}).
 */
package org.cybervein.ledger.contract.btcswap;
