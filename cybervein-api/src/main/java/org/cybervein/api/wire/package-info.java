/**
 * Bytes on the wire: the {@code cybervein.v1} protobuf schemas (generated into {@code
 * org.cybervein.api.wire.v1}), {@link org.cybervein.api.wire.ApiTypesCodec} for the value types,
 * and the {@link org.cybervein.api.wire.SignedEnvelope} that carries every signed message with the
 * exact bytes its signature covers.
 */
package org.cybervein.api.wire;
