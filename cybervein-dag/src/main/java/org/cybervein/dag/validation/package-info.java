/**
 * Validation of units before anything is stored: {@link org.cybervein.dag.validation.UnitVerifier}
 * runs the context-free checks (signatures, bounds, attestations) in parallel and hands out {@link
 * org.cybervein.dag.validation.VerifiedUnit}s; the {@link
 * org.cybervein.dag.validation.UnsolidBuffer} holds verified units whose parents are still missing.
 * The checks that need the DAG run in {@link org.cybervein.dag.Dag}.
 */
package org.cybervein.dag.validation;
