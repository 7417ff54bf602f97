package org.cybervein.examples.greetings;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.NodeContext;
import org.cybervein.api.time.SystemClock;
import org.cybervein.crypto.random.SecureRandomSource;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.examples.tcp.TcpTransport;

/**
 * The same {@link GreetingNode} cores as {@link GreetingsDemo}, unchanged, on real loopback TCP
 * sockets and wall-clock timers instead of the simulated network. Each node runs on its own clock
 * thread; nothing but the injected effects differs.
 */
public final class GreetingsOverTcp {
  private GreetingsOverTcp() {}

  /**
   * Runs the greetings over loopback TCP and returns each node's report once every greeting is
   * acknowledged, or what was reached when {@code timeout} ran out.
   */
  public static List<NodeReport> run(long seed, Duration timeout, PrintStream out)
      throws IOException, InterruptedException {
    DeterministicRandom keys = DeterministicRandom.fromSeed(seed);
    Roster roster = Roster.generate(GreetingsDemo.NODES, keys);
    SortedMap<NodeId, Ed25519PrivateKey> privateKeys = roster.privateKeys();
    SortedMap<NodeId, PublicKey> directory = roster.directory();
    out.printf("%d nodes on loopback sockets, wall-clock timers%n", GreetingsDemo.NODES);

    Map<NodeId, InetSocketAddress> addressBook = new ConcurrentHashMap<>();
    Map<NodeId, SystemClock> clocks = new TreeMap<>();
    Map<NodeId, TcpTransport> transports = new TreeMap<>();
    Map<NodeId, GreetingNode> nodes = new TreeMap<>();
    try {
      for (NodeId id : directory.keySet()) {
        SystemClock clock = new SystemClock();
        clocks.put(id, clock);
        TcpTransport transport = TcpTransport.listenOnLoopback(id, addressBook, clock);
        transports.put(id, transport);
        addressBook.put(id, transport.address());
        NodeContext context = new NodeContext(id, 1, transport, clock, new SecureRandomSource());
        nodes.put(id, new GreetingNode(context, privateKeys.get(id), directory, line -> {}));
      }
      // Every call into a core happens on that node's clock thread, as its deliveries do.
      nodes.forEach((id, node) -> clocks.get(id).schedule(Duration.ZERO, node::start));

      Instant deadline = Instant.now().plus(timeout);
      List<NodeReport> reports = reports(nodes, clocks);
      while (!allGreeted(reports) && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
        reports = reports(nodes, clocks);
      }
      for (NodeReport r : reports) {
        out.printf(
            "   %-8s verified %d, acknowledged by %d, rejected %d%n",
            r.node(), r.greetingsVerified(), r.acknowledgements(), r.rejected());
      }
      out.println(
          allGreeted(reports)
              ? "   every greeting verified and acknowledged over real sockets"
              : "   NOT every greeting completed before the timeout");
      return reports;
    } finally {
      transports.values().forEach(TcpTransport::close);
      clocks.values().forEach(SystemClock::close);
    }
  }

  /** True if every node verified every peer's greeting and got every acknowledgement. */
  public static boolean allGreeted(List<NodeReport> reports) {
    return reports.stream()
        .allMatch(
            r ->
                r.greetingsVerified() == GreetingsDemo.NODES - 1
                    && r.acknowledgements() == GreetingsDemo.NODES - 1);
  }

  private static List<NodeReport> reports(
      Map<NodeId, GreetingNode> nodes, Map<NodeId, SystemClock> clocks)
      throws InterruptedException {
    List<NodeReport> reports = new ArrayList<>();
    for (Map.Entry<NodeId, GreetingNode> e : nodes.entrySet()) {
      CompletableFuture<NodeReport> report = new CompletableFuture<>();
      clocks.get(e.getKey()).schedule(Duration.ZERO, () -> report.complete(e.getValue().report()));
      try {
        reports.add(report.get(5, TimeUnit.SECONDS));
      } catch (ExecutionException | TimeoutException ex) {
        throw new IllegalStateException("node " + e.getKey() + " did not answer", ex);
      }
    }
    return reports;
  }
}
