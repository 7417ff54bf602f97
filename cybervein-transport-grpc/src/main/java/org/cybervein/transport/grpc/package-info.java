/**
 * The SDK's {@link org.cybervein.api.net.Transport} between processes: {@link
 * org.cybervein.transport.grpc.GrpcTransport} over grpc-java with mutual TLS, where each node's TLS
 * certificate ({@link org.cybervein.transport.grpc.NodeCertificate}) carries its Ed25519 identity
 * key, so the sender a core receives is authenticated against the roster ({@link
 * org.cybervein.transport.grpc.GrpcPeer}), not claimed. Messages are chunked into frames, queues
 * are bounded in bytes per peer, links reconnect with capped jittered backoff. The module README
 * gives the wire (service, frames, certificates) for other implementations.
 */
package org.cybervein.transport.grpc;
