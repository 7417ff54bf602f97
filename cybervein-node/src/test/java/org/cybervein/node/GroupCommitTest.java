package org.cybervein.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class GroupCommitTest {
  private static final NodeId A = new NodeId("a");
  private static final NodeId B = new NodeId("b");
  private static final NodeId C = new NodeId("c");
  private static final NodeId CLIENT = new NodeId("client");

  /**
   * A fake store and network. A message carries the number of commits made before it was sent; the
   * network checks on arrival that a completed fsync covered that many commits.
   */
  private static final class Fake {
    final Object lock = new Object();
    volatile boolean eventWrote;
    volatile long commits;
    volatile long durable;
    volatile int syncs;
    volatile Semaphore gate; // null: syncs proceed at once
    volatile long syncMillis;
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    final Map<NodeId, List<Long>> received = new HashMap<>();
    volatile long blockId = -1;
    final CountDownLatch blocked = new CountDownLatch(1);
    final Semaphore unblock = new Semaphore(0);
    int messages;

    boolean commit() {
      if (!eventWrote) {
        return false;
      }
      eventWrote = false;
      commits++;
      return true;
    }

    void sync() {
      long covers = commits;
      Semaphore g = gate;
      try {
        if (g != null) {
          g.acquire();
        }
        if (syncMillis > 0) {
          Thread.sleep(syncMillis);
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      durable = covers;
      syncs++;
    }

    final Transport network =
        new Transport() {
          @Override
          public NodeId localNode() {
            return new NodeId("self");
          }

          @Override
          public void send(NodeId to, Bytes message) {
            String[] parts = new String(message.toByteArray(), StandardCharsets.UTF_8).split("/");
            long needs = Long.parseLong(parts[0]);
            long id = Long.parseLong(parts[1]);
            if (id == blockId) {
              blocked.countDown();
              unblock.acquireUninterruptibly();
            }
            if (needs > durable) {
              violations.add("message " + id + " left before the fsync of commit " + needs);
            }
            synchronized (lock) {
              received.computeIfAbsent(to, k -> new ArrayList<>()).add(id);
              messages++;
              lock.notifyAll();
            }
          }

          @Override
          public void register(MessageHandler handler) {}
        };

    /** One event: maybe a write, then messages to {@code peers} numbered from {@code firstId}. */
    void event(GroupCommit group, boolean write, long firstId, NodeId... peers) {
      eventWrote = write;
      Transport t = group.transport();
      long id = firstId;
      for (NodeId to : peers) {
        // The commit the send makes is counted before the message is built, as in the member.
        group.endEvent();
        t.send(to, Bytes.utf8(commits + "/" + id++));
      }
      group.endEvent();
    }

    void awaitMessages(int n) throws InterruptedException {
      synchronized (lock) {
        while (messages < n) {
          lock.wait();
        }
      }
    }

    List<Long> to(NodeId peer) {
      synchronized (lock) {
        return List.copyOf(received.getOrDefault(peer, List.of()));
      }
    }
  }

  private static GroupCommit group(Fake f, long maxHeldBytes) {
    return new GroupCommit(
        f::commit, f::sync, f.network, to -> !to.equals(CLIENT), maxHeldBytes, "test-syncer");
  }

  @Test
  void nothingLeavesBeforeTheFsyncThatCoversItsWrites() throws Exception {
    Fake f = new Fake();
    f.gate = new Semaphore(0);
    try (GroupCommit group = group(f, 1 << 20)) {
      f.event(group, true, 1, A, B);
      Thread.sleep(50);
      assertEquals(List.of(), f.to(A), "held while the fsync has not happened");
      assertEquals(List.of(), f.to(B));
      f.gate.release(100);
      f.awaitMessages(2);
      assertEquals(List.of(1L), f.to(A));
      assertEquals(List.of(2L), f.to(B));
    }
    assertEquals(List.of(), f.violations);
  }

  @Test
  void repliesToClientsLeaveBeforeTheFsyncWhileVotesWait() throws Exception {
    Fake f = new Fake();
    f.gate = new Semaphore(0);
    try (GroupCommit group = group(f, 1 << 20)) {
      // An execution event: it wrote, then replies to the client and uploads to a replica.
      f.eventWrote = true;
      Transport t = group.transport();
      t.send(CLIENT, Bytes.utf8("0/1"));
      t.send(CLIENT, Bytes.utf8("0/2"));
      assertEquals(0, f.commits, "the replies did not commit the event's writes");
      group.endEvent();
      t.send(A, Bytes.utf8(f.commits + "/3"));
      group.endEvent();
      assertEquals(List.of(1L, 2L), f.to(CLIENT), "replies left on the event thread");
      assertEquals(List.of(), f.to(A), "the replica's message waits for its fsync");
      f.gate.release(100);
      f.awaitMessages(3);
      assertEquals(List.of(3L), f.to(A));
    }
    assertEquals(List.of(), f.violations);
  }

  @Test
  void anEventWithoutUnsyncedWritesSendsAtOnceOnTheEventThread() {
    Fake f = new Fake();
    try (GroupCommit group = group(f, 1 << 20)) {
      f.event(group, false, 1, A, B, A);
      assertEquals(List.of(1L, 3L), f.to(A), "sent before send returned");
      assertEquals(List.of(2L), f.to(B));
      assertEquals(0, group.syncs());
    }
  }

  @Test
  void aMessageWithoutWritesWaitsBehindAnEarlierMessageToTheSamePeer() throws Exception {
    Fake f = new Fake();
    f.blockId = 1;
    try (GroupCommit group = group(f, 1 << 20)) {
      f.event(group, true, 1, A);
      // The fsync is done and the syncer is handing message 1 to the network, which stalls.
      assertTrue(f.blocked.await(5, TimeUnit.SECONDS));
      f.event(group, false, 2, A, B);
      assertEquals(List.of(3L), f.to(B), "nothing to B waits: 3 leaves at once");
      assertEquals(List.of(), f.to(A), "2 must not overtake 1");
      f.unblock.release();
      f.awaitMessages(3);
      assertEquals(List.of(1L, 2L), f.to(A));
      assertEquals(1, group.syncs(), "2 needed no fsync of its own");
    }
    assertEquals(List.of(), f.violations);
  }

  @Test
  void randomEventsKeepPerPeerOrderAndReleaseNothingEarly() throws Exception {
    long seed = 7L;
    System.out.println("GroupCommitTest seed " + seed);
    Random random = new Random(seed);
    Fake f = new Fake();
    f.syncMillis = 1;
    NodeId[] peers = {A, B, C};
    long id = 1;
    try (GroupCommit group = group(f, 256)) {
      for (int e = 0; e < 500; e++) {
        NodeId[] to = new NodeId[random.nextInt(4)];
        for (int i = 0; i < to.length; i++) {
          to[i] = peers[random.nextInt(peers.length)];
        }
        f.event(group, random.nextInt(3) == 0, id, to);
        id += to.length;
        if (random.nextInt(50) == 0) {
          Thread.sleep(2);
        }
      }
    }
    assertEquals(List.of(), f.violations);
    assertEquals(id - 1, f.messages, "close released every message");
    for (NodeId p : peers) {
      List<Long> got = f.to(p);
      for (int i = 1; i < got.size(); i++) {
        assertTrue(got.get(i - 1) < got.get(i), "order to " + p + ": " + got);
      }
    }
  }

  @Test
  void oneFsyncCoversTheWritesOfManyEventsUnderLoad() throws Exception {
    Fake f = new Fake();
    f.syncMillis = 5;
    int events = 200;
    try (GroupCommit group = group(f, 1 << 20)) {
      for (int e = 1; e <= events; e++) {
        f.event(group, true, e, A);
      }
      f.awaitMessages(events);
      assertTrue(group.syncs() <= events / 4, group.syncs() + " fsyncs for " + events + " events");
    }
    assertEquals(f.to(A).size(), events);
    assertEquals(List.of(), f.violations);
  }

  @Test
  void sendsWaitWhenHeldBytesReachTheBound() throws Exception {
    Fake f = new Fake();
    f.gate = new Semaphore(0);
    try (GroupCommit group = group(f, 10)) {
      // Each message is "n/id": 3 bytes; three fit under 10 bytes, the fourth must wait.
      Thread events =
          new Thread(
              () -> {
                for (int e = 1; e <= 5; e++) {
                  f.event(group, true, e, A);
                }
              });
      events.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (events.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(
          Thread.State.WAITING, events.getState(), "the event thread waits for the syncer");
      assertEquals(0, f.messages);
      f.gate.release(100);
      events.join(5_000);
      f.awaitMessages(5);
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), f.to(A));
    }
    assertEquals(List.of(), f.violations);
  }

  @Test
  void closeSyncsAndReleasesEverything() throws Exception {
    Fake f = new Fake();
    f.syncMillis = 20;
    GroupCommit group = group(f, 1 << 20);
    f.event(group, true, 1, A, B);
    f.event(group, true, 3, C);
    f.eventWrote = true; // an event that wrote and sent nothing, still uncommitted
    group.close();
    assertEquals(3, f.messages);
    assertEquals(3, f.commits);
    assertEquals(3, f.durable, "the last writes were synced too");
    assertEquals(List.of(), f.violations);
  }
}
