package org.cybervein.consensus.pbft.host;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
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
 * serialized on this host, so a transport and a clock on different threads are safe.
 */
public final class ReplicaHost {
  private final Transport transport;
  private final Clock clock;
  private final Replica replica;
  private final LogContract contract;
  private final Consumer<Action.Executed> onExecuted;
  private final Map<TimerKind, Timer> timers = new EnumMap<>(TimerKind.class);

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
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.replica = Objects.requireNonNull(replica, "replica");
    this.contract = Objects.requireNonNull(contract, "contract");
    this.onExecuted = Objects.requireNonNull(onExecuted, "onExecuted");
    transport.register(
        (from, message) -> {
          synchronized (this) {
            perform(replica.onMessage(from, message));
          }
        });
    synchronized (this) {
      perform(replica.start());
    }
  }

  /**
   * The replica this host drives; call it only from the host's event thread.
   *
   * @return the replica
   */
  public Replica replica() {
    return replica;
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
            : contract.insert(n, i.uploads());
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
              synchronized (this) {
                perform(replica.onTimer(t.kind(), t.token()));
              }
            }));
  }
}
