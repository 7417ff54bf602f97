package org.cybervein.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Delivery on the submitting thread: one task at a time, in submission order, never nested. */
class InlineDeliveryTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void aLoneSubmitterRunsItsTasksItselfInOrder() {
    InlineDelivery lane = new InlineDelivery();
    List<String> ran = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      lane.execute(() -> ran.add(n + " on " + Thread.currentThread().getName()));
    }
    String me = Thread.currentThread().getName();
    assertEquals(
        List.of("0 on " + me, "1 on " + me, "2 on " + me, "3 on " + me, "4 on " + me), ran);
  }

  @Test
  void aTaskSubmittedByARunningTaskRunsAfterItNotInsideIt() {
    InlineDelivery lane = new InlineDelivery();
    List<String> events = new ArrayList<>();
    lane.execute(
        () -> {
          events.add("outer starts");
          lane.execute(() -> events.add("inner"));
          events.add("outer ends");
        });
    assertEquals(List.of("outer starts", "outer ends", "inner"), events);
  }

  @Test
  void concurrentSubmittersNeverOverlapAndEachKeepsItsOrder() throws Exception {
    InlineDelivery lane = new InlineDelivery();
    int threads = 4;
    int perThread = 20_000;
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    List<List<Integer>> seen = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      seen.add(Collections.synchronizedList(new ArrayList<>()));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<Integer> mine = seen.get(t);
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  int n = i;
                  lane.execute(
                      () -> {
                        if (running.incrementAndGet() != 1) {
                          overlaps.incrementAndGet();
                        }
                        mine.add(n);
                        running.decrementAndGet();
                      });
                }
              });
      th.start();
      submitters.add(th);
    }
    start.countDown();
    for (Thread th : submitters) {
      th.join();
    }
    // Every submitter has returned; a task left by one that found another running must not be
    // stranded: stop() waits for what was submitted.
    assertTrue(lane.stop(10 * SECOND));
    assertEquals(0, overlaps.get());
    for (List<Integer> mine : seen) {
      assertEquals(perThread, mine.size());
      for (int i = 0; i < perThread; i++) {
        assertEquals(i, mine.get(i));
      }
    }
  }

  @Test
  void aTaskThatThrowsDoesNotStopTheOnesAfterIt() {
    InlineDelivery lane = new InlineDelivery();
    List<Integer> ran = new ArrayList<>();
    lane.execute(
        () -> {
          lane.execute(() -> ran.add(2));
          throw new IllegalStateException("handler bug");
        });
    lane.execute(() -> ran.add(3));
    assertEquals(List.of(2, 3), ran);
  }

  /**
   * Starts a "network thread" whose task holds the lane until {@code release} opens, and returns
   * once that task runs; the task then records {@code done} in {@code ran}.
   */
  private static Thread holdLane(
      InlineDelivery lane, CountDownLatch release, List<String> ran, String done)
      throws InterruptedException {
    CountDownLatch inside = new CountDownLatch(1);
    Thread network =
        new Thread(
            () ->
                lane.execute(
                    () -> {
                      inside.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      ran.add(done);
                    }));
    network.start();
    assertTrue(inside.await(5, TimeUnit.SECONDS));
    return network;
  }

  @Test
  void stopWaitsForTheRunningTaskAndWhatQueuedBehindItThenRefuses() throws Exception {
    InlineDelivery lane = new InlineDelivery();
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    Thread network = holdLane(lane, release, ran, "slow");
    lane.execute(() -> ran.add("queued")); // returns at once: the network thread runs it
    assertEquals(List.of(), ran);
    Thread releaser =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              release.countDown();
            });
    releaser.start();
    assertTrue(lane.stop(10 * SECOND));
    assertEquals(List.of("slow", "queued"), ran);
    assertThrows(RejectedExecutionException.class, () -> lane.execute(() -> ran.add("late")));
    network.join();
    releaser.join();
  }

  @Test
  void stopGivesUpAfterItsTimeoutOnATaskThatDoesNotReturn() throws Exception {
    InlineDelivery lane = new InlineDelivery();
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    Thread network = holdLane(lane, release, ran, "slow");
    lane.execute(() -> ran.add("queued"));
    assertFalse(lane.stop(TimeUnit.MILLISECONDS.toNanos(50)));
    release.countDown();
    network.join();
    // The task that ran out the wait finished; the one behind it was dropped, not run late.
    assertEquals(List.of("slow"), ran);
  }

  @Test
  void stopFromInsideATaskReturnsInsteadOfWaitingForItself() {
    InlineDelivery lane = new InlineDelivery();
    List<Boolean> result = new ArrayList<>();
    lane.execute(() -> result.add(lane.stop(SECOND)));
    assertEquals(List.of(false), result);
    assertThrows(RejectedExecutionException.class, () -> lane.execute(() -> {}));
  }
}
