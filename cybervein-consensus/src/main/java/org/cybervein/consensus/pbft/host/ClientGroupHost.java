package org.cybervein.consensus.pbft.host;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.cybervein.api.Bytes;
import org.cybervein.api.net.Transport;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;
import org.cybervein.consensus.pbft.Action;
import org.cybervein.consensus.pbft.ClientGroup;

/**
 * Drives a {@link ClientGroup} over one {@link Transport} and {@link Clock}: each client of the
 * group has at most one operation outstanding, so a group of N clients keeps up to N requests in
 * flight from one process. Calls into the group are serialized on this host.
 */
public final class ClientGroupHost {
  private final Transport transport;
  private final Clock clock;
  private final ClientGroup group;
  private final Timer[] timers;
  // One slot per client: the callback of its outstanding operation, or null when idle.
  private final List<Consumer<Bytes>> waiting;

  /**
   * Wires {@code group} to {@code transport} and {@code clock}; the host registers itself on the
   * transport.
   *
   * @param transport the transport of the group's address
   * @param clock runs the clients' retry timers
   * @param group the clients to drive
   */
  public ClientGroupHost(Transport transport, Clock clock, ClientGroup group) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.group = Objects.requireNonNull(group, "group");
    this.timers = new Timer[group.size()];
    this.waiting = new ArrayList<>(Collections.nCopies(group.size(), null));
    transport.register(
        (from, message) -> {
          synchronized (this) {
            group.onMessage(from, message).ifPresent(d -> perform(d.client(), d.actions()));
          }
        });
  }

  /**
   * The number of clients, hence the most operations outstanding at once.
   *
   * @return the group's size
   */
  public int size() {
    return group.size();
  }

  /**
   * Sends an ordered operation from client {@code client}; {@code onResult} gets its result once f
   * + 1 replicas agree.
   *
   * @param client the index of an idle client of the group
   * @param operation the operation to order
   * @param onResult receives the agreed result, on the host's event thread, under its lock (it may
   *     submit the client's next operation)
   * @throws IllegalStateException if that client has an operation outstanding
   * @throws IndexOutOfBoundsException if there is no such client
   */
  public synchronized void submit(int client, Bytes operation, Consumer<Bytes> onResult) {
    Objects.requireNonNull(onResult, "onResult");
    if (waiting.get(client) != null) {
      throw new IllegalStateException("client " + client + " has an operation outstanding");
    }
    waiting.set(client, onResult);
    perform(client, group.client(client).invoke(operation));
  }

  /**
   * Operations submitted and not yet completed.
   *
   * @return the count of outstanding operations
   */
  public synchronized int outstanding() {
    int n = 0;
    for (Consumer<Bytes> w : waiting) {
      n += w == null ? 0 : 1;
    }
    return n;
  }

  private void perform(int client, List<Action> actions) {
    for (Action a : actions) {
      if (a instanceof Action.Send s) {
        transport.send(s.to(), s.message());
      } else if (a instanceof Action.SetTimer t) {
        arm(client, t);
      } else if (a instanceof Action.Completed c) {
        Consumer<Bytes> done = waiting.set(client, null);
        if (timers[client] != null) {
          timers[client].cancel();
          timers[client] = null;
        }
        if (done != null) {
          done.accept(c.result());
        }
      }
    }
  }

  private void arm(int client, Action.SetTimer t) {
    if (timers[client] != null) {
      timers[client].cancel();
    }
    timers[client] =
        clock.schedule(
            t.delay(),
            () -> {
              synchronized (this) {
                perform(client, group.client(client).onTimer(t.kind(), t.token()));
              }
            });
  }
}
