/**
 * The unit of the DAG layer: {@link org.cybervein.dag.unit.Unit}, its signed {@link
 * org.cybervein.dag.unit.UnitBody} (author, sorted parents, sequence, timestamp, payload) and the
 * two payloads, {@link org.cybervein.dag.unit.DataWrite} and the batched validator {@link
 * org.cybervein.dag.unit.Attestation}. Decoding untrusted bytes throws {@link
 * org.cybervein.dag.unit.InvalidUnitException}, the module's one documented exception.
 */
package org.cybervein.dag.unit;
