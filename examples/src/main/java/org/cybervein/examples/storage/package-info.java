/**
 * Example scene for the storage proofs: upload audits, the sentinel and compact proofs of
 * retrievability, bandwidth receipts, the Proof of Contribution election and the reward split.
 */
package org.cybervein.examples.storage;
