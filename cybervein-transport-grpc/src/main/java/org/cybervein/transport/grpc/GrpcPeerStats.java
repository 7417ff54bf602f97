package org.cybervein.transport.grpc;

/**
 * What one roster member's link has carried, from this node's side, since the transport started.
 *
 * @param connected true while this node's stream to the peer is open and accepted
 * @param messagesSent messages handed to gRPC completely (a stream cut afterwards may still lose
 *     them: delivery is best effort)
 * @param bytesSent the bytes of those messages
 * @param messagesReceived messages from the peer handed to the handler
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
