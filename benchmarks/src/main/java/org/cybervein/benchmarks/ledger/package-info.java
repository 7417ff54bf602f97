/** Benchmarks of the blockchain layer: block validation, transactions applied, state proofs. */
package org.cybervein.benchmarks.ledger;
