/**
 * Bytes on the wire: the {@code cybervein.v1} protobuf schemas (generated into {@code
 * org.cybervein.api.wire.v1}), {@link org.cybervein.api.wire.ApiTypesCodec} for the value types,
 * the {@link org.cybervein.api.wire.SignedEnvelope} that carries every signed message with the
 * exact bytes its signature covers, and the {@link org.cybervein.api.wire.CanonicalParser} through
 * which every decoder of the SDK reads untrusted protobuf bytes: canonical form only, and every
 * field counted on the raw bytes before protobuf allocates.
 */
package org.cybervein.api.wire;
