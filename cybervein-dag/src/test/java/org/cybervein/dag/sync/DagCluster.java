package org.cybervein.dag.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.LatencyDistribution;
import org.cybervein.api.sim.LinkConditions;
import org.cybervein.api.sim.NodeContext;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.Dag;
import org.cybervein.dag.DagConfig;
import org.cybervein.dag.UnitAuthor;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.store.InMemoryUnitStore;
import org.cybervein.dag.store.KeyValueUnitStore;
import org.cybervein.dag.store.UnitStore;
import org.cybervein.dag.tips.UniformTipSelector;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.AttestationBatch;
import org.cybervein.dag.unit.DataWrite;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitLimits;
import org.cybervein.dag.unit.UnitStatus;
import org.cybervein.dag.unit.VerificationRecord;
import org.cybervein.store.lmdb.LmdbKeyValueStore;

/**
 * A network of DAG nodes on the simulated network: each node writes data units at random intervals
 * while {@link #writing} is on; validators write a unit every {@link #validatorPeriod} while {@link
 * #validating} is on. Stores live outside the node factories, so a restarted node reopens its
 * store.
 */
final class DagCluster {
  static final Hash GENESIS = Hash.of(new byte[32]);

  final SimulatedNetwork network;
  final List<NodeId> ids = new ArrayList<>();
  final List<Ed25519PrivateKey> keys = new ArrayList<>();
  final Map<NodeId, UnitStore> stores = new TreeMap<>();
  final Map<NodeId, DagNode> nodes = new TreeMap<>();
  final DagConfig config;
  final int validatorCount;
  boolean writing = true;
  boolean validating = true;
  Duration writerPeriod = Duration.ofMillis(400);
  Duration validatorPeriod = Duration.ofMillis(150);
  SyncConfig syncConfig = SyncConfig.DEFAULT;

  /** When on, every second unit of a validator carries its attestation of a fresh record. */
  boolean attesting;

  /** Told of every unit a node of the cluster wrote (an adversary copies from it). */
  Consumer<Unit> onWrite = u -> {};

  /** Nodes outside the cluster that its nodes nevertheless accept as peers (adversaries). */
  final List<NodeId> outsiders = new ArrayList<>();

  DagCluster(long seed, int size, int validators, double drop, Supplier<UnitStore> storeFactory) {
    this(seed, size, validators, drop, storeFactory, DagConfig.DEFAULT_MAX_UNSOLID_BYTES);
  }

  DagCluster(
      long seed,
      int size,
      int validators,
      double drop,
      Supplier<UnitStore> storeFactory,
      long maxUnsolidBytes) {
    network =
        SimulatedNetwork.builder(seed)
            .defaultLink(
                LinkConditions.reliable(
                        LatencyDistribution.uniform(Duration.ofMillis(5), Duration.ofMillis(40)))
                    .withDropProbability(drop)
                    .withReorder(0.1, Duration.ofMillis(50)))
            .build();
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    List<PublicKey> validatorKeys = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ids.add(new NodeId(String.format("node-%02d", i)));
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      keys.add(key);
      if (i < validators) {
        validatorKeys.add(key.publicKey());
      }
    }
    this.validatorCount = validators;
    config =
        new DagConfig(GENESIS, UnitLimits.DEFAULT, ValidatorSet.of(validatorKeys), maxUnsolidBytes);
    for (int i = 0; i < size; i++) {
      stores.put(ids.get(i), storeFactory.get());
    }
  }

  DagCluster(long seed, int size, int validators, double drop) {
    this(seed, size, validators, drop, InMemoryUnitStore::new);
  }

  void startAll() {
    for (int i = 0; i < ids.size(); i++) {
      int index = i;
      network.addNode(ids.get(i), ctx -> startNode(ctx, index));
    }
  }

  /** Nodes whose store is an LMDB directory, closed at a crash and reopened at the restart. */
  final Map<NodeId, Path> lmdbDirectories = new TreeMap<>();

  /** Gives {@code id} a durable store in {@code directory}, before {@link #startAll()}. */
  void useLmdb(NodeId id, Path directory) {
    stores.get(id).close();
    stores.put(id, KeyValueUnitStore.open(LmdbKeyValueStore.open(directory)));
    lmdbDirectories.put(id, directory);
  }

  /** Crashes a node; a durable store is closed as a killed process would leave it. */
  void crash(NodeId id) {
    network.crash(id);
    if (lmdbDirectories.containsKey(id)) {
      stores.get(id).close();
    }
  }

  /** Restarts a node from its store, reopening a durable one from its directory. */
  void restart(NodeId id) {
    if (lmdbDirectories.containsKey(id)) {
      stores.put(id, KeyValueUnitStore.open(LmdbKeyValueStore.open(lmdbDirectories.get(id))));
    }
    network.restart(id);
  }

  /** Closes every store. */
  void closeStores() {
    for (UnitStore store : stores.values()) {
      store.close();
    }
  }

  private void startNode(NodeContext ctx, int index) {
    List<NodeId> peers = new ArrayList<>(ids);
    peers.remove(ctx.nodeId());
    peers.addAll(outsiders);
    Dag dag = Dag.open(config, stores.get(ctx.nodeId()), ctx.clock(), Runnable::run, 1);
    DagNode node =
        new DagNode(
            dag,
            ctx.transport(),
            ctx.clock(),
            ctx.random(),
            peers,
            syncConfig,
            new UniformTipSelector());
    nodes.put(ctx.nodeId(), node);
    node.start();
    UnitAuthor author = UnitAuthor.resume(keys.get(index), stores.get(ctx.nodeId()));
    boolean validator = index < validatorCount;
    Runnable[] loop = new Runnable[1];
    loop[0] =
        () -> {
          boolean active = validator ? validating : writing;
          if (active) {
            boolean attest = validator && attesting && ctx.random().nextInt(2) == 0;
            onWrite.accept(
                node.write(author, attest ? attestation(ctx, index) : dataWrite(ctx, node)));
          }
          Duration period = validator ? validatorPeriod : writerPeriod;
          long jitter = ctx.random().nextLong(period.toMillis()) + period.toMillis() / 2;
          ctx.clock().schedule(Duration.ofMillis(jitter), loop[0]);
        };
    ctx.clock().schedule(Duration.ofMillis(ctx.random().nextLong(100) + 1), loop[0]);
  }

  private Attestation attestation(NodeContext ctx, int index) {
    byte[] vid = new byte[32];
    ctx.random().nextBytes(vid);
    VerificationRecord record = new VerificationRecord(Hash.of(vid), Hash.of(vid), Hash.of(vid));
    return AttestationBatch.sign(keys.get(index), List.of(record)).get(0);
  }

  private static DataWrite dataWrite(NodeContext ctx, DagNode node) {
    byte[] content = new byte[32];
    ctx.random().nextBytes(content);
    return new DataWrite(Hash.of(new byte[32]), Hash.of(content), 1024, Optional.empty());
  }

  /** The ids of certified and final units on a node, sorted. */
  static List<Hash> certified(DagNode node) {
    List<Hash> out = new ArrayList<>(node.dag().store().withStatus(UnitStatus.CERTIFIED));
    out.addAll(node.dag().store().withStatus(UnitStatus.FINAL));
    out.sort(null);
    return out;
  }
}
