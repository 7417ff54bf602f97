/**
 * The Bitcoin header chain a light client follows: consensus parameters and the retargeting rule
 * ({@link org.cybervein.bitcoin.chain.BitcoinParameters}), a header placed in a chain with its
 * height and accumulated chainwork ({@link org.cybervein.bitcoin.chain.ChainEntry}), and a bounded
 * store with fork choice by chainwork ({@link org.cybervein.bitcoin.chain.HeaderChain}).
 */
package org.cybervein.bitcoin.chain;
