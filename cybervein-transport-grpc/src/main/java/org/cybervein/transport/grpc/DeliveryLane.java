package org.cybervein.transport.grpc;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where the transport runs its handler's work: one task at a time, in submission order. {@link
 * DedicatedDelivery} on a thread of its own, {@link InlineDelivery} on the submitting network
 * thread.
 */
interface DeliveryLane extends Executor {
  /**
   * Runs {@code task} after every task submitted before it.
   *
   * @throws RejectedExecutionException once {@link #stop} was called
   */
  @Override
  void execute(Runnable task);

  /**
   * Refuses new tasks, drops those not started and waits up to {@code timeoutNanos} for the running
   * one (interrupting it if the lane has a thread of its own and the wait runs out).
   *
   * @return true if no task runs any more
   */
  boolean stop(long timeoutNanos);
}
