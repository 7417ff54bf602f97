package org.cybervein.dag.sync;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.time.Clock;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.DagSyncProto.DagSyncMessage;
import org.cybervein.api.wire.v1.DagSyncProto.DagSyncRequest;
import org.cybervein.api.wire.v1.DagSyncProto.DagSyncTips;
import org.cybervein.api.wire.v1.DagSyncProto.DagSyncUnits;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.dag.Dag;
import org.cybervein.dag.IngestResult;
import org.cybervein.dag.UnitAuthor;
import org.cybervein.dag.tips.TipSelector;
import org.cybervein.dag.unit.InvalidUnitException;
import org.cybervein.dag.unit.Payload;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.validation.VerificationResult.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the DAG network: gossips the units it stores, asks peers for missing parents, and
 * repairs what gossip lost by periodically showing its tips to a random peer. A pure core over the
 * injected {@link Transport}, {@link Clock} and {@link RandomSource}; everything runs on the thread
 * that delivers messages and timers.
 *
 * <p><b>Bounded by design.</b> Each peer has a byte budget (a token bucket, {@link
 * SyncConfig#peerBytesPerSecond()}); messages beyond it are dropped before decoding. Units whose
 * parents are missing are held in the {@link Dag}'s unsolid buffer, bounded in bytes. The ids this
 * node asks for are bounded in number ({@link SyncConfig#maxOutstandingRequests()}) and expire, so
 * peers naming unknown ids cannot grow this node's memory. Units already known are not verified
 * again.
 *
 * <p><b>Convergence.</b> Gossip pushes each new unit to a few random peers; a unit that gossip lost
 * (drops, partitions, a crash) is found again when a peer's tips reach this node and it asks for
 * them and then, parent by parent, for their past. Every honest node that keeps exchanging tips
 * with connected peers ends with the same DAG, hence the same certified set and order.
 *
 * <p><b>Logging</b> (SLF4J, logger {@code org.cybervein.dag.sync.DagNode}). Every refused message
 * and refused unit is logged at DEBUG with the peer and the reason, since a refusal is routine on
 * an open network and happens per message. An author caught equivocating is logged once at WARN: a
 * key that signed two units with one sequence number is misused or stolen, which an operator must
 * look into. Payload bytes are never logged.
 */
public final class DagNode {
  private static final Logger LOG = LoggerFactory.getLogger(DagNode.class);
  private static final CanonicalParser<DagSyncMessage> SYNC_MESSAGE =
      CanonicalParser.of(DagSyncMessage.getDefaultInstance(), 0, 0);

  private final Dag dag;
  private final Transport transport;
  private final Clock clock;
  private final RandomSource random;
  private final List<NodeId> peers;
  private final SyncConfig config;
  private final TipSelector tipSelector;
  private final Map<NodeId, PeerRateLimiter> limiters = new HashMap<>();
  // Ids asked for, in request order, with when and of whom: expire after one repair interval.
  private final LinkedHashMap<Hash, Asked> outstanding = new LinkedHashMap<>();
  private final Map<NodeId, Integer> outstandingPerPeer = new HashMap<>();
  // Units dropped or evicted from the unsolid buffer, asked for again at repairs: id -> attempts.
  private final LinkedHashMap<Hash, Refetch> refetch = new LinkedHashMap<>();
  private final Map<NodeId, Integer> refetchPerPeer = new HashMap<>();
  private final int perPeerIds;
  private final int maxMessageSize;

  private record Asked(Instant at, NodeId peer) {}

  private static final class Refetch {
    final NodeId origin;
    int attemptsLeft = REFETCH_ATTEMPTS;

    Refetch(NodeId origin) {
      this.origin = origin;
    }
  }

  /** How many repairs ask again for a dropped unit before it is forgotten. */
  private static final int REFETCH_ATTEMPTS = 8;

  private long unitsReceived;
  private long unitsStored;
  private long unitsRejected;
  private long messagesMalformed;
  private long messagesRateLimited;
  private long messagesFromStrangers;
  private long requestsSent;
  private long unitsServed;

  /**
   * Creates a node; call {@link #start()} to register it on the transport and begin repairs.
   *
   * @param peers the nodes this one talks to (not itself)
   * @param dag the DAG this node keeps and writes through
   * @param transport sends to and receives from peers
   * @param clock drives the repair timer
   * @param random chooses gossip targets and tips
   * @param config fan-out, request limits, repair interval and per-peer rate
   * @param tipSelector chooses the parents of units this node writes
   */
  public DagNode(
      Dag dag,
      Transport transport,
      Clock clock,
      RandomSource random,
      List<NodeId> peers,
      SyncConfig config,
      TipSelector tipSelector) {
    this.dag = Objects.requireNonNull(dag, "dag");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.peers = List.copyOf(peers);
    if (this.peers.contains(transport.localNode())) {
      throw new IllegalArgumentException("a node is not its own peer");
    }
    this.config = Objects.requireNonNull(config, "config");
    this.tipSelector = Objects.requireNonNull(tipSelector, "tipSelector");
    this.maxMessageSize =
        config.maxIdsPerRequest() * (dag.config().limits().maxEncodedSize() + 8) + 1024;
    // One peer's messages may claim at most its share of the ids this node tracks.
    this.perPeerIds =
        Math.max(
            config.maxIdsPerRequest(),
            config.maxOutstandingRequests() / Math.max(1, this.peers.size()));
  }

  /** Registers the message handler and arms the repair timer. */
  public void start() {
    transport.register(this::handle);
    scheduleRepair();
  }

  /**
   * The DAG this node keeps.
   *
   * @return the DAG
   */
  public Dag dag() {
    return dag;
  }

  /**
   * The counters so far.
   *
   * @return a snapshot of the message and unit counters
   */
  public SyncStats stats() {
    return new SyncStats(
        unitsReceived,
        unitsStored,
        unitsRejected,
        messagesMalformed,
        messagesRateLimited,
        messagesFromStrangers,
        requestsSent,
        unitsServed);
  }

  /**
   * Writes a unit of {@code author} with parents chosen by the tip selector, stores it and gossips
   * it.
   *
   * @param author the author, resumed from this node's store after a restart ({@link
   *     UnitAuthor#resume})
   * @param payload what the unit carries
   * @return the unit
   * @throws IllegalStateException if this node's own DAG rejects it (e.g. a payload over the
   *     limits); the author's sequence has then advanced past a unit nobody stores, so make a new
   *     author with {@link UnitAuthor#resume}
   */
  public Unit write(UnitAuthor author, Payload payload) {
    int maxParents = dag.config().limits().maxParents();
    List<Hash> tips = tipSelector.select(dag, maxParents, random);
    Unit unit =
        author.next(
            payload,
            tips.isEmpty() ? List.of(dag.genesis()) : tips,
            clock.now().toEpochMilli(),
            maxParents);
    IngestResult result = dag.ingest(unit);
    if (!result.stored().contains(unit.id())) {
      throw new IllegalStateException("own unit not stored: " + result);
    }
    unitsStored += result.stored().size();
    gossip(result.stored(), Optional.empty());
    return unit;
  }

  /**
   * Handles one message from the network; never throws for bad input, it counts it.
   *
   * @param from the sender
   * @param bytes the received message
   */
  public void handle(NodeId from, Bytes bytes) {
    if (!peers.contains(from)) {
      messagesFromStrangers++;
      LOG.debug("refused a message from {}: not a peer", from);
      return;
    }
    PeerRateLimiter limiter =
        limiters.computeIfAbsent(
            from,
            p ->
                new PeerRateLimiter(
                    config.peerBytesPerSecond(), config.peerBurstBytes(), clock.now()));
    if (!limiter.tryAcquire(bytes.size(), clock.now())) {
      messagesRateLimited++;
      LOG.debug("refused {} bytes from {}: over its byte budget", bytes.size(), from);
      return;
    }
    if (bytes.size() > maxMessageSize) {
      messagesMalformed++;
      LOG.debug("refused {} bytes from {}: over {} bytes", bytes.size(), from, maxMessageSize);
      return;
    }
    DagSyncMessage message;
    try {
      // Canonical form only, every field counted before protobuf allocates: a hash entry takes
      // 18 bytes per field on the wire, so a sixteenth of the byte cap bounds any honest message.
      message =
          SYNC_MESSAGE
              .withMaxBytes(maxMessageSize)
              .withMaxFields(maxMessageSize / 16 + 16)
              .parse(bytes);
    } catch (InvalidEncodingException e) {
      messagesMalformed++;
      LOG.debug("refused a message from {}: not a sync message", from);
      return;
    }
    switch (message.getKindCase()) {
      case UNITS -> onUnits(from, message.getUnits());
      case REQUEST -> onRequest(from, message.getRequest());
      case TIPS -> onTips(from, message.getTips());
      default -> {
        messagesMalformed++;
        LOG.debug("refused a message from {}: no known kind", from);
      }
    }
  }

  private void onUnits(NodeId from, DagSyncUnits units) {
    if (units.getEncodedUnitsCount() > config.maxIdsPerRequest()) {
      refuseOversizedList(from, "units", units.getEncodedUnitsCount());
      return;
    }
    List<Unit> fresh = new ArrayList<>();
    for (ByteString encoded : units.getEncodedUnitsList()) {
      unitsReceived++;
      Unit unit;
      try {
        unit = Unit.decode(Bytes.of(encoded.toByteArray()), dag.config().limits());
      } catch (InvalidUnitException e) {
        unitsRejected++;
        LOG.debug("refused a unit from {}: {}", from, e.reason());
        continue;
      }
      forgetOutstanding(unit.id());
      if (dag.status(unit.id()).isEmpty()) {
        fresh.add(unit);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    IngestResult result = dag.ingest(fresh, from);
    unitsRejected += result.rejected().size();
    unitsStored += result.stored().size();
    logRefusals(from, result);
    for (Hash dropped : result.dropped()) {
      rememberDropped(dropped, from);
    }
    request(from, result.missing());
    gossip(result.stored(), Optional.of(from));
  }

  /**
   * Answers with the requested units and as much of their past as fits in one answer, oldest first:
   * a node that fell behind then catches up in a few round trips instead of one per layer of the
   * DAG. Units it already has cost it a decode, not a verification.
   */
  private void onRequest(NodeId from, DagSyncRequest request) {
    if (request.getIdsCount() > config.maxIdsPerRequest()) {
      refuseOversizedList(from, "requested ids", request.getIdsCount());
      return;
    }
    ArrayDeque<Hash> queue = new ArrayDeque<>();
    for (TypesProto.Hash id : request.getIdsList()) {
      Optional<Hash> hash = decodeHash(from, id);
      if (hash.isEmpty()) {
        return;
      }
      queue.add(hash.get());
    }
    Set<Hash> seen = new HashSet<>();
    List<Unit> answer = new ArrayList<>();
    while (!queue.isEmpty() && answer.size() < config.maxIdsPerRequest()) {
      Hash id = queue.poll();
      if (!seen.add(id)) {
        continue;
      }
      Optional<Unit> unit = dag.store().unit(id);
      if (unit.isPresent()) {
        answer.add(unit.get());
        queue.addAll(unit.get().body().parents());
      }
    }
    if (answer.isEmpty()) {
      return;
    }
    Collections.reverse(answer);
    DagSyncUnits.Builder units = DagSyncUnits.newBuilder();
    for (Unit u : answer) {
      units.addEncodedUnits(ByteString.copyFrom(u.encoded().toByteArray()));
    }
    unitsServed += answer.size();
    send(from, DagSyncMessage.newBuilder().setUnits(units).build());
  }

  private void onTips(NodeId from, DagSyncTips tips) {
    if (tips.getIdsCount() > config.maxIdsPerRequest()) {
      refuseOversizedList(from, "tips", tips.getIdsCount());
      return;
    }
    List<Hash> unknown = new ArrayList<>();
    for (TypesProto.Hash id : tips.getIdsList()) {
      Optional<Hash> hash = decodeHash(from, id);
      if (hash.isEmpty()) {
        return;
      }
      if (!hash.get().equals(dag.genesis()) && dag.status(hash.get()).isEmpty()) {
        unknown.add(hash.get());
      }
    }
    request(from, unknown);
    if (!tips.getAnswer()) {
      send(from, DagSyncMessage.newBuilder().setTips(ownTips().setAnswer(true)).build());
    }
  }

  private DagSyncTips.Builder ownTips() {
    List<Hash> tips = dag.tips();
    DagSyncTips.Builder show = DagSyncTips.newBuilder();
    for (Hash tip : tips.subList(0, Math.min(tips.size(), config.maxIdsPerRequest()))) {
      show.addIds(ApiTypesCodec.toProto(tip));
    }
    return show;
  }

  private Optional<Hash> decodeHash(NodeId from, TypesProto.Hash id) {
    try {
      return Optional.of(ApiTypesCodec.fromProto(id));
    } catch (InvalidEncodingException e) {
      messagesMalformed++;
      LOG.debug("refused a message from {}: an id is not a hash", from);
      return Optional.empty();
    }
  }

  private void refuseOversizedList(NodeId from, String what, int count) {
    messagesMalformed++;
    LOG.debug(
        "refused a message from {}: {} {}, at most {} allowed",
        from,
        count,
        what,
        config.maxIdsPerRequest());
  }

  /**
   * Logs what the DAG refused from a peer's units. Only the reason is logged, not the exception's
   * message: parts of it (a payload type) are the peer's own text.
   */
  private void logRefusals(NodeId from, IngestResult result) {
    if (LOG.isDebugEnabled()) {
      for (Rejection r : result.rejected()) {
        LOG.debug("refused unit {} from {}: {}", r.unit().id(), from, r.error().reason());
      }
      if (!result.dropped().isEmpty()) {
        LOG.debug(
            "dropped {} units from {}: parents missing and the unsolid buffer is full",
            result.dropped().size(),
            from);
      }
    }
    for (PublicKey author : result.newEquivocators()) {
      LOG.warn(
          "author {} signed two units with one sequence number (caught on units from {}):"
              + " both are kept as evidence and, if a validator, it no longer counts for"
              + " certification; its key is misused or stolen",
          author,
          from);
    }
  }

  /**
   * Asks {@code peer} for the ids not already asked for recently, within the bounds: in total and
   * per peer asked, so that a peer naming many unknown ids fills only its own share.
   */
  private void request(NodeId peer, List<Hash> ids) {
    expireOutstanding();
    DagSyncRequest.Builder ask = DagSyncRequest.newBuilder();
    Instant now = clock.now();
    for (Hash id : ids) {
      if (ask.getIdsCount() == config.maxIdsPerRequest()
          || outstanding.size() >= config.maxOutstandingRequests()
          || outstandingPerPeer.getOrDefault(peer, 0) >= perPeerIds) {
        break;
      }
      if (outstanding.containsKey(id)) {
        continue;
      }
      outstanding.put(id, new Asked(now, peer));
      outstandingPerPeer.merge(peer, 1, Integer::sum);
      ask.addIds(ApiTypesCodec.toProto(id));
    }
    if (ask.getIdsCount() > 0) {
      requestsSent++;
      send(peer, DagSyncMessage.newBuilder().setRequest(ask).build());
    }
  }

  private void expireOutstanding() {
    Instant cutoff = clock.now().minus(config.repairInterval());
    Iterator<Map.Entry<Hash, Asked>> it = outstanding.entrySet().iterator();
    while (it.hasNext()) {
      Asked asked = it.next().getValue();
      if (asked.at().isAfter(cutoff)) {
        break; // insertion order is request order, so the rest are younger
      }
      it.remove();
      decrement(outstandingPerPeer, asked.peer());
    }
  }

  private void forgetOutstanding(Hash id) {
    Asked asked = outstanding.remove(id);
    if (asked != null) {
      decrement(outstandingPerPeer, asked.peer());
    }
  }

  private static void decrement(Map<NodeId, Integer> counts, NodeId peer) {
    counts.computeIfPresent(peer, (p, n) -> n > 1 ? n - 1 : null);
  }

  /**
   * Remembers a unit the unsolid buffer dropped or evicted, to ask for it again at the next
   * repairs: it may be an honest unit that merely came before its parents. Bounded per peer that
   * sent it (its oldest entry goes) and in total.
   */
  private void rememberDropped(Hash id, NodeId origin) {
    if (refetch.containsKey(id)) {
      return;
    }
    if (refetchPerPeer.getOrDefault(origin, 0) >= perPeerIds) {
      for (Iterator<Map.Entry<Hash, Refetch>> it = refetch.entrySet().iterator(); it.hasNext(); ) {
        Refetch r = it.next().getValue();
        if (r.origin.equals(origin)) {
          it.remove();
          decrement(refetchPerPeer, origin);
          break;
        }
      }
    }
    if (refetch.size() >= config.maxOutstandingRequests()) {
      return;
    }
    refetch.put(id, new Refetch(origin));
    refetchPerPeer.merge(origin, 1, Integer::sum);
  }

  /** The dropped units to ask for again, oldest first; forgets those known or asked for enough. */
  private List<Hash> dueRefetches() {
    List<Hash> due = new ArrayList<>();
    for (Iterator<Map.Entry<Hash, Refetch>> it = refetch.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Hash, Refetch> e = it.next();
      Refetch r = e.getValue();
      if (dag.status(e.getKey()).isPresent() || r.attemptsLeft-- <= 0) {
        it.remove();
        decrement(refetchPerPeer, r.origin);
      } else if (due.size() < config.maxIdsPerRequest()) {
        due.add(e.getKey());
      }
    }
    return due;
  }

  /**
   * Up to one request's worth of ids, chosen at random, so that no fixed subset starves the rest.
   */
  private List<Hash> sample(List<Hash> ids) {
    List<Hash> pool = new ArrayList<>(ids);
    int n = Math.min(pool.size(), config.maxIdsPerRequest());
    for (int i = 0; i < n; i++) {
      Collections.swap(pool, i, i + random.nextInt(pool.size() - i));
    }
    return pool.subList(0, n);
  }

  private void gossip(List<Hash> stored, Optional<NodeId> except) {
    if (stored.isEmpty() || peers.isEmpty()) {
      return;
    }
    List<NodeId> candidates = new ArrayList<>(peers);
    except.ifPresent(candidates::remove);
    List<NodeId> targets = new ArrayList<>();
    while (targets.size() < config.gossipFanout() && !candidates.isEmpty()) {
      targets.add(candidates.remove(random.nextInt(candidates.size())));
    }
    for (int from = 0; from < stored.size(); from += config.maxIdsPerRequest()) {
      DagSyncUnits.Builder push = DagSyncUnits.newBuilder();
      for (Hash id :
          stored.subList(from, Math.min(stored.size(), from + config.maxIdsPerRequest()))) {
        dag.store()
            .unit(id)
            .ifPresent(u -> push.addEncodedUnits(ByteString.copyFrom(u.encoded().toByteArray())));
      }
      DagSyncMessage message = DagSyncMessage.newBuilder().setUnits(push).build();
      for (NodeId target : targets) {
        send(target, message);
      }
    }
  }

  private void scheduleRepair() {
    clock.schedule(config.repairInterval(), this::repair);
  }

  /**
   * Shows tips to a random peer, asks a random peer for a random sample of the missing parents (a
   * fixed choice, such as the smallest ids, could be kept full by a peer's orphans) and another
   * random peer for the units the unsolid buffer dropped.
   */
  private void repair() {
    if (!peers.isEmpty()) {
      List<Hash> tips = dag.tips();
      DagSyncTips.Builder show = DagSyncTips.newBuilder();
      for (Hash tip : tips.subList(0, Math.min(tips.size(), config.maxIdsPerRequest()))) {
        show.addIds(ApiTypesCodec.toProto(tip));
      }
      send(
          peers.get(random.nextInt(peers.size())),
          DagSyncMessage.newBuilder().setTips(show).build());
      request(peers.get(random.nextInt(peers.size())), sample(dag.missing()));
      List<Hash> again = dueRefetches();
      if (!again.isEmpty()) {
        request(peers.get(random.nextInt(peers.size())), again);
      }
    }
    scheduleRepair();
  }

  private void send(NodeId to, DagSyncMessage message) {
    transport.send(to, Bytes.of(message.toByteArray()));
  }
}
