package org.cybervein.fl.vertical;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.sim.LinkConditions;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.SystemClock;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.TrainingDivergedException;
import org.cybervein.fl.model.TrainingListener;

/**
 * Runs one vertical training session with A, B and C as nodes of a {@link SimulatedNetwork}, as a
 * host would wire them: each factory builds the party's core on the node's transport and random
 * stream and registers its handler. For tests, demos and benchmarks; a deployment wires the same
 * three cores to its own transport.
 */
public final class SimulatedVerticalTraining {
  /** Party A's node id when there is one host; hosts of a multi-host run are A1, A2, ... */
  public static final NodeId HOST = new NodeId("A");

  /** Party B's node id. */
  public static final NodeId GUEST = new NodeId("B");

  /** Coordinator C's node id. */
  public static final NodeId COORDINATOR = new NodeId("C");

  /** Sees every message a party receives, before the party does. */
  @FunctionalInterface
  public interface Tap {
    /**
     * One delivered message.
     *
     * @param to the receiving party
     * @param from the sender
     * @param message the message bytes
     */
    void received(NodeId to, NodeId from, Bytes message);
  }

  private final long seed;
  private final List<PartyDataset> hostData;
  private final List<NodeId> hostIds;
  private final PartyDataset guestData;
  private final Hyperparameters hyperparameters;
  private final CipherSuite suite;
  private Executor executor = Runnable::run;
  private TrainingListener listener = TrainingListener.NONE;
  private Optional<Clock> clock = Optional.empty();
  private Tap tap = (to, from, message) -> {};
  private LinkConditions link = LinkConditions.DEFAULT;
  private final Map<Integer, PartyRows> hostRows = new TreeMap<>();
  private Optional<GuestRows> guestRows = Optional.empty();

  private SimulatedNetwork network;
  private final List<HostParty> hosts = new ArrayList<>();
  private GuestParty guest;
  private Coordinator coordinator;

  /**
   * A session over aligned datasets.
   *
   * @param seed the network's seed; every party's randomness derives from it
   * @param hostData A's aligned rows
   * @param guestData B's aligned rows with labels
   * @param hyperparameters the training settings of both parties
   * @param suite the cipher
   */
  public SimulatedVerticalTraining(
      long seed,
      PartyDataset hostData,
      PartyDataset guestData,
      Hyperparameters hyperparameters,
      CipherSuite suite) {
    this(seed, List.of(hostData), guestData, hyperparameters, suite);
  }

  /**
   * A session with several hosts A1..Ak and one guest B (FATE's multi-host vertical training). The
   * model's host weights are the hosts' weights one after the other, so {@link
   * VerticalModel#pooled()} applies to the rows of A1, ..., Ak and B side by side.
   *
   * @param seed the network's seed; every party's randomness derives from it
   * @param hostData each host's aligned rows, at least one
   * @param guestData B's aligned rows with labels
   * @param hyperparameters the training settings of every party
   * @param suite the cipher
   * @throws IllegalArgumentException if there is no host or the datasets are not aligned
   */
  public SimulatedVerticalTraining(
      long seed,
      List<PartyDataset> hostData,
      PartyDataset guestData,
      Hyperparameters hyperparameters,
      CipherSuite suite) {
    this.seed = seed;
    this.hostData = List.copyOf(hostData);
    this.guestData = Objects.requireNonNull(guestData, "guestData");
    this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
    this.suite = Objects.requireNonNull(suite, "suite");
    if (this.hostData.isEmpty()) {
      throw new IllegalArgumentException("need at least one host");
    }
    for (PartyDataset h : this.hostData) {
      if (!h.ids().equals(guestData.ids())) {
        throw new IllegalArgumentException("datasets must be aligned: same ids in the same order");
      }
    }
    List<NodeId> ids = new ArrayList<>();
    for (int t = 0; t < this.hostData.size(); t++) {
      ids.add(this.hostData.size() == 1 ? HOST : new NodeId("A" + (t + 1)));
    }
    this.hostIds = List.copyOf(ids);
  }

  /**
   * Runs ciphertext work of all three parties on this executor; default: the calling thread.
   *
   * @param e the executor
   * @return this runner
   */
  public SimulatedVerticalTraining executor(Executor e) {
    this.executor = Objects.requireNonNull(e, "executor");
    return this;
  }

