/**
 * Example scenes of cross-chain swaps: CVT on one CyberVein chain for CVT on another with the
 * ledger's hashed timelock contract, each party running its {@code AtomicSwap} core; and CVT for
 * BTC with the {@code btc-swap} contract, released by an SPV proof of a real Bitcoin mainnet
 * payment checked against the {@code btc-relay} contract's headers.
 */
package org.cybervein.examples.swap;
