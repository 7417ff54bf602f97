package org.cybervein.transport.grpc;

/**
 * What one roster member's link has carried, from this node's side, since the transport started.
 *
 * @param connected true while this node's stream to the peer is open and accepted
 * @param messagesSent messages whose last byte was handed to gRPC ({@code ClientCall.sendMessage}
 *     returned), which is not delivery: a stream that breaks afterwards loses, without counting
 *     them in {@code messagesDropped}, those still in gRPC's send buffer (at most about one {@link
 *     GrpcTransportLimits#chunkBytes()} plus one gRPC message), in the network, or in the peer's
 *     HTTP/2 window and inbound queue; the peer's {@code messagesReceived} is the delivered count.
 *     Every message offered to a roster member is counted exactly once as sent, as dropped, or in
 *     {@code queuedBytes}
 * @param bytesSent the bytes of those messages
 * @param messagesReceived messages from the peer handed to the handler (for this node's own entry:
 *     its messages to itself)
 * @param bytesReceived the bytes of those messages
 * @param messagesDropped messages to the peer dropped: the queue was full, the message was above
 *     the size limit, the stream broke while it was partly sent, or the transport closed first
 * @param bytesDropped the bytes of those messages
 * @param inboundDropped messages or frames from the peer refused or dropped: malformed or oversized
 *     frames, or no handler registered
 * @param queuedBytes message bytes waiting to be sent to the peer now
 */
public record GrpcPeerStats(
    boolean connected,
    long messagesSent,
    long bytesSent,
    long messagesReceived,
    long bytesReceived,
    long messagesDropped,
    long bytesDropped,
    long inboundDropped,
    long queuedBytes) {}
