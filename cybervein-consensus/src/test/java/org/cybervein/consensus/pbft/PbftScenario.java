package org.cybervein.consensus.pbft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.LatencyDistribution;
import org.cybervein.api.sim.LinkConditions;
import org.cybervein.api.sim.NodeContext;
import org.cybervein.api.sim.NodeFactory;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.consensus.pbft.host.ClientHost;
import org.cybervein.consensus.pbft.host.PbftNodes;
import org.cybervein.consensus.pbft.host.ReplicaHost;
import org.cybervein.consensus.pbft.keyvalue.DbCodec;
import org.cybervein.consensus.pbft.keyvalue.DbOperation;
import org.cybervein.consensus.pbft.keyvalue.KeyValueDatabase;

/**
 * One seeded run of a PBFT group on the {@link SimulatedNetwork}, in the manner of Apache Kafka's
 * RaftEventSimulationTest: a lossy, duplicating, reordering network; partitions that heal; honest
 * replicas that crash and restart from their durable store; up to f Byzantine replicas; the {@link
 * SafetyMonitor} invariants and monotonic views checked after every event. After the chaos the
 * network heals, every crashed replica restarts, and every request submitted must complete.
 *
 * <p>Everything is decided by the seed: keys, faults, Byzantine roles, the network's random. A
 * failure names the seed and the scenario, and {@code -Dpbft.seed=N} replays it.
 */
final class PbftScenario {
  private static final Bytes NAMESPACE = Bytes.utf8("db");
  private static final boolean TRACE = Boolean.getBoolean("pbft.trace");

  /**
   * What a run may contain.
   *
   * @param replicas |R|
   * @param authMode how normal-case messages are authenticated
   * @param behaviours the Byzantine behaviours to draw from; empty for none
   * @param maxByzantine at most this many Byzantine replicas (capped at f)
   * @param crashes whether honest replicas crash and restart
   * @param partitions whether the network partitions
   * @param clients how many clients
   * @param operationsPerClient requests each client submits
   * @param chaos how long faults are injected, in virtual time
   * @param stores the store of each honest replica (durable across its restarts) and of each
   *     incarnation's database
   * @param squatAddresses whether forging replicas also use real clients' addresses
   * @param tuning the configuration tuning
   * @param beyondFaultBound exactly {@code maxByzantine} Byzantine replicas, more than f allowed;
   *     then safety and liveness may be lost (recorded in the outcome, not failed), and the one
   *     invariant is that no exception escapes any core
   */
  record Settings(
      int replicas,
      AuthMode authMode,
      List<Byzantine> behaviours,
      int maxByzantine,
      boolean crashes,
      boolean partitions,
      int clients,
      int operationsPerClient,
      Duration chaos,
      Supplier<KeyValueStore> stores,
      boolean squatAddresses,
      UnaryOperator<ReplicaConfig> tuning,
      boolean beyondFaultBound) {
    Settings {
      behaviours = List.copyOf(behaviours);
    }

    /**
     * The default tuning: small checkpoint interval and window, so checkpoints and state transfer
     * happen in short runs; timeouts that keep retransmission traffic moderate.
     */
    static ReplicaConfig defaultTuning(ReplicaConfig c) {
      return c.withCheckpoints(4, 16)
          .withBatching(8, 1 << 20)
          .withTimeouts(Duration.ofMillis(400), Duration.ofMillis(200), Duration.ofMillis(300))
          .withMaxUploadBytesPerReplica(256 << 10);
    }

    /** The same settings with another configuration tuning, workload and chaos length. */
    Settings with(UnaryOperator<ReplicaConfig> newTuning, int perClient, Duration chaosLength) {
      return new Settings(
          replicas,
          authMode,
          behaviours,
          maxByzantine,
          crashes,
          partitions,
          clients,
          perClient,
          chaosLength,
          stores,
          squatAddresses,
          newTuning,
          beyondFaultBound);
    }

    static Settings of(int replicas, AuthMode mode) {
      return new Settings(
          replicas,
          mode,
          List.of(),
          0,
          true,
          true,
          2,
          4,
          Duration.ofSeconds(2),
          InMemoryKeyValueStore::new,
          false,
          Settings::defaultTuning,
          false);
    }

    Settings withByzantine(int max, Byzantine... allowed) {
      return new Settings(
          replicas,
          authMode,
          List.of(allowed),
          max,
          crashes,
          partitions,
          clients,
          operationsPerClient,
          chaos,
          stores,
          squatAddresses,
          tuning,
          beyondFaultBound);
    }

    Settings withWorkload(int clientCount, int perClient) {
      return new Settings(
          replicas,
          authMode,
          behaviours,
          maxByzantine,
          crashes,
          partitions,
          clientCount,
          perClient,
          chaos,
          stores,
          squatAddresses,
          tuning,
          beyondFaultBound);
    }

    /**
     * Exactly {@code count} Byzantine replicas, possibly more than f: see {@code beyondFaultBound}.
     */
    Settings beyondFaultBound(int count, Byzantine... allowed) {
      return new Settings(
          replicas,
          authMode,
          List.of(allowed),
          count,
          crashes,
          partitions,
          clients,
          operationsPerClient,
          chaos,
          stores,
          squatAddresses,
          tuning,
          true);
    }

    /** Forging replicas also make requests in a client's name under their own key. */
    Settings squattingAddresses() {
      return new Settings(
          replicas,
          authMode,
          behaviours,
          maxByzantine,
          crashes,
          partitions,
          clients,
          operationsPerClient,
          chaos,
          stores,
          true,
          tuning,
          beyondFaultBound);
    }

    Settings withStores(Supplier<KeyValueStore> storeFactory) {
      return new Settings(
          replicas,
          authMode,
          behaviours,
          maxByzantine,
          crashes,
          partitions,
          clients,
          operationsPerClient,
          chaos,
          storeFactory,
          squatAddresses,
          tuning,
          beyondFaultBound);
    }
  }

