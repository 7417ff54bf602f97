package org.cybervein.node;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.time.SystemClock;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.crypto.random.SecureRandomSource;
import org.cybervein.fl.data.CsvDatasets;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.vertical.CipherSuite;
import org.cybervein.fl.vertical.Coordinator;
import org.cybervein.fl.vertical.GuestParty;
import org.cybervein.fl.vertical.HostParty;
import org.cybervein.fl.vertical.PaillierCipherSuite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Roles {@code fl-host} (party A), {@code fl-guest} (party B) and {@code fl-coordinator} (C) of the
 * vertical training, each in its own process over the cluster's links, wired as {@link
 * org.cybervein.fl.vertical.SimulatedVerticalTraining} wires them on the simulated network. The
 * parties' CSVs must already be aligned (same ids in the same order: the output of Part I's private
 * alignment); C starts the session once it has live links to A and B, and each party prints its
 * share of the model when the session ends.
 */
final class FlPartyRole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlPartyRole.class);
  private static final long START_TIMEOUT_MILLIS = 60_000;

  private final Role role;
  private final Links links;
  private final SystemClock clock = new SystemClock();
  private final Optional<HostParty> host;
  private final Optional<GuestParty> guest;
  private final Optional<Coordinator> coordinator;
  private final NodeId hostId;
  private final NodeId guestId;

  private FlPartyRole(NodeConfig node, Links links) throws IOException {
    ClusterDescription cluster = node.cluster();
    this.role = node.self().role();
    this.links = links;
    this.hostId = only(cluster, Role.FL_HOST);
    this.guestId = only(cluster, Role.FL_GUEST);
    NodeId coordinatorId = only(cluster, Role.FL_COORDINATOR);
    ClusterDescription.FlGenesis g = cluster.fl();
    Hyperparameters hyper =
        new Hyperparameters(
            g.model().equals("linear") ? ModelKind.LINEAR : ModelKind.LOGISTIC_TAYLOR,
            g.learningRate(),
            g.l2(),
            g.batchSize(),
            g.maxEpochs(),
            g.tolerance());
    CipherSuite suite = suite(g.paillierBits());
    Transport transport = links.core();
    SecureRandomSource random = new SecureRandomSource();
    switch (role) {
      case FL_HOST -> {
        HostParty a =
            new HostParty(
                transport,
                guestId,
                coordinatorId,
                dataset(node),
                hyper,
                suite,
                random,
                Runnable::run);
        this.host = Optional.of(a);
        this.guest = Optional.empty();
        this.coordinator = Optional.empty();
        transport.register(
            (from, message) -> {
              synchronized (a) {
                a.onMessage(from, message);
              }
            });
      }
      case FL_GUEST -> {
        GuestParty b =
            new GuestParty(
                transport,
                hostId,
                coordinatorId,
                dataset(node),
                hyper,
                suite,
                random,
                Runnable::run,
                clock,
                progress -> LOG.info("epoch {}", progress));
        this.host = Optional.empty();
        this.guest = Optional.of(b);
        this.coordinator = Optional.empty();
        transport.register(
            (from, message) -> {
              synchronized (b) {
                b.onMessage(from, message);
              }
            });
      }
      case FL_COORDINATOR -> {
        Coordinator c = new Coordinator(transport, hostId, guestId, suite, random, Runnable::run);
        this.host = Optional.empty();
        this.guest = Optional.empty();
        this.coordinator = Optional.of(c);
        transport.register(
            (from, message) -> {
              synchronized (c) {
                c.onMessage(from, message);
              }
            });
      }
      default -> throw new IllegalArgumentException(role + " is no FL role");
    }
  }

  static FlPartyRole start(NodeConfig node, Links links) throws IOException {
    return new FlPartyRole(node, links);
  }

  /** The Paillier suite of the genesis; a modulus below 2048 bits only as tests ask for it. */
  static CipherSuite suite(int bits) {
    return bits == 2048
        ? PaillierCipherSuite.of(PaillierKeySize.BITS_2048)
        : bits == 3072
            ? PaillierCipherSuite.of(PaillierKeySize.BITS_3072)
            : PaillierCipherSuite.insecureForTesting(bits);
  }

  private static NodeId only(ClusterDescription cluster, Role role) {
    var members = cluster.withRole(role);
    if (members.size() != 1) {
      throw new IllegalArgumentException(
          "vertical training needs exactly one " + role.configName() + ", got " + members.size());
    }
    return members.get(0).id();
  }

  private static PartyDataset dataset(NodeConfig node) throws IOException {
    java.nio.file.Path csv =
        node.dataset()
            .orElseThrow(() -> new IllegalArgumentException("an FL party needs node.dataset"));
    try {
      return CsvDatasets.read(csv, node.label());
    } catch (org.cybervein.fl.data.InvalidDatasetException e) {
      throw new IOException(csv + ": " + e.getMessage(), e);
    }
  }

  private boolean finished() {
    if (host.isPresent()) {
      synchronized (host.get()) {
        return host.get().isFinished() || host.get().divergence().isPresent();
      }
    }
    if (guest.isPresent()) {
      synchronized (guest.get()) {
        return guest.get().isFinished() || guest.get().divergence().isPresent();
      }
    }
    synchronized (coordinator.orElseThrow()) {
      return coordinator.get().isFinished();
    }
  }

  JsonObject status() {
    JsonObject o = new JsonObject();
    o.addProperty("finished", finished());
    return o;
  }

  /**
   * C: waits for live links to A and B, then starts. Every party: waits until the session ends and
   * prints its share of the model as one JSON line; true if training finished without divergence.
   */
  boolean awaitFinished(PrintStream out) throws InterruptedException {
    if (coordinator.isPresent()) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
      while (!(live(hostId) && live(guestId))) {
        if (System.nanoTime() > deadline) {
          out.println("no live links to A and B within " + START_TIMEOUT_MILLIS + " ms");
          return false;
        }
        Thread.sleep(50);
      }
      LOG.info("links to A and B are live: starting the session");
      synchronized (coordinator.get()) {
        coordinator.get().start();
      }
    }
    while (!finished()) {
      Thread.sleep(20);
    }
    JsonObject result = new JsonObject();
    result.addProperty("party", role.configName());
    boolean ok = true;
    if (host.isPresent()) {
      synchronized (host.get()) {
        result.add("weights", array(host.get().weights()));
        ok = host.get().divergence().isEmpty();
      }
    } else if (guest.isPresent()) {
      synchronized (guest.get()) {
        GuestParty b = guest.get();
        result.add("weights", array(b.weights()));
        result.addProperty("intercept", b.intercept());
        result.addProperty("epochs", b.epochsRun());
        result.addProperty("converged", b.converged());
        ok = b.divergence().isEmpty();
      }
    }
    result.addProperty("ok", ok);
    out.println("model " + result);
    out.flush();
    // The last messages of the session may still be on their way to the other parties.
    Thread.sleep(1000);
    return ok;
  }

  private boolean live(NodeId peer) {
    Links.PeerStats s = links.stats().get(peer);
    return s != null && s.live(System.nanoTime());
  }

  private static JsonArray array(double[] values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }

  @Override
  public void close() {
    clock.close();
  }
}
