/**
 * Example scenes of cross-chain atomic swaps with the ledger's hashed timelock contract: CVT on one
 * CyberVein chain for CVT on another, each party running its {@code AtomicSwap} core.
 */
package org.cybervein.examples.swap;
