package org.cybervein.ledger.poc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.cybervein.api.net.Transport;
import org.cybervein.api.time.Clock;

/**
 * Runs a {@link PocNode} over a {@link Transport} and a {@link Clock}: delivers messages and timers
 * to the core on the thread that calls it (the transport's, or the simulation's), and performs the
 * actions the core returns. Observers see every action.
 */
public final class PocHost {
  private final PocNode node;
  private final Transport transport;
  private final Clock clock;
  private final List<Consumer<PocAction>> listeners = new ArrayList<>();

  /**
   * Registers the node's handler on the transport.
   *
   * @param node the node core to drive
   * @param transport the node's transport
   * @param clock runs the node's timers
   */
  public PocHost(PocNode node, Transport transport, Clock clock) {
    this.node = Objects.requireNonNull(node, "node");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    transport.register((from, message) -> perform(node.onMessage(from, message, now())));
  }

  /**
   * The node.
   *
   * @return the node core
   */
  public PocNode node() {
    return node;
  }

  /**
   * Adds an observer of the node's actions.
   *
   * @param listener called with each action the node emits
   */
  public void addListener(Consumer<PocAction> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Starts the node's first round. */
  public void start() {
    perform(node.onStart(now()));
  }

  private long now() {
    return clock.now().toEpochMilli();
  }

  private void perform(List<PocAction> actions) {
    for (PocAction a : actions) {
      if (a instanceof PocAction.Send s) {
        transport.send(s.to(), s.message());
      } else if (a instanceof PocAction.SetTimer t) {
        clock.schedule(t.delay(), () -> perform(node.onTimer(t.token(), now())));
      }
      for (Consumer<PocAction> l : listeners) {
        l.accept(a);
      }
    }
  }
}
