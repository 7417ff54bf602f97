package org.cybervein.consensus.pbft.host;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.cybervein.api.Bytes;
import org.cybervein.api.net.Transport;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;
import org.cybervein.consensus.pbft.Action;
import org.cybervein.consensus.pbft.Client;
import org.cybervein.consensus.pbft.TimerKind;

/**
 * Drives a {@link Client} over any {@link Transport} and {@link Clock}, queueing operations so that
 * one request is outstanding at a time, as PBFT clients do.
 */
public final class ClientHost {
  private record Pending(Bytes operation, boolean readOnly, Consumer<Bytes> onResult) {}

  private final Transport transport;
  private final Clock clock;
  private final Client client;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Map<TimerKind, Timer> timers = new EnumMap<>(TimerKind.class);
  private Pending current;

  /**
   * Wires {@code client} to {@code transport} and {@code clock}.
   *
   * @param transport the client node's transport; the host registers itself on it
   * @param clock runs the retry timers
   * @param client the client core to drive
   */
  public ClientHost(Transport transport, Clock clock, Client client) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = Objects.requireNonNull(client, "client");
    transport.register(
        (from, message) -> {
          synchronized (this) {
            perform(client.onMessage(from, message));
          }
        });
  }

  /**
   * Queues an ordered operation; {@code onResult} gets its result once f + 1 replicas agree.
   *
   * @param operation the operation to order
   * @param onResult receives the agreed result, on the host's event thread
   */
  public synchronized void submit(Bytes operation, Consumer<Bytes> onResult) {
    queue.add(new Pending(operation, false, onResult));
    next();
  }

  /**
   * Queues a read-only operation answered from the replicas' local databases.
   *
   * @param operation the read-only operation
   * @param onResult receives the agreed result, on the host's event thread
   */
  public synchronized void submitReadOnly(Bytes operation, Consumer<Bytes> onResult) {
    queue.add(new Pending(operation, true, onResult));
    next();
  }

  /**
   * The client this host drives.
   *
   * @return the client core
   */
  public Client client() {
    return client;
  }

  /**
   * Operations submitted and not yet completed, the current one included.
   *
   * @return the count of queued and running operations
   */
  public synchronized int pending() {
    return queue.size() + (current == null ? 0 : 1);
  }

  private void next() {
    if (current != null || queue.isEmpty()) {
      return;
    }
    current = queue.poll();
    perform(
        current.readOnly()
            ? client.invokeReadOnly(current.operation())
            : client.invoke(current.operation()));
  }

  private void perform(List<Action> actions) {
    for (Action a : actions) {
      if (a instanceof Action.Send s) {
        transport.send(s.to(), s.message());
      } else if (a instanceof Action.SetTimer t) {
        arm(t);
      } else if (a instanceof Action.Completed c) {
        Pending done = current;
        current = null;
        if (done != null) {
          done.onResult().accept(c.result());
        }
        next();
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
                perform(client.onTimer(t.kind(), t.token()));
              }
            }));
  }
}
