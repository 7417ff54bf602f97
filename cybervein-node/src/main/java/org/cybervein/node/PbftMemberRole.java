package org.cybervein.node;

import com.google.gson.JsonObject;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;
import org.cybervein.api.Bytes;
import org.cybervein.api.time.SystemClock;
import org.cybervein.consensus.pbft.InMemoryLogContract;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.Replica;
import org.cybervein.consensus.pbft.ReplicaConfig;
import org.cybervein.consensus.pbft.host.ReplicaHost;
import org.cybervein.consensus.pbft.host.ReplicaStatus;
import org.cybervein.consensus.pbft.keyvalue.KeyValueDatabase;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Role {@code pbft-member}: a replica of the cluster's key-value database. The replica's durable
 * state (view, accepted and prepared claims, executed logs, stable checkpoint) and the database
 * share one LMDB environment under the data directory, so a restarted process resumes where it
 * stopped: the replica restores its stable checkpoint, replays its executed logs and its view, and
 * catches up on the rest by the protocol's state transfer.
 */
final class PbftMemberRole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PbftMemberRole.class);

  /**
   * The bytes of certified logs the member keeps in its in-memory log contract: the newest logs
   * only, so a member that runs for months does not grow without bound (the executed logs since the
   * stable checkpoint are durable in LMDB anyway). Small on purpose: nothing in the node reads the
   * contract's entries, and logs held for seconds outlive the collector's young generation (16 MiB
   * of them made every member promote, and later fully collect, each operation's bytes).
   */
  static final long LOG_CONTRACT_BYTES = 1L << 20;

  /**
   * The bytes of outgoing messages that may wait for an fsync before the event thread waits too
   * (see {@link GroupCommit}): many rounds of the largest PRE-PREPAREs.
   */
  static final long MAX_HELD_BYTES = 16L << 20;

  private final LmdbKeyValueStore store;
  private final WriteBarrier commits;
  private final SystemClock clock;
  private final ReplicaHost host;
  private final ReplicaConfig config;
  private final AtomicLong committedRequests = new AtomicLong();
  // The view last logged; touched only on the replica's event thread (afterEvent).
  private long loggedView;

  private PbftMemberRole(NodeConfig node, NodeKeys keys, Links links) throws IOException {
    this.config = node.cluster().replicaConfig();
    int index =
        config
            .indexOf(node.self().id())
            .orElseThrow(() -> new IllegalArgumentException(node.self().id() + " is no replica"));
    Files.createDirectories(node.data());
    this.store =
        LmdbKeyValueStore.builder(node.data().resolve("pbft"))
            .durability(LmdbKeyValueStore.Durability.NO_SYNC)
            .open();
    // The replica and its database share one buffer: an event's writes are one LMDB transaction.
    EventWrites writes = new EventWrites(store);
    KeyValueDatabase database =
        new KeyValueDatabase(writes, Bytes.utf8(node.cluster().pbft().database()));
    Replica replica = new Replica(config, index, keys, database, writes);
    this.commits =
        switch (node.durability()) {
          case POWER_LOSS ->
              new GroupCommit(
                  writes::commit,
                  store::sync,
                  links.core(),
                  to -> config.indexOf(to).isPresent(),
                  MAX_HELD_BYTES,
                  "cybervein-pbft-sync");
          case PROCESS_CRASH -> new CommitBeforeSend(writes::commit, store::sync, links.core());
        };
    // What recovery wrote (the genesis checkpoint of a new member) is committed before any event.
    commits.endEvent();
    LOG.info(
        "replica {} of {} starts in view {} with sequence {} executed (durability {}, threading {})",
        index,
        config.size(),
        replica.view(),
        replica.lastExecuted(),
        node.durability().configName(),
        node.threading().configName());
    this.loggedView = replica.view();
    this.clock = new SystemClock();
    this.host =
        new ReplicaHost(
            commits.transport(),
            clock,
            replica,
            new InMemoryLogContract(config, LOG_CONTRACT_BYTES),
            executed -> committedRequests.addAndGet(executed.operations().size()),
            () -> {
              commits.endEvent();
              noteView(replica);
            });
  }

  /** Logs each view the replica enters: an operator's first clue that a primary was suspected. */
  private void noteView(Replica replica) {
    long view = replica.view();
    if (view != loggedView) {
      loggedView = view;
      LOG.info(
          "replica {} entered view {} (primary {}); {} executed",
          replica.index(),
          view,
          config.node(config.primary(view)).value(),
          replica.lastExecuted());
    }
  }

  static PbftMemberRole start(
      NodeConfig node, NodeKeys keys, Links links, PrometheusRegistry registry) throws IOException {
    PbftMemberRole role = new PbftMemberRole(node, keys, links);
    role.registerMetrics(registry);
    return role;
  }

  JsonObject status() {
    JsonObject o = new JsonObject();
    ReplicaStatus r = host.status();
    o.addProperty("view", r.view());
    o.addProperty("primary", config.node(config.primary(r.view())).value());
    o.addProperty("viewActive", r.active());
    o.addProperty("lastExecuted", r.lastExecuted());
    o.addProperty("stableCheckpoint", r.stableCheckpoint());
    o.addProperty("stateDigest", host.stateDigest().toString());
    o.addProperty("committedRequests", committedRequests.get());
    return o;
  }

  private void registerMetrics(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("cybervein_pbft_view")
        .help("The replica's current view")
        .callback(cb -> cb.call(host.status().view()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("cybervein_pbft_last_executed")
        .help("The highest sequence number the replica executed")
        .callback(cb -> cb.call(host.status().lastExecuted()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("cybervein_pbft_stable_checkpoint")
        .help("The replica's stable checkpoint")
        .callback(cb -> cb.call(host.status().stableCheckpoint()))
        .register(registry);
    CounterWithCallback.builder()
        .name("cybervein_pbft_committed_requests")
        .help("Requests this process executed since it started")
        .callback(cb -> cb.call(committedRequests.get()))
        .register(registry);
  }

  @Override
  public void close() {
    clock.close();
    // After the last event: no message or timer finds the store closed under it.
    host.stop();
    // Flush: commit, fsync (and release every held message) before the store closes.
    commits.close();
    store.close();
  }
}
