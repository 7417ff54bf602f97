package org.cybervein.transport.grpc;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery on the submitting thread ({@link GrpcTransportThreading.Delivery#NETWORK_THREAD}): tasks
 * run one at a time, in the order they were submitted, on the thread that submits one while no task
 * runs; a thread that finds another running leaves its task to that one and returns at once, and a
 * task submitted from inside a running task runs right after it. So the handler is still called by
 * one thread at a time, but a network thread that is alone (always, with one network thread) hands
 * a message over without waking anyone.
 */
final class InlineDelivery implements DeliveryLane {
  private static final Logger LOG = LoggerFactory.getLogger(InlineDelivery.class);

  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Thread> runner = new AtomicReference<>();
  private volatile boolean stopped;

  @Override
  public void execute(Runnable task) {
    if (stopped) {
      throw new RejectedExecutionException("delivery stopped");
    }
    tasks.add(task);
    if (runner.get() != Thread.currentThread()) {
      runQueued(Long.MAX_VALUE);
    }
  }

  /**
   * Runs queued tasks while this thread can become the runner; false if it stopped at {@code
   * deadline} (a System.nanoTime) with tasks left.
   */
  private boolean runQueued(long deadline) {
    // Re-checked after letting go: a task queued by a thread that saw this one still running must
    // not wait for the next submission.
    while (!tasks.isEmpty() && runner.compareAndSet(null, Thread.currentThread())) {
      try {
        Runnable next;
        while ((next = tasks.poll()) != null) {
          try {
            next.run();
          } catch (RuntimeException e) {
            LOG.warn("a delivery task threw", e);
          }
          if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
            return tasks.isEmpty();
          }
        }
      } finally {
        runner.set(null);
      }
    }
    return true;
  }

  @Override
  public boolean stop(long timeoutNanos) {
    stopped = true;
    if (runner.get() == Thread.currentThread()) {
      return false; // called by a task: the tasks after it run when it returns
    }
    long deadline = System.nanoTime() + timeoutNanos;
    // What was submitted before still runs, as on a dedicated thread: by whoever runs now, or here.
    while (!tasks.isEmpty() || runner.get() != null) {
      if (System.nanoTime() - deadline >= 0) {
        tasks.clear();
        return false;
      }
      if (runner.get() == null) {
        runQueued(deadline);
      } else {
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          tasks.clear();
          return false;
        }
      }
    }
    return true;
  }
}
