package org.cybervein.api.time;

/** A scheduled action that can still be cancelled. */
@FunctionalInterface
public interface Timer {
  /**
   * Cancels the action.
   *
   * @return true if the action had not yet run and now never will
   */
  boolean cancel();
}
