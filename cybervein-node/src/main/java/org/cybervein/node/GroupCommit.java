package org.cybervein.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for a replica, with the fsync off its event thread. The replica's writes of one
 * event are committed (without an fsync) before the event's first message leaves and at the end of
 * the event; the messages themselves do not leave at once but wait here until one background fsync
 * of the environment covers every commit made before they were sent, and then go out in the order
 * they were sent. While the syncer thread syncs, the event thread goes on with the next events, so
 * under load one fsync covers the writes of many events, and no event waits for the disk.
 *
 * <p><b>Why this keeps the durability guarantee.</b> The replica writes what a message depends on
 * (its accepted PRE-PREPARE before PREPARE, its prepared claim before COMMIT, its view before
 * VIEW-CHANGE, its executed log and the database before the REPLYs and the UPLOAD) before it hands
 * the message to the transport; the commit is made before the message is queued here, and the
 * message reaches the network only after an fsync that began after that commit returned. So what
 * any peer or client may have seen is on the disk, which is the guarantee the replica documents
 * ("Durability"), now even against an operating system crash or power loss and not only a killed
 * process. Writes that no message depends on yet reach the disk with the next sync, or at {@link
 * #close}.
 *
 * <p><b>Replies do not wait.</b> Messages to peers that are not replicas ({@code waitsForSync}
 * false: the clients, who only ever receive REPLYs) leave at once, before the fsync of the
 * execution they report. A REPLY states the result of executing a committed batch, and that batch
 * is fixed by what the replicas already persisted: a replica executes only after 2f + 1 COMMITs,
 * each sent by its replica only after an fsync covering its prepared claim, so after a power loss
 * any view change still orders the same batch at that sequence, and this replica, re-executing it
 * from its last synced state, computes the same result. Persisting the execution first would only
 * delay every client by one more fsync. The votes (PRE-PREPARE, PREPARE, COMMIT, VIEW-CHANGE,
 * NEW-VIEW) and the signed statements to replicas (CHECKPOINT, UPLOAD) still wait.
 *
 * <p><b>Order.</b> Messages to one peer leave in the order the replica sent them. A message of an
 * event that wrote nothing since the last completed sync goes out at once from the event thread,
 * unless an earlier message to the same peer still waits, in which case it waits behind it.
 *
 * <p><b>Bounded.</b> The held messages take at most {@code maxHeldBytes} (one message alone may
 * exceed it); a send that would pass the bound waits for the syncer to release messages, so a slow
 * disk slows the replica down instead of dropping its messages.
 *
 * <p><b>Failure.</b> If an fsync fails, the messages that depended on it are never sent and neither
 * is any later one (a replica that cannot persist must not vote); the failure is logged once.
 *
 * <p>The commit hook, the sends and {@link #endEvent} come from the replica's host, which
 * serializes its events; the syncer is the one other thread, and it alone calls {@code sync}.
 */
final class GroupCommit implements WriteBarrier {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  private final BooleanSupplier commit;
  private final Runnable sync;
  private final Transport raw;
  private final Predicate<NodeId> waitsForSync;
  private final long maxHeldBytes;
  private final Thread syncer;
  private final Object lock = new Object();

  // Guarded by lock.
  private long written;
  private long synced;
  private long syncs;
  private long heldBytes;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  // Messages per peer that are held or being released: a direct send must not overtake them.
  private final Map<NodeId, Integer> waitingPerPeer = new HashMap<>();
  private boolean closing;
  private boolean failed;

  /** A message and the number of commits an fsync must cover before it may leave. */
  private record Held(NodeId to, Bytes message, long needs) {}

  /**
   * Starts the syncer thread.
   *
   * @param commit commits the writes of the current event, true if there were any
   * @param sync forces every commit made so far to the disk
   * @param raw the transport messages leave through
   * @param waitsForSync true for the peers whose messages wait for the fsync (the replicas); the
   *     others' (the clients') leave at once
   * @param maxHeldBytes the bytes of messages that may wait for an fsync before sends wait
   * @param name the syncer thread's name
   */
  GroupCommit(
      BooleanSupplier commit,
      Runnable sync,
      Transport raw,
      Predicate<NodeId> waitsForSync,
      long maxHeldBytes,
      String name) {
    this.commit = Objects.requireNonNull(commit, "commit");
    this.sync = Objects.requireNonNull(sync, "sync");
    this.raw = Objects.requireNonNull(raw, "raw");
    this.waitsForSync = Objects.requireNonNull(waitsForSync, "waitsForSync");
    if (maxHeldBytes < 1) {
      throw new IllegalArgumentException("maxHeldBytes must be positive, got " + maxHeldBytes);
    }
    this.maxHeldBytes = maxHeldBytes;
    this.syncer = new Thread(this::runSyncer, name);
    syncer.setDaemon(true);
    syncer.start();
  }

  @Override
  public void endEvent() {
    if (commit.getAsBoolean()) {
      synchronized (lock) {
        written++;
      }
    }
  }

  /**
   * The fsyncs done so far.
   *
   * @return how many times the syncer forced the environment to the disk
   */
  long syncs() {
    synchronized (lock) {
      return syncs;
    }
  }

  /**
   * {@code raw} behind the syncer: each send commits the event's writes and is released after the
   * fsync that covers them.
   *
   * @return the transport to give the replica's host
   */
  @Override
  public Transport transport() {
    return WriteBarrier.sendingThrough(raw, this::send);
  }

  private void send(NodeId to, Bytes message) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(message, "message");
    boolean waits = waitsForSync.test(to);
    if (waits) {
      endEvent();
    }
    synchronized (lock) {
      if (failed || closing) {
        return; // dropped: after a failed fsync nothing may leave, and a closed replica is silent
      }
      if ((!waits || written <= synced) && !waitingPerPeer.containsKey(to)) {
        // Nothing it depends on is unsynced (or it is a reply) and nothing to this peer is ahead.
        waitingPerPeer.put(to, 1);
      } else {
        while (heldBytes > 0 && heldBytes + message.size() > maxHeldBytes && !failed) {
          waitInterruptibly();
        }
        if (failed) {
          return;
        }
        held.addLast(new Held(to, message, written));
        heldBytes += message.size();
        waitingPerPeer.merge(to, 1, Integer::sum);
        lock.notifyAll();
        return;
      }
    }
    // Counted as waiting while it is sent, so that the syncer cannot overtake it.
    try {
      raw.send(to, message);
    } finally {
      synchronized (lock) {
        released(to);
      }
    }
  }

  private void waitInterruptibly() {
    try {
      lock.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the syncer", e);
    }
  }

  // Holds lock.
  private void released(NodeId to) {
    waitingPerPeer.computeIfPresent(to, (k, n) -> n == 1 ? null : n - 1);
  }

  private void runSyncer() {
    while (true) {
      long target;
      boolean mustSync;
      synchronized (lock) {
        while (held.isEmpty() && !closing) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // Only close interrupts the syncer, and it sets closing first.
          }
        }
        if (held.isEmpty()) {
          // Closing with nothing held: one last sync for writes no message depended on.
          target = written;
          mustSync = target > synced && !failed;
          if (!mustSync) {
            return;
          }
        } else {
          target = written;
          mustSync = held.peekFirst().needs() > synced;
        }
      }
      if (mustSync && !syncTo(target)) {
        return;
      }
      List<Held> ready = new ArrayList<>();
      synchronized (lock) {
        while (!held.isEmpty() && held.peekFirst().needs() <= synced) {
          ready.add(held.removeFirst());
        }
      }
      for (Held h : ready) {
        try {
          raw.send(h.to(), h.message());
        } catch (RuntimeException e) {
          // A transport does not throw for the network's sake; keep the others flowing anyway.
          LOG.warn("send to {} failed after group commit", h.to(), e);
        }
      }
      synchronized (lock) {
        for (Held h : ready) {
          heldBytes -= h.message().size();
          released(h.to());
        }
        lock.notifyAll();
      }
    }
  }

  /** One fsync covering every commit up to {@code target}; false (and failed) if it failed. */
  private boolean syncTo(long target) {
    try {
      sync.run();
    } catch (RuntimeException e) {
      LOG.error("fsync of the replica's store failed; the replica sends nothing from now on", e);
      synchronized (lock) {
        failed = true;
        held.clear();
        heldBytes = 0;
        waitingPerPeer.clear();
        lock.notifyAll();
      }
      return false;
    }
    synchronized (lock) {
      synced = Math.max(synced, target);
      syncs++;
    }
    return true;
  }

  /**
   * Flushes and stops: commits what the current event wrote, syncs, releases every held message and
   * ends the syncer thread. Call it after the replica's host stopped and before the store closes;
   * later sends are dropped.
   */
  @Override
  public void close() {
    endEvent();
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    boolean interrupted = false;
    while (true) {
      try {
        syncer.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
