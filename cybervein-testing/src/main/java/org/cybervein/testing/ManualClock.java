package org.cybervein.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;

/**
 * A {@link Clock} that moves only when a test moves it: {@link #now()} stays where it was put, and
 * a scheduled action runs when {@link #advance} or {@link #advanceTo} passes its deadline, on the
 * thread that advances the clock.
 *
 * <p>Due actions run in deadline order, actions with the same deadline in the order they were
 * scheduled, each with {@link #now()} at its own deadline; an action may schedule more, and those
 * that fall due within the same advance run in it too. So a test drives a core's timers (PBFT view
 * change, resend, round deadlines) step by step and replays exactly.
 *
 * <p>Reading the time is safe from any thread; scheduling and advancing are serialized, but the
 * actions run outside the clock's lock, so an action may schedule or cancel freely.
 */
public final class ManualClock implements Clock {
  private final Object lock = new Object();
  private final PriorityQueue<Pending> pending =
      new PriorityQueue<>(
          (a, b) ->
              a.deadline.equals(b.deadline)
                  ? Long.compare(a.sequence, b.sequence)
                  : a.deadline.compareTo(b.deadline));
  private volatile Instant now;
  private long scheduled;

  /**
   * A clock that reads {@code start} until it is advanced.
   *
   * @param start the time it shows
   */
  public ManualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /**
   * The time the clock was last put at.
   *
   * @return the current time
   */
  @Override
  public Instant now() {
    return now;
  }

  /**
   * Schedules {@code action} to run when the clock is advanced to {@code delay} from now or later.
   *
   * @param delay zero or more; a zero delay runs at the next advance, even one by zero
   * @param action what to run
   * @return a handle that cancels the action if it has not run yet
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  @Override
  public Timer schedule(Duration delay, Runnable action) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(action, "action");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or more, got " + delay);
    }
    synchronized (lock) {
      Pending p = new Pending(now.plus(delay), scheduled++, action);
      pending.add(p);
      return () -> {
        synchronized (lock) {
          return pending.remove(p);
        }
      };
    }
  }

  /**
   * Moves the clock forward by {@code duration}, running every action that falls due on the way.
   *
   * @param duration zero or more
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock never goes backwards, got " + duration);
    }
    advanceTo(now.plus(duration));
  }

  /**
   * Moves the clock forward to {@code target}, running every action due at or before it; the clock
   * reads each action's deadline while the action runs, and {@code target} afterwards.
   *
   * @param target the time to show, not before {@link #now()}
   * @throws IllegalArgumentException if {@code target} is before {@link #now()}
   */
  public void advanceTo(Instant target) {
    Objects.requireNonNull(target, "target");
    if (target.isBefore(now)) {
      throw new IllegalArgumentException(
          "a clock never goes backwards: " + target + " is before " + now);
    }
    while (true) {
      Pending next;
      synchronized (lock) {
        next = pending.peek();
        if (next == null || next.deadline.isAfter(target)) {
          now = target;
          return;
        }
        pending.poll();
        now = next.deadline;
      }
      next.action.run();
    }
  }

  /**
   * The deadlines of the actions not yet run nor cancelled, earliest first.
   *
   * @return the pending deadlines, a snapshot
   */
  public List<Instant> pendingDeadlines() {
    synchronized (lock) {
      List<Pending> copy = new ArrayList<>(pending);
      copy.sort(pending.comparator());
      return copy.stream().map(p -> p.deadline).toList();
    }
  }

  @Override
  public String toString() {
    return "ManualClock[" + now + ", " + pendingDeadlines().size() + " pending]";
  }

  private static final class Pending {
    final Instant deadline;
    final long sequence;
    final Runnable action;

    Pending(Instant deadline, long sequence, Runnable action) {
      this.deadline = deadline;
      this.sequence = sequence;
      this.action = action;
    }
  }
}
