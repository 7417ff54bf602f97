package org.cybervein.api.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Time and timers, injected so that protocol cores never read the wall clock or sleep.
 *
 * <p>In simulations the clock is virtual: {@link #now()} advances only as the simulation runs its
 * events, and a scheduled action runs at exactly its virtual deadline. {@link SystemClock} is the
 * real-time implementation for hosts.
 */
public interface Clock {
  /**
   * The current time.
   *
   * @return the instant this clock reads now; a simulated clock returns its virtual time
   */
  Instant now();

  /**
   * Runs {@code action} once, {@code delay} from now, on the clock's own event thread.
   *
   * @param delay zero or more
   * @param action what to run
   * @return a handle that cancels the action if it has not run yet
   */
  Timer schedule(Duration delay, Runnable action);
}
