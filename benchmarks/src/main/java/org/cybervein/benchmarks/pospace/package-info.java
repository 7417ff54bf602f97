/**
 * JMH benchmarks of proof of space ({@code org.cybervein.storageproofs.pospace}): the labelling
 * rate against raw SHA-256, Init of a file-backed commitment, and the size, proving and
 * verification time of commit and storage proofs.
 */
package org.cybervein.benchmarks.pospace;
