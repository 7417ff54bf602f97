package org.cybervein.transport.grpc;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Delivery on one thread of the transport's own ({@link
 * GrpcTransportThreading.Delivery#DEDICATED_THREAD}).
 */
final class DedicatedDelivery implements DeliveryLane {
  private final ExecutorService thread;

  DedicatedDelivery(String name) {
    this.thread =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread t = new Thread(runnable, name);
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void execute(Runnable task) {
    thread.execute(task);
  }

  @Override
  public boolean stop(long timeoutNanos) {
    // Queued tasks still run within the timeout, as before: a clean close hands over what arrived.
    thread.shutdown();
    try {
      if (thread.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.shutdownNow();
    return false;
  }
}