  /**
   * Tells this listener of every epoch; default: none.
   *
   * @param l the listener
   * @return this runner
   */
  public SimulatedVerticalTraining listener(TrainingListener l) {
    this.listener = Objects.requireNonNull(l, "listener");
    return this;
  }

  /**
   * B's clock, for the elapsed times the listener hears and prediction timeouts; default: the
   * system's wall clock, so that elapsed times are real time even though the messages travel over a
   * simulated network. Pass the network's virtual clock for runs that must replay exactly.
   *
   * @param c the clock
   * @return this runner
   */
  public SimulatedVerticalTraining clock(Clock c) {
    this.clock = Optional.of(Objects.requireNonNull(c, "clock"));
    return this;
  }

  /**
   * The conditions of every link; default {@link LinkConditions#DEFAULT} (reliable, 1 ms). The
   * parties tolerate duplicated and reordered messages; they do not retransmit, so a lost message
   * stalls the session and {@link #run()} fails.
   *
   * @param conditions the link conditions
   * @return this runner
   */
  public SimulatedVerticalTraining link(LinkConditions conditions) {
    this.link = Objects.requireNonNull(conditions, "conditions");
    return this;
  }

  /**
   * The first host's (A's, or A1's with several hosts) per-row work on these rows: {@code
   * hostRows(0, rows)}.
   *
   * @param rows the first host's rows
   * @return this runner
   * @throws IllegalArgumentException if the row or feature count differs from the first host's
   *     {@code hostData}
   */
  public SimulatedVerticalTraining hostRows(PartyRows rows) {
    return hostRows(0, rows);
  }

  /**
   * One host's per-row work on these rows instead of its {@code hostData} in memory, e.g. rows in a
   * Spark cluster; default for every host: {@link PartyRows#inMemory} of its {@code hostData}. Any
   * host may have its rows elsewhere, each independently of the others. They must be the same rows
   * in the same order: {@code hostData} still supplies the ids the parties align on.
   *
   * @param host the host's position in {@code hostData}, from 0 (A1 is 0)
   * @param rows the host's rows
   * @return this runner
   * @throws IllegalArgumentException if there is no such host or the row or feature count differs
   *     from its {@code hostData}
   */
  public SimulatedVerticalTraining hostRows(int host, PartyRows rows) {
    if (host < 0 || host >= hostData.size()) {
      throw new IllegalArgumentException("no host " + host + " of " + hostData.size());
    }
    PartyDataset data = hostData.get(host);
    requireShape("host " + host, rows, data);
    this.hostRows.put(host, rows);
    return this;
  }

  /**
   * B's per-row work on these rows and labels instead of its {@code guestData} in memory, e.g. rows
   * in a Spark cluster; default: {@link GuestRows#inMemory} of {@code guestData}. They must be the
   * same rows and labels in the same order: {@code guestData} still supplies the ids.
   *
   * @param rows B's rows with labels
   * @return this runner
   * @throws IllegalArgumentException if the row or feature count differs from {@code guestData}
   */
  public SimulatedVerticalTraining guestRows(GuestRows rows) {
    requireShape("guest", rows, guestData);
    this.guestRows = Optional.of(rows);
    return this;
  }

  private static void requireShape(String who, PartyRows rows, PartyDataset data) {
    if (rows.rowCount() != data.rowCount() || rows.featureCount() != data.featureCount()) {
      throw new IllegalArgumentException(
          who
              + " rows "
              + rows.rowCount()
              + " x "
              + rows.featureCount()
              + ", data "
              + data.rowCount()
              + " x "
              + data.featureCount());
    }
  }

  /**
   * Records what each party receives; default: nothing.
   *
   * @param t the tap
   * @return this runner
   */
  public SimulatedVerticalTraining tap(Tap t) {
    this.tap = Objects.requireNonNull(t, "tap");
    return this;
  }

