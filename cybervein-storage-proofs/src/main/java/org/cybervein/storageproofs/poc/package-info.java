/**
 * Proof of Contribution, the storage side: a contribution's election input {@link
 * org.cybervein.storageproofs.poc.ElectionContribution} ({@code pi_i}, {@code N_i}, {@code M_i}),
 * the winner of a round by Eq. 1 in normalized form ({@link
 * org.cybervein.storageproofs.poc.Election}), the exact split of a block reward ({@link
 * org.cybervein.storageproofs.poc.RewardSplit}), and the bandwidth evidence: downloader signed
 * {@link org.cybervein.storageproofs.poc.BandwidthReceipt}s counted once each by a bounded {@link
 * org.cybervein.storageproofs.poc.BandwidthLedger}.
 */
package org.cybervein.storageproofs.poc;
