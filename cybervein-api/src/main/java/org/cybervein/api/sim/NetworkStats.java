package org.cybervein.api.sim;

/**
 * Counters of a {@link SimulatedNetwork} since it was built.
 *
 * <p>Every copy of a message is accounted for: {@code messagesSent + messagesDuplicated ==
 * messagesDelivered + messagesDropped + messagesInFlight}.
 *
 * @param messagesSent calls of {@code Transport.send}, including those of crashed nodes
 * @param messagesDuplicated extra copies made by duplication
 * @param messagesReordered copies held back by reordering
 * @param messagesDelivered copies handed to a handler
 * @param messagesDropped copies lost, for any {@link TraceEvent.DropReason}
 * @param messagesInFlight copies scheduled for delivery that have not arrived yet
 * @param timersFired node timers that ran
 * @param eventsProcessed events of the simulation that ran (deliveries, drops on arrival, timers,
 *     scheduled actions)
 */
public record NetworkStats(
    long messagesSent,
    long messagesDuplicated,
    long messagesReordered,
    long messagesDelivered,
    long messagesDropped,
    long messagesInFlight,
    long timersFired,
    long eventsProcessed) {}