  /**
   * Trains to convergence or the epoch limit.
   *
   * @return the model as the parties hold it
   * @throws TrainingDivergedException if training diverged (see {@link
   *     org.cybervein.fl.model.DivergenceGuard}); the message says where and what to try
   * @throws IllegalStateException if training did not finish (e.g. a party dropped a message)
   */
  public VerticalModel run() {
    Clock guestClock = clock.orElseGet(SystemClock::new);
    network = SimulatedNetwork.builder(seed).defaultLink(link).build();
    hosts.clear();
    for (int t = 0; t < hostIds.size(); t++) {
      NodeId id = hostIds.get(t);
      PartyRows rows =
          hostRows.containsKey(t) ? hostRows.get(t) : PartyRows.inMemory(hostData.get(t));
      network.addNode(
          id,
          ctx -> {
            HostParty party =
                new HostParty(
                    ctx.transport(),
                    GUEST,
                    COORDINATOR,
                    rows,
                    hyperparameters,
                    suite,
                    ctx.random(),
                    executor);
            hosts.add(party);
            ctx.transport()
                .register(
                    (from, message) -> {
                      tap.received(id, from, message);
                      party.onMessage(from, message);
                    });
          });
    }
    network.addNode(
        GUEST,
        ctx -> {
          guest =
              new GuestParty(
                  ctx.transport(),
                  hostIds,
                  COORDINATOR,
                  guestRows.orElseGet(() -> GuestRows.inMemory(guestData)),
                  hyperparameters,
                  suite,
                  ctx.random(),
                  executor,
                  guestClock,
                  listener);
          ctx.transport()
              .register(
                  (from, message) -> {
                    tap.received(GUEST, from, message);
                    guest.onMessage(from, message);
                  });
        });
    network.addNode(
        COORDINATOR,
        ctx -> {
          coordinator =
              new Coordinator(ctx.transport(), hostIds, GUEST, suite, ctx.random(), executor);
          ctx.transport()
              .register(
                  (from, message) -> {
                    tap.received(COORDINATOR, from, message);
                    coordinator.onMessage(from, message);
                  });
        });
    coordinator.start();
    boolean done =
        network.runUntil(
            () ->
                hosts.stream().allMatch(HostParty::isFinished)
                    && guest.isFinished()
                    && coordinator.isFinished(),
            Duration.ofDays(365));
    Optional<TrainingDivergedException> diverged = guest.divergence();
    for (HostParty h : hosts) {
      diverged = diverged.or(h::divergence);
    }
    if (diverged.isPresent()) {
      throw diverged.get();
    }
    if (!done) {
      StringBuilder dropped = new StringBuilder();
      for (HostParty h : hosts) {
        dropped.append(h.droppedMessages()).append('/');
      }
      throw new IllegalStateException(
          "training did not finish; dropped messages A/B/C: "
              + dropped
              + guest.droppedMessages()
              + "/"
              + coordinator.droppedMessages());
    }
    int hostFeatures = 0;
    for (HostParty h : hosts) {
      hostFeatures += h.weights().length;
    }
    double[] hostWeights = new double[hostFeatures];
    int at = 0;
    for (HostParty h : hosts) {
      double[] wh = h.weights();
      System.arraycopy(wh, 0, hostWeights, at, wh.length);
      at += wh.length;
    }
    return new VerticalModel(
        hyperparameters.kind(),
        hostWeights,
        guest.weights(),
        guest.intercept(),
        guest.epochsRun(),
        guest.converged());
  }

  /**
   * The network of the last {@link #run()}, e.g. to run the prediction protocol on it.
   *
   * @return the network
   */
  public SimulatedNetwork network() {
    requireRun();
    return network;
  }

  /**
   * Party A of the last run (the first host of a multi-host run).
   *
   * @return party A
   */
  public HostParty host() {
    requireRun();
    return hosts.get(0);
  }

  /**
   * Every host of the last run, in the order of their datasets.
   *
   * @return the hosts A1..Ak
   */
  public List<HostParty> hosts() {
    requireRun();
    return List.copyOf(hosts);
  }

  /**
   * The hosts' node ids: {@link #HOST} for a single host, A1, A2, ... for several.
   *
   * @return the hosts' ids in the order of their datasets
   */
  public List<NodeId> hostIds() {
    return hostIds;
  }

  /**
   * Party B of the last run.
   *
   * @return party B
   */
  public GuestParty guest() {
    requireRun();
    return guest;
  }

  /**
   * Coordinator C of the last run.
   *
   * @return coordinator C
   */
  public Coordinator coordinator() {
    requireRun();
    return coordinator;
  }

  private void requireRun() {
    if (network == null) {
      throw new IllegalStateException("run() first");
    }
  }
}
