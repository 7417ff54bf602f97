package org.cybervein.consensus.pbft.host;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.cybervein.api.Hash;
import org.cybervein.api.net.Transport;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;
import org.cybervein.consensus.pbft.Action;
import org.cybervein.consensus.pbft.LogContract;
import org.cybervein.consensus.pbft.Replica;
import org.cybervein.consensus.pbft.TimerKind;

/**
 * Drives a {@link Replica} over any {@link Transport} and {@link Clock}: hands it received messages
 * and fired timers, and performs the actions it returns, inserting certified logs into the
 * database's {@link LogContract} and reporting each outcome back. Calls into the replica are
 * serialized on a lock private to this host, so a transport and a clock on different threads are
 * safe; other threads read the replica through {@link #status()} (published after every event) and
 * {@link #stateDigest()}, never by locking the host.
 */
public final class ReplicaHost {
  private final Transport transport;
  private final Clock clock;
  private final Replica replica;
  private final LogContract contract;
  private final Consumer<Action.Executed> onExecuted;
  private final Runnable afterEvent;
  private final Map<TimerKind, Timer> timers = new EnumMap<>(TimerKind.class);
  // Private, so no caller can hold the replica's event lock (a slow status page stalled consensus).
  private final Object lock = new Object();
  private volatile ReplicaStatus status;
  private boolean stopped;

  /**
   * Wires {@code replica} to {@code transport}, {@code clock} and {@code contract} and starts it.
   *
   * @param transport where messages come from and go to
   * @param clock what runs the replica's timers
   * @param replica the core this host drives
   * @param contract where the replica's certified logs land
   * @param onExecuted told of every executed log, in order
   * @throws NullPointerException if an argument is null
   */
  public ReplicaHost(
      Transport transport,
      Clock clock,
      Replica replica,
      LogContract contract,
      Consumer<Action.Executed> onExecuted) {
    this(transport, clock, replica, contract, onExecuted, () -> {});
  }

  /**
   * Wires {@code replica} to {@code transport}, {@code clock} and {@code contract}, runs {@code
   * afterEvent} at the end of every event, and starts the replica.
   *
   * <p>An event is the replica's start, one received message or one fired timer, with every action
   * it returned performed (messages handed to the transport, logs inserted). {@code afterEvent}
   * runs on the event's thread while the host still serializes events, before the status is
   * published: a host that buffers the writes of an event (one storage transaction per event)
   * commits there those that no message made it commit earlier.
   *
   * @param transport where messages come from and go to
   * @param clock what runs the replica's timers
   * @param replica the core this host drives
   * @param contract where the replica's certified logs land
   * @param onExecuted told of every executed log, in order
   * @param afterEvent run after the actions of each event, including the start
   * @throws NullPointerException if an argument is null
   */
  public ReplicaHost(
      Transport transport,
      Clock clock,
      Replica replica,
      LogContract contract,
      Consumer<Action.Executed> onExecuted,
      Runnable afterEvent) {
    this.afterEvent = Objects.requireNonNull(afterEvent, "afterEvent");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.replica = Objects.requireNonNull(replica, "replica");
    this.contract = Objects.requireNonNull(contract, "contract");
    this.onExecuted = Objects.requireNonNull(onExecuted, "onExecuted");
    transport.register(
        (from, message) -> {
          synchronized (lock) {
            if (!stopped) {
              perform(replica.onMessage(from, message));
              afterEvent.run();
              publish();
            }
          }
        });
    synchronized (lock) {
      perform(replica.start());
      afterEvent.run();
      publish();
    }
  }

  /**
   * The replica this host drives; call it only from the host's event thread (a handler the host
   * calls); other threads use {@link #status()} or {@link #stateDigest()}.
   *
   * @return the replica
   */
  public Replica replica() {
    return replica;
  }

  /**
   * The replica's view and sequence numbers after its last event; safe from any thread and never
   * waits.
   *
   * @return the latest published status
   */
  public ReplicaStatus status() {
    return status;
  }

  /**
   * The digest of the replica's state machine, read between two events; safe from any thread, waits
   * for the event in progress (the digest may scan the whole database once per change).
   *
   * @return the state digest
   */
  public Hash stateDigest() {
    synchronized (lock) {
      return replica.stateDigest();
    }
  }

  /**
   * Stops driving the replica: waits for the event in progress, if any, then ignores every later
   * message and timer, so the host's owner may close what the replica writes to.
   */
  public void stop() {
    synchronized (lock) {
      stopped = true;
      timers.values().forEach(Timer::cancel);
      timers.clear();
    }
  }

  private void publish() {
    status =
        new ReplicaStatus(
            replica.view(), replica.isActive(), replica.lastExecuted(), replica.stableCheckpoint());
  }

  private void perform(List<Action> actions) {
    for (Action a : actions) {
      if (a instanceof Action.Send s) {
        transport.send(s.to(), s.message());
      } else if (a instanceof Action.SetTimer t) {
        arm(t);
      } else if (a instanceof Action.Executed e) {
        onExecuted.accept(e);
      } else if (a instanceof Action.InsertLog i) {
        insert(i);
      }
    }
  }

  /**
   * Offers a certified log to the contract, unless it holds the log already (the contract would
   * check every signature again only to answer the same), and tells the replica the outcome.
   */
  private void insert(Action.InsertLog i) {
    long n = i.sequence().value();
    LogContract.Outcome outcome =
        contract.contains(n)
            ? LogContract.Outcome.ALREADY_PRESENT
            : contract.insert(n, i.uploads(), i.log());
    perform(replica.onInsertion(i.sequence(), outcome));
  }

  private void arm(Action.SetTimer t) {
    Timer old = timers.remove(t.kind());
    if (old != null) {
      old.cancel();
    }
    timers.put(
        t.kind(),
        clock.schedule(
            t.delay(),
            () -> {
              synchronized (lock) {
                if (!stopped) {
                  perform(replica.onTimer(t.kind(), t.token()));
                  afterEvent.run();
                  publish();
                }
              }
            }));
  }
}
