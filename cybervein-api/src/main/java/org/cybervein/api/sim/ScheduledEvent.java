package org.cybervein.api.sim;

import java.util.function.Consumer;

/**
 * An entry of the simulation's event queue. Events run in order of virtual time, and events at the
 * same time in the order they were scheduled, so that ties never depend on anything but the script
 * and the seed.
 */
final class ScheduledEvent implements Comparable<ScheduledEvent> {
  final long timeNanos;
  final long sequence;
  private final Consumer<ScheduledEvent> body;
  private boolean cancelled;
  private boolean started;

  ScheduledEvent(long timeNanos, long sequence, Consumer<ScheduledEvent> body) {
    this.timeNanos = timeNanos;
    this.sequence = sequence;
    this.body = body;
  }

  /** Marks the event as never to run; true only for the call that did so before it ran. */
  boolean cancel() {
    if (cancelled || started) {
      return false;
    }
    cancelled = true;
    return true;
  }

  boolean isCancelled() {
    return cancelled;
  }

  void run() {
    started = true;
    body.accept(this);
  }

  @Override
  public int compareTo(ScheduledEvent other) {
    int byTime = Long.compare(timeNanos, other.timeNanos);
    return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
  }
}
