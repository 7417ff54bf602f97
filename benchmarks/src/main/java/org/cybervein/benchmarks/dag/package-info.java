/**
 * Benchmarks of {@code cybervein-dag}: verified and pre-verified unit ingest against the raw
 * parallel Ed25519 verification rate.
 */
package org.cybervein.benchmarks.dag;
