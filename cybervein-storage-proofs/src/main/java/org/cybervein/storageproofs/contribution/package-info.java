/**
 * Proof of Contribution, the storage side: a contribution's election input {@link
 * org.cybervein.storageproofs.contribution.ElectionContribution} ({@code pi_i}, {@code N_i}, {@code
 * M_i}), the winner of a round by Eq. 1 in normalized form ({@link
 * org.cybervein.storageproofs.contribution.Election}), the exact split of a block reward ({@link
 * org.cybervein.storageproofs.contribution.RewardSplit}), and the bandwidth evidence: downloader
 * signed {@link org.cybervein.storageproofs.contribution.BandwidthReceipt}s counted once each by a
 * bounded {@link org.cybervein.storageproofs.contribution.BandwidthLedger}.
 */
package org.cybervein.storageproofs.contribution;
