/**
 * JMH benchmarks for {@code cybervein-ledger}: transfers applied per second on the in-memory and
 * the LMDB store, state proofs (size, proving and verification time) next to the raw SHA-256 of one
 * tree node measured in the same run, and block validation.
 */
package org.cybervein.benchmarks.ledger;
