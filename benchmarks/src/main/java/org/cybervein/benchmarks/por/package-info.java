/**
 * JMH benchmarks for the storage proofs outside the proof of space ({@code
 * cybervein-storage-proofs} packages {@code contribution}, {@code upload}, {@code por}, {@code
 * erasure}, {@code pdp}): POR encoding throughput with Reed-Solomon coding on one and two threads,
 * proving and verifying each proof kind, the election and reward split over {@code m}
 * contributions, and receipt verification; {@link org.cybervein.benchmarks.por.ProofSizes} prints
 * the proofs' sizes.
 */
package org.cybervein.benchmarks.por;
