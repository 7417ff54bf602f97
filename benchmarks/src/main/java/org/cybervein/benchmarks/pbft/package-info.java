/**
 * Benchmarks of the PBFT group of {@code cybervein-consensus}: committed operations per second and
 * latency percentiles for four replicas in one process, against the Ed25519 verification bound.
 */
package org.cybervein.benchmarks.pbft;