  /** What a successful run observed, for the test's summary line. */
  record Outcome(
      long executions,
      long contractEntries,
      long virtualMillis,
      long events,
      List<String> safetyLost,
      boolean liveAfterHealing) {}

  private final long seed;
  private final Settings settings;
  private final SplittableRandom random;
  private final SimulatedNetwork network;
  private final ReplicaConfig config;
  private final SafetyMonitor monitor = new SafetyMonitor();
  private final InMemoryLogContract contract;
  private final List<NodeKeys> replicaKeys = new ArrayList<>();
  private final List<NodeKeys> clientKeys = new ArrayList<>();
  private final List<PeerIdentity> clientIdentities = new ArrayList<>();
  private final Map<Integer, Byzantine> byzantine = new TreeMap<>();
  private final ReplicaHost[] hosts;
  private final long[] lastView;
  private final int[] viewIncarnation;
  private final ClientHost[] clientHosts;
  private final int[] completed;
  private final List<String> script = new ArrayList<>();
  private final List<KeyValueStore> opened = new ArrayList<>();
  private final List<org.cybervein.consensus.pbft.OperationLog> uncheckedUploads =
      new ArrayList<>();
  private long maxHonestView;
  private boolean reportedConflict;

  private PbftScenario(long seed, Settings settings) {
    this.seed = seed;
    this.settings = settings;
    this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
    LinkConditions chaosLink =
        new LinkConditions(
            LatencyDistribution.uniform(
                Duration.ofMillis(1), Duration.ofMillis(1 + random.nextInt(20))),
            random.nextDouble() * 0.15,
            random.nextDouble() * 0.1,
            random.nextDouble() * 0.2,
            Duration.ofMillis(random.nextInt(40)));
    this.network =
        SimulatedNetwork.builder(seed)
            .defaultLink(chaosLink)
            .traceCapacity(0)
            .maxEventsPerRun(3_000_000)
            .build();
    script.add("link " + chaosLink);
    DeterministicRandom keyRandom = DeterministicRandom.fromSeed(seed);
    List<PeerIdentity> identities = new ArrayList<>();
    for (int i = 0; i < settings.replicas(); i++) {
      NodeKeys k = NodeKeys.generate(keyRandom);
      replicaKeys.add(k);
      identities.add(k.identity(new NodeId("r" + i)));
    }
    for (int c = 0; c < settings.clients(); c++) {
      NodeKeys k = NodeKeys.generate(keyRandom);
      clientKeys.add(k);
      clientIdentities.add(k.identity(new NodeId("c" + c)));
    }
    this.config = settings.tuning().apply(ReplicaConfig.of(identities, settings.authMode()));
    this.contract = new InMemoryLogContract(config);
    this.hosts = new ReplicaHost[settings.replicas()];
    this.lastView = new long[settings.replicas()];
    this.viewIncarnation = new int[settings.replicas()];
    this.clientHosts = new ClientHost[settings.clients()];
    this.completed = new int[settings.clients()];
    int f = config.f();
    int count =
        settings.behaviours().isEmpty()
            ? 0
            : settings.beyondFaultBound()
                ? settings.maxByzantine()
                : random.nextInt(Math.min(f, settings.maxByzantine()) + 1);
    while (byzantine.size() < count) {
      int who = random.nextInt(settings.replicas());
      byzantine.putIfAbsent(
          who, settings.behaviours().get(random.nextInt(settings.behaviours().size())));
    }
    script.add("byzantine " + byzantine);
    if (settings.beyondFaultBound()) {
      monitor.recordOnly();
    }
    byzantine
        .keySet()
        .forEach(i -> monitor.byzantineKey(replicaKeys.get(i).signingKey().publicKey()));
  }

