package org.cybervein.api.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wall-clock time with timers on one daemon thread, for hosts that run a core in real time.
 *
 * <p>All actions run on the same thread, one at a time, so a core driven only by this clock's
 * timers needs no locking of its own. Close the clock to stop the thread.
 */
public final class SystemClock implements Clock, AutoCloseable {
  private final java.time.Clock wallClock;
  private final ScheduledExecutorService timers;

  /** A clock on the system's UTC wall clock. */
  public SystemClock() {
    this(java.time.Clock.systemUTC());
  }

  /**
   * A clock that reads time from {@code wallClock} (e.g. a fixed or offset JDK clock).
   *
   * @param wallClock the JDK clock to read; timers still run on real time
   */
  public SystemClock(java.time.Clock wallClock) {
    this.wallClock = wallClock;
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "cybervein-clock");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.timers = executor;
  }

  @Override
  public Instant now() {
    return wallClock.instant();
  }

  @Override
  public Timer schedule(Duration delay, Runnable action) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    ScheduledFuture<?> future = timers.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  /** Stops the timer thread; actions not yet run are dropped. */
  @Override
  public void close() {
    timers.shutdownNow();
  }
}
