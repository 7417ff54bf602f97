package org.cybervein.dag.testing;

import java.time.Duration;
import java.time.Instant;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;

/** A clock that reads a settable instant; the DAG never schedules, so scheduling is refused. */
public final class FixedClock implements Clock {
  private Instant now;

  /** A clock at {@code now}. */
  public FixedClock(Instant now) {
    this.now = now;
  }

  /** Moves the clock. */
  public void set(Instant instant) {
    now = instant;
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public Timer schedule(Duration delay, Runnable action) {
    throw new UnsupportedOperationException("the DAG core does not schedule");
  }
}
