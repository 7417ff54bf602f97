package org.cybervein.dag.sync;

/**
 * Counters of one node's synchronisation, for tests and monitoring.
 *
 * @param unitsReceived encoded units received from peers
 * @param unitsStored units this node stored (from peers or written locally)
 * @param unitsRejected units that failed decoding or validation
 * @param messagesMalformed messages that did not decode
 * @param messagesRateLimited messages dropped because their peer exceeded its rate
 * @param messagesFromStrangers messages from nodes that are not peers
 * @param requestsSent request messages sent
 * @param unitsServed units sent in answer to requests
 */
public record SyncStats(
    long unitsReceived,
    long unitsStored,
    long unitsRejected,
    long messagesMalformed,
    long messagesRateLimited,
    long messagesFromStrangers,
    long requestsSent,
    long unitsServed) {}
