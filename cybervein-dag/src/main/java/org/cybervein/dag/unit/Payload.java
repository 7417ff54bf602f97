package org.cybervein.dag.unit;

/**
 * What a unit carries: a {@link DataWrite} or a validator {@link Attestation}. Sealed, so that a
 * switch over payloads is exhaustive.
 */
public sealed interface Payload permits DataWrite, Attestation {}
