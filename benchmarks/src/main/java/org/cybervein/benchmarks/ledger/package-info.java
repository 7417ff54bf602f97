/**
 * JMH benchmarks for the ledger state of {@code cybervein-ledger}: transfers applied per second on
 * the in-memory and the LMDB store, and state proofs (size, proving and verification time), next to
 * the raw SHA-256 of one tree node measured in the same run.
 */
package org.cybervein.benchmarks.ledger;
