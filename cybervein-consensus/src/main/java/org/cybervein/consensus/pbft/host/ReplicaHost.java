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
import org.cybervein.consensus.pbft.Replica;
import org.cybervein.consensus.pbft.TimerKind;

/**
 * Drives a {@link Replica} over any {@link Transport} and {@link Clock}: hands it received messages
 * and fired timers, and performs the actions it returns. Calls into the replica are serialized on
 * this host, so a transport and a clock on different threads are safe.
 */
public final class ReplicaHost {
  private final Transport transport;
  private final Clock clock;
  private final Replica replica;
  private final Consumer<Action.Executed> onExecuted;
  private final Map<TimerKind, Timer> timers = new EnumMap<>(TimerKind.class);

  /**
   * Wires {@code replica} to {@code transport} and {@code clock} and starts it.
   *
   * @param onExecuted told of every executed log, in order
   * @param transport the replica node's transport; the host registers itself on it
   * @param clock runs the replica's timers
   * @param replica the replica core to drive
   */
  public ReplicaHost(
      Transport transport, Clock clock, Replica replica, Consumer<Action.Executed> onExecuted) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.replica = Objects.requireNonNull(replica, "replica");
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
   * @return the replica core
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
      }
    }
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
