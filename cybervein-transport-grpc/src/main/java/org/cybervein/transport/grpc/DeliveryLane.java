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
   * Refuses new tasks and waits up to {@code timeoutNanos} for those already submitted to run; when
   * the wait runs out, the ones not started are dropped (and a lane with a thread of its own
   * interrupts the running one). Called from inside a task it does not wait for itself.
   *
   * @return true if every submitted task ran and none runs any more
   */
  boolean stop(long timeoutNanos);
}