  /**
   * Runs the scenario of {@code seed}.
   *
   * @throws AssertionError naming the seed if an invariant breaks or a request never completes
   */
  static Outcome run(long seed, Settings settings) {
    PbftScenario s = new PbftScenario(seed, settings);
    try {
      return s.execute();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "PBFT simulation failed: seed "
              + seed
              + " (replay with -Dpbft.seed="
              + seed
              + "), n = "
              + settings.replicas()
              + ", "
              + settings.authMode()
              + ", virtual time "
              + s.network.now()
              + ", script "
              + s.script
              + ": "
              + e.getMessage(),
          e);
    } finally {
      s.opened.forEach(KeyValueStore::close);
    }
  }

  private KeyValueStore newStore() {
    KeyValueStore store = settings.stores().get();
    opened.add(store);
    return store;
  }

  private Supplier<StateMachine> machines() {
    return () -> new KeyValueDatabase(newStore(), NAMESPACE);
  }

  private Outcome execute() {
    contract.addListener(uncheckedUploads::add);
    network.addInvariant(this::checkInvariants);
    List<NodeId> everyone = new ArrayList<>();
    for (int i = 0; i < settings.replicas(); i++) {
      everyone.add(config.node(i));
    }
    clientIdentities.forEach(c -> everyone.add(c.node()));
    for (int i = 0; i < settings.replicas(); i++) {
      network.addNode(config.node(i), replicaFactory(i, everyone));
    }
    for (int c = 0; c < settings.clients(); c++) {
      monitor.client(clientIdentities.get(c).node(), clientIdentities.get(c).signingKey());
    }
    for (int c = 0; c < settings.clients(); c++) {
      int client = c;
      network.addNode(
          clientIdentities.get(c).node(),
          PbftNodes.client(config, clientKeys.get(c), 1, host -> clientHosts[client] = host));
      submitWorkload(client);
    }
    scheduleChaos();
    network.runFor(settings.chaos());
    // The network heals and every honest replica comes back: now everything must complete.
    network.heal();
    network.setDefaultLink(
        LinkConditions.reliable(
            LatencyDistribution.uniform(Duration.ofMillis(1), Duration.ofMillis(5))));
    for (int i = 0; i < settings.replicas(); i++) {
      if (!network.isUp(config.node(i))) {
        network.restart(config.node(i));
      }
    }
    script.add("healed at " + network.now());
    boolean done =
        network.runUntil(
            this::allCompleted, Duration.ofSeconds(settings.beyondFaultBound() ? 10 : 120));
    if (!done && !settings.beyondFaultBound()) {
      StringBuilder state = new StringBuilder();
      for (int i = 0; i < settings.replicas(); i++) {
        if (hosts[i] != null) {
          Replica r = hosts[i].replica();
          state.append(
              String.format(
                  " r%d[view=%d, executed=%d, stable=%d, rejected=%s]",
                  i, r.view(), r.lastExecuted(), r.stableCheckpoint(), r.rejections()));
        }
      }
      throw new AssertionError(
          "liveness: after healing, requests never completed: completed "
              + java.util.Arrays.toString(completed)
              + " of "
              + settings.operationsPerClient()
              + " per client;"
              + state);
    }
    checkInvariants();
    if (!uncheckedUploads.isEmpty()) {
      monitor.violation(
          "the contract holds log "
              + uncheckedUploads.get(0).sequence()
              + " that no honest replica executed");
      monitor.check();
    }
    return new Outcome(
        monitor.executions(),
        contract.size(),
        java.time.Duration.between(java.time.Instant.EPOCH, network.now()).toMillis(),
        network.stats().eventsProcessed(),
        monitor.violations(),
        done);
  }

  private NodeFactory replicaFactory(int i, List<NodeId> everyone) {
    NodeKeys keys = replicaKeys.get(i);
    KeyValueStore durable = newStore();
    Byzantine role = byzantine.get(i);
    if (role == null) {
      return PbftNodes.replica(
          config,
          i,
          keys,
          machines(),
          contract,
          durable,
          host -> hosts[i] = host,
          e -> {
            if (TRACE) {
              System.out.printf(
                  "%s r%d executed n=%d view=%d ops=%s%n",
                  network.now(), i, e.sequence(), e.view(), e.operations().size());
            }
            monitor.executed("r" + i, e);
          });
    }
    if (role == Byzantine.TWINS) {
      List<NodeId> others = new ArrayList<>(everyone);
      others.remove(config.node(i));
      return new TwinsNode(
          config,
          i,
          keys,
          others,
          machines(),
          contract,
          durable,
          newStore(),
          Duration.ofMillis(200 + random.nextInt(600)),
          host -> {});
    }
    NodeFactory honestCore =
        PbftNodes.replica(config, i, keys, machines(), contract, durable, host -> {}, e -> {});
    return context ->
        honestCore.start(
            new NodeContext(
                context.nodeId(),
                context.incarnation(),
                new ByzantineTransport(
                    context.transport(), role, config, i, keys, context.random(), clientIdentities),
                context.clock(),
                context.random()));
  }

  private void submitWorkload(int client) {
    NodeId address = clientIdentities.get(client).node();
    ClientHost host = clientHosts[client];
    for (int k = 0; k < settings.operationsPerClient(); k++) {
      DbOperation op;
      boolean readOnly = false;
      Bytes key = Bytes.utf8(address.value() + "/k" + random.nextInt(3));
      Bytes value = Bytes.utf8(address.value() + "/v" + k);
      switch (random.nextInt(6)) {
        case 0 -> op = new DbOperation.Delete(Bytes.utf8(address.value() + "/k" + k));
        case 1 ->
            op =
                new DbOperation.CompareAndSet(
                    Bytes.utf8("shared"),
                    random.nextBoolean()
                        ? Optional.empty()
                        : Optional.of(
                            Bytes.utf8(
                                "c"
                                    + random.nextInt(settings.clients())
                                    + "/v"
                                    + random.nextInt(k + 1))),
                    Optional.of(value));
        case 2 -> {
          // A read, ordered or answered locally; unique by the key's suffix.
          op = new DbOperation.Get(Bytes.utf8(address.value() + "/read" + k));
          readOnly = random.nextBoolean();
        }
        default -> op = new DbOperation.Put(key, value);
      }
      Bytes encoded = DbCodec.encode(op);
      monitor.submitted(address, encoded);
      boolean ro = readOnly;
      java.util.function.Consumer<Bytes> done =
          result -> {
            completed[client]++;
            monitor.completed(address, encoded, result, ro);
            checkReplyProof(client, result, ro);
          };
      if (readOnly) {
        host.submitReadOnly(encoded, done);
      } else {
        host.submit(encoded, done);
      }
    }
  }

  /**
   * With signatures, the replies that completed a request are a transferable proof: f + 1 (2f + 1
   * for a local read) replies with the result, each signed by a distinct replica, whatever any
   * replica sent (a MAC-authenticated reply never counts). Holds beyond the fault bound too: the
   * client checks every reply itself.
   */
  private void checkReplyProof(int client, Bytes result, boolean readOnly) {
    if (config.authMode() != AuthMode.SIGNATURES) {
      return;
    }
    List<Bytes> proof = clientHosts[client].client().lastReplyProof();
    java.util.BitSet signers = new java.util.BitSet();
    ReplicaVerifiers verifiers = ReplicaVerifiers.of(config);
    for (Bytes frame : proof) {
      try {
        ReplyProof.Checked c = ReplyProof.check(frame, verifiers, config.maxMessageBytes());
        if (!Codec.bytes(c.reply().getResult()).equals(result) || signers.get(c.replica())) {
          monitor.violation("client c" + client + ": a reply in the proof does not match");
        }
        signers.set(c.replica());
      } catch (InvalidPbftMessageException e) {
        monitor.violation("client c" + client + ": an uncheckable reply in the proof: " + e);
      }
    }
    // A local read that fell back to ordering completes on f + 1 ordered replies.
    if (signers.cardinality() < config.f() + 1) {
      monitor.violation(
          "client c" + client + ": the proof holds " + signers.cardinality() + " signed replies");
    }
  }

  private boolean allCompleted() {
    for (int c = 0; c < settings.clients(); c++) {
      if (completed[c] < settings.operationsPerClient()) {
        return false;
      }
    }
    return true;
  }

  private void scheduleChaos() {
    int events = 4 + random.nextInt(8);
    long chaosMillis = settings.chaos().toMillis();
    for (int e = 0; e < events; e++) {
      Duration at = Duration.ofMillis(random.nextLong(chaosMillis));
      int kind = random.nextInt(4);
      if (kind == 0 && settings.partitions()) {
        network.schedule(at, this::partition);
      } else if (kind == 1 && settings.partitions()) {
        network.schedule(
            at,
            () -> {
              network.heal();
              script.add("heal at " + network.now());
            });
      } else if (kind == 2 && settings.crashes()) {
        network.schedule(at, this::crashOne);
      } else if (settings.crashes()) {
        network.schedule(at, this::restartOne);
      }
    }
  }

  private void partition() {
    TreeSet<NodeId> side = new TreeSet<>();
    for (NodeId id : network.nodes()) {
      if (random.nextInt(2) == 0) {
        side.add(id);
      }
    }
    network.partition(side);
    script.add("partition " + side + " at " + network.now());
  }

  private void crashOne() {
    List<Integer> up = new ArrayList<>();
    for (int i = 0; i < settings.replicas(); i++) {
      if (!byzantine.containsKey(i) && network.isUp(config.node(i))) {
        up.add(i);
      }
    }
    if (up.isEmpty()) {
      return;
    }
    int victim = up.get(random.nextInt(up.size()));
    network.crash(config.node(victim));
    script.add("crash r" + victim + " at " + network.now());
    if (TRACE) {
      System.out.println(network.now() + " crash r" + victim);
    }
  }

  private void restartOne() {
    for (int i = 0; i < settings.replicas(); i++) {
      if (!network.isUp(config.node(i))) {
        network.restart(config.node(i));
        script.add("restart r" + i + " at " + network.now());
        if (TRACE) {
          System.out.println(network.now() + " restart r" + i);
        }
        return;
      }
    }
  }

  private void checkInvariants() {
    monitor.check();
    for (int i = 0; i < settings.replicas(); i++) {
      if (hosts[i] == null || !network.isUp(config.node(i))) {
        continue;
      }
      // Byte accounting and bounds (uploads per sender, the request queue), watermarks.
      hosts[i].replica().checkInvariants();
      int incarnation = network.incarnation(config.node(i));
      long view = hosts[i].replica().view();
      maxHonestView = Math.max(maxHonestView, view);
      if (incarnation == viewIncarnation[i] && view < lastView[i]) {
        throw new AssertionError(
            "views only grow: r" + i + " went from view " + lastView[i] + " to " + view);
      }
      viewIncarnation[i] = incarnation;
      lastView[i] = view;
    }
    if (!settings.beyondFaultBound()) {
      // A client adopts a view only when f + 1 replicas report it, so never one no honest
      // replica reached (one faulty replica tagging huge views moves nobody).
      for (int c = 0; c < settings.clients(); c++) {
        if (clientHosts[c] != null && clientHosts[c].client().view() > maxHonestView) {
          throw new AssertionError(
              "client c"
                  + c
                  + " adopted view "
                  + clientHosts[c].client().view()
                  + ", beyond every honest replica's ("
                  + maxHonestView
                  + ")");
        }
      }
    }
    if (!contract.conflicts().isEmpty() && !reportedConflict) {
      reportedConflict = true;
      monitor.violation("the contract saw two certified logs: " + contract.conflicts().get(0));
      monitor.check();
    }
    uncheckedUploads.removeIf(
        upload -> {
          Optional<Action.Executed> agreed = monitor.agreedAt(upload.sequence());
          if (agreed.isEmpty()) {
            return false;
          }
          if (!agreed.get().operations().equals(upload.operations())) {
            monitor.violation(
                "the contract holds log "
                    + upload.sequence()
                    + " = "
                    + upload.operations()
                    + " but honest replicas executed "
                    + agreed.get().operations());
          }
          return true;
        });
  }
}
