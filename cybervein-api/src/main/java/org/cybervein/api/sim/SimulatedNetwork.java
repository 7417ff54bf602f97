package org.cybervein.api.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;

/**
 * The embedded default network: nodes, links and faults simulated as discrete events on virtual
 * time, replayable from a seed.
 *
 * <p><b>Determinism.</b> One event queue, ordered by virtual time and, for equal times, by the
 * order in which events were scheduled; one {@link DeterministicRandom} whose seed is the ASCII
 * domain tag {@code cybervein.sim.network} followed by the 8 big-endian bytes of {@link #seed()}
 * decides every loss, duplicate, reordering and latency. Each incarnation of each node gets its own
 * {@link DeterministicRandom} ({@link NodeContext#random()}), seeded by the domain tag {@code
 * cybervein.sim.node-random}, the network seed (8 bytes, big-endian), the incarnation number (4
 * bytes, big-endian) and the node id in UTF-8: a node's random choices do not shift when other
 * nodes draw more or fewer numbers, and a restarted node does not repeat the choices of its
 * previous life. The domain tags keep these streams apart from a {@code
 * DeterministicRandom.fromSeed(seed)} that a test draws its keys from. The same seed and the same
 * script give the same {@link #trace()} and the same {@link #traceDigest()}.
 *
 * <p><b>Threads.</b> None. Handlers, timers and scripted actions run on the caller's thread inside
 * {@link #step()} or a {@code run} method; script calls such as {@link #crash} take effect at once,
 * at the current virtual time. The network is not thread-safe. An exception thrown by a handler, a
 * timer, an action or an invariant propagates out of the {@code run} call so that a test fails
 * loudly; the event that threw counts as run and the network stays usable.
 *
 * <p><b>Nodes.</b> {@link #addNode} calls the node's {@link NodeFactory} with a {@link
 * NodeContext}; the factory registers the node's handler on the context's transport, as a host
 * would. {@link #crash} and {@link #restart} model a process that dies and comes back: state that
 * the factory's closure keeps outside the call (a store) survives, nothing else does.
 *
 * <p><b>Messages.</b> A {@link NodeContext#transport() transport}'s {@code send} decides at once,
 * by the {@link LinkConditions} of the directed link, whether the message is lost or duplicated and
 * when each copy arrives. A copy is dropped at sending if the sender's incarnation has crashed, the
 * destination is unknown or a partition separates the two; and at arrival if a partition separates
 * them then (so messages in flight when a partition starts are lost), if the incarnation of the
 * destination that was live at sending is no longer live (a crash loses what was in flight to it,
 * even across a restart), or if the destination has no handler. A sender's crash does not recall
 * the messages it had already sent.
 *
 * <p><b>Time.</b> Virtual time starts at the builder's start instant and never goes backwards. A
 * {@code run} call fails with an {@link IllegalStateException} once it has run {@link
 * Builder#maxEventsPerRun} events, so a livelock fails the test instead of hanging it.
 *
 * <p><b>Checks.</b> {@link #addInvariant} registers checks that run after every event, in the
 * manner of Apache Kafka's Raft simulation tests; a check fails by throwing.
 */
public final class SimulatedNetwork {
  private final long seed;
  private final Instant start;
  private final long maxEventsPerRun;
  private final DeterministicRandom random;
  private final Trace trace;
  private final PriorityQueue<ScheduledEvent> queue = new PriorityQueue<>();
  private final Map<NodeId, SimNode> nodes = new TreeMap<>();
  // Looked up only, never iterated, so hash order cannot leak into a run.
  private final Map<List<NodeId>, LinkConditions> linkOverrides = new HashMap<>();
  private final Map<NodeId, Integer> partitionGroup = new HashMap<>();
  private final List<Runnable> invariants = new ArrayList<>();
  private final Clock scriptClock;
  private LinkConditions defaultLink;
  private long nowNanos;
  private long nextSequence;
  private boolean insideEvent;

  private long messagesSent;
  private long messagesDuplicated;
  private long messagesReordered;
  private long messagesDelivered;
  private long messagesDropped;
  private long messagesInFlight;
  private long timersFired;
  private long eventsProcessed;

  /**
   * A network with the builder's defaults and this seed.
   *
   * @param seed the seed of every random choice the network makes; equal seeds and scripts give
   *     equal traces
   */
  public SimulatedNetwork(long seed) {
    this(builder(seed));
  }

  private SimulatedNetwork(Builder b) {
    this.seed = b.seed;
    this.start = b.start;
    this.maxEventsPerRun = b.maxEventsPerRun;
    this.defaultLink = b.defaultLink;
    this.random = networkRandom(b.seed);
    this.trace = new Trace(b.traceCapacity);
    this.scriptClock =
        new Clock() {
          @Override
          public Instant now() {
            return SimulatedNetwork.this.now();
          }

          @Override
          public Timer schedule(Duration delay, Runnable action) {
            return SimulatedNetwork.this.schedule(delay, action);
          }
        };
  }

  /**
   * A builder for a network with this seed.
   *
   * @param seed the seed of every random choice the network makes
   * @return a builder with the default settings
   */
  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  /** Settings of a {@link SimulatedNetwork}; every one has a default. */
  public static final class Builder {
    private final long seed;
    private Instant start = Instant.EPOCH;
    private LinkConditions defaultLink = LinkConditions.DEFAULT;
    private int traceCapacity = 100_000;
    private long maxEventsPerRun = 10_000_000;

    private Builder(long seed) {
      this.seed = seed;
    }

    /**
     * The virtual time at which the network starts; default {@link Instant#EPOCH}.
     *
     * @param startTime the virtual time of the network's start
     * @return this builder
     */
    public Builder start(Instant startTime) {
      this.start = Objects.requireNonNull(startTime, "start");
      return this;
    }

    /**
     * The conditions of every link without an override; default {@link LinkConditions#DEFAULT}.
     *
     * @param conditions the faults and delays of links without an override
     * @return this builder
     */
    public Builder defaultLink(LinkConditions conditions) {
      this.defaultLink = Objects.requireNonNull(conditions, "conditions");
      return this;
    }

    /**
     * How many of the most recent trace events {@link #trace()} keeps in memory; 0 keeps none. The
     * digest, the counters and trace listeners see every event regardless. Default 100,000.
     *
     * @param capacity the number of events kept, zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public Builder traceCapacity(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("capacity must not be negative, got " + capacity);
      }
      this.traceCapacity = capacity;
      return this;
    }

    /**
     * The most events one {@code run} call may process before it fails; default 10,000,000.
     *
     * @param max the most events per run, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is not positive
     */
    public Builder maxEventsPerRun(long max) {
      if (max <= 0) {
        throw new IllegalArgumentException("max must be positive, got " + max);
      }
      this.maxEventsPerRun = max;
      return this;
    }

    /**
     * The network, with no nodes yet.
     *
     * @return the network, with its clock at the start time
     */
    public SimulatedNetwork build() {
      return new SimulatedNetwork(this);
    }
  }

  // ---------------------------------------------------------------- time and the script

  /**
   * The seed this network was built with.
   *
   * @return the seed given to the builder
   */
  public long seed() {
    return seed;
  }

  /**
   * The current virtual time.
   *
   * @return the current virtual time, {@link Builder#start(Instant)} plus the time run so far
   */
  public Instant now() {
    return start.plusNanos(nowNanos);
  }

  /**
   * A clock on this network's virtual time for the test script or for host components that are not
   * nodes; its timers run as {@link TraceEvent.Kind#ACTION} events and never crash.
   *
   * @return the script's clock
   */
  public Clock clock() {
    return scriptClock;
  }

  /**
   * Runs {@code action} as an event {@code delay} from now, e.g. to crash a node at t = 5 s.
   *
   * @param delay how long from now to run it, zero or more
   * @param action what to run; it may crash, restart or reconfigure nodes
   * @return a timer that cancels the action if it has not run yet
   */
  public Timer schedule(Duration delay, Runnable action) {
    return scheduleAction(afterDelay(delay), action);
  }

  /**
   * Runs {@code action} as an event at virtual time {@code time}, which must not be past.
   *
   * @param time the virtual time to run it at, not before {@link #now()}
   * @param action what to run
   * @return a timer that cancels the action if it has not run yet
   * @throws IllegalArgumentException if {@code time} is in the past
   */
  public Timer at(Instant time, Runnable action) {
    long t = toVirtualNanos(time);
    if (t < nowNanos) {
      throw new IllegalArgumentException(time + " is before the current time " + now());
    }
    return scheduleAction(t, action);
  }

  private Timer scheduleAction(long timeNanos, Runnable action) {
    Objects.requireNonNull(action, "action");
    ScheduledEvent event =
        enqueue(
            timeNanos,
            self -> {
              record(TraceEvent.Kind.ACTION, null, null, null, null, 0, "");
              action.run();
            });
    return event::cancel;
  }

  // ---------------------------------------------------------------- nodes

  /**
   * Adds a node and starts its first incarnation by calling {@code factory} now.
   *
   * @param id the new node's address
   * @param factory builds the node's state and registers its handler, for the first and each later
   *     incarnation
   * @return the context the factory was given
   * @throws IllegalArgumentException if a node with this id was already added
   */
  public NodeContext addNode(NodeId id, NodeFactory factory) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(factory, "factory");
    if (nodes.containsKey(id)) {
      throw new IllegalArgumentException("node " + id + " was already added");
    }
    SimNode node = new SimNode(id, factory);
    nodes.put(id, node);
    return startIncarnation(node, TraceEvent.Kind.START);
  }

  /**
   * Crashes a node: its timers are cancelled, its handler is forgotten, messages in flight to it
   * will be dropped, and its transport and clock become inert.
   *
   * @param id the node to crash
   * @throws IllegalStateException if the node is already down
   * @throws IllegalArgumentException if no node has this id
   */
  public void crash(NodeId id) {
    SimNode node = existing(id);
    if (!node.isUp()) {
      throw new IllegalStateException("node " + id + " is already down");
    }
    node.crash();
    record(TraceEvent.Kind.CRASH, null, id, null, null, 0, "incarnation=" + node.incarnation());
  }

  /**
   * Starts a crashed node again: calls its factory with the context of a new incarnation.
   *
   * @param id the node to restart
   * @return the new context
   * @throws IllegalStateException if the node is up
   * @throws IllegalArgumentException if no node has this id
   */
  public NodeContext restart(NodeId id) {
    SimNode node = existing(id);
    if (node.isUp()) {
      throw new IllegalStateException("node " + id + " is up; crash it before restarting it");
    }
    return startIncarnation(node, TraceEvent.Kind.RESTART);
  }

  /**
   * True if the node was added and has not crashed since its last start.
   *
   * @param id the node to ask about
   * @return true if the node is running
   */
  public boolean isUp(NodeId id) {
    SimNode node = nodes.get(id);
    return node != null && node.isUp();
  }

  /**
   * The node's current (or, if down, last) incarnation number, from 1.
   *
   * @param id the node to ask about
   * @return its incarnation number, 1 or more
   * @throws IllegalArgumentException if no node has this id
   */
  public int incarnation(NodeId id) {
    return existing(id).incarnation();
  }

  /**
   * Every node added, up or down, in id order.
   *
   * @return a new sorted set of the node ids
   */
  public SortedSet<NodeId> nodes() {
    return new TreeSet<>(nodes.keySet());
  }

  private static final byte[] NETWORK_DOMAIN =
      "cybervein.sim.network".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NODE_DOMAIN =
      "cybervein.sim.node-random".getBytes(StandardCharsets.US_ASCII);

  /** The stream of the network's own decisions, as the class comment defines it. */
  private static DeterministicRandom networkRandom(long seed) {
    return DeterministicRandom.fromSeed(
        ByteBuffer.allocate(NETWORK_DOMAIN.length + Long.BYTES)
            .put(NETWORK_DOMAIN)
            .putLong(seed)
            .array());
  }

  /** The stream of one incarnation of one node, as the class comment defines it. */
  private static DeterministicRandom nodeRandom(long seed, NodeId node, int incarnation) {
    byte[] id = node.value().getBytes(StandardCharsets.UTF_8);
    return DeterministicRandom.fromSeed(
        ByteBuffer.allocate(NODE_DOMAIN.length + Long.BYTES + Integer.BYTES + id.length)
            .put(NODE_DOMAIN)
            .putLong(seed)
            .putInt(incarnation)
            .put(id)
            .array());
  }

  private NodeContext startIncarnation(SimNode node, TraceEvent.Kind kind) {
    int incarnation = node.startNextIncarnation();
    record(kind, null, node.id, null, null, 0, "incarnation=" + incarnation);
    NodeContext context =
        new NodeContext(
            node.id,
            incarnation,
            new SimNode.NodeTransport(this, node, incarnation),
            new SimNode.NodeClock(this, node, incarnation),
            nodeRandom(seed, node.id, incarnation));
    node.factory.start(context);
    return context;
  }

  private SimNode existing(NodeId id) {
    SimNode node = nodes.get(Objects.requireNonNull(id, "id"));
    if (node == null) {
      throw new IllegalArgumentException("no node " + id + " was added");
    }
    return node;
  }

  // ---------------------------------------------------------------- links and partitions

  /**
   * Sets the conditions of every link that has no override of its own.
   *
   * @param conditions the faults and delays of links without an override
   */
  public void setDefaultLink(LinkConditions conditions) {
    this.defaultLink = Objects.requireNonNull(conditions, "conditions");
  }

  /**
   * Overrides the conditions of the directed link {@code from -> to} only.
   *
   * @param from the sender
   * @param to the receiver
   * @param conditions the faults and delays of that link
   */
  public void setLink(NodeId from, NodeId to, LinkConditions conditions) {
    Objects.requireNonNull(conditions, "conditions");
    linkOverrides.put(List.of(from, to), conditions);
  }

  /**
   * Removes the override of {@code from -> to}, so the default applies again.
   *
   * @param from the sender
   * @param to the receiver
   */
  public void clearLink(NodeId from, NodeId to) {
    linkOverrides.remove(List.of(from, to));
  }

  /**
   * The conditions that apply to the directed link {@code from -> to}.
   *
   * @param from the sender
   * @param to the receiver
   * @return the link's override, or the default conditions
   */
  public LinkConditions link(NodeId from, NodeId to) {
    return linkOverrides.getOrDefault(List.of(from, to), defaultLink);
  }

  /**
   * Splits the network: nodes in different groups cannot reach each other, in either direction,
   * until {@link #heal()}. Nodes in no group, including nodes added later, form one more group
   * together. Replaces any earlier partition. For one-way cuts, set a link's drop probability to 1.
   *
   * @param groups the groups of nodes that can still reach each other
   * @throws IllegalArgumentException if a node is unknown or in two groups
   */
  @SafeVarargs
  public final void partition(Set<NodeId>... groups) {
    List<Set<NodeId>> list = new ArrayList<>();
    for (Set<NodeId> group : groups) {
      list.add(group);
    }
    partition(list);
  }

  /**
   * The same as {@link #partition(Set[])} with the groups in a list.
   *
   * @param groups the groups of nodes that can still reach each other
   * @throws IllegalArgumentException if a node is unknown or in two groups
   */
  public void partition(List<? extends Set<NodeId>> groups) {
    Map<NodeId, Integer> assignment = new HashMap<>();
    List<SortedSet<NodeId>> canonical = new ArrayList<>();
    for (Set<NodeId> group : groups) {
      SortedSet<NodeId> sorted = new TreeSet<>(group);
      for (NodeId id : sorted) {
        existing(id);
        if (assignment.put(id, canonical.size()) != null) {
          throw new IllegalArgumentException("node " + id + " is in two groups");
        }
      }
      canonical.add(sorted);
    }
    partitionGroup.clear();
    partitionGroup.putAll(assignment);
    String detail =
        canonical.stream().map(SortedSet::toString).collect(Collectors.joining(" | ")) + " | rest";
    record(TraceEvent.Kind.PARTITION, null, null, null, null, 0, detail);
  }

  /** Ends the partition, if any: every node can reach every other again. */
  public void heal() {
    partitionGroup.clear();
    record(TraceEvent.Kind.HEAL, null, null, null, null, 0, "");
  }

  /**
   * True unless a partition separates {@code a} from {@code b}.
   *
   * @param a one node
   * @param b another node
   * @return true if messages between {@code a} and {@code b} are not cut by the current partition
   */
  public boolean canReach(NodeId a, NodeId b) {
    return Objects.equals(partitionGroup.get(a), partitionGroup.get(b));
  }

  // ---------------------------------------------------------------- messages and timers

  void send(SimNode sender, int senderIncarnation, NodeId to, Bytes message) {
    Objects.requireNonNull(message, "message");
    NodeId from = sender.id;
    long fingerprint = trace.fingerprint(message);
    messagesSent++;
    record(TraceEvent.Kind.SEND, from, to, null, message, fingerprint, "");
    SimNode destination = nodes.get(to);
    if (!sender.isLive(senderIncarnation)) {
      drop(from, to, TraceEvent.DropReason.SENDER_CRASHED, message, fingerprint);
      return;
    }
    if (destination == null) {
      drop(from, to, TraceEvent.DropReason.UNKNOWN_DESTINATION, message, fingerprint);
      return;
    }
    if (!canReach(from, to)) {
      drop(from, to, TraceEvent.DropReason.PARTITION, message, fingerprint);
      return;
    }
    LinkConditions link = link(from, to);
    // Every decision draws from the random whatever the probability, so that changing one knob
    // does not shift the stream that the others see.
    if (random.nextDouble() < link.dropProbability()) {
      drop(from, to, TraceEvent.DropReason.LOSS, message, fingerprint);
      return;
    }
    int copies = 1;
    if (random.nextDouble() < link.duplicateProbability()) {
      copies = 2;
      messagesDuplicated++;
      record(TraceEvent.Kind.DUPLICATE, from, to, null, message, fingerprint, "");
    }
    int destinationIncarnation = destination.incarnation();
    for (int copy = 0; copy < copies; copy++) {
      long latency = link.latency().sampleNanos(random);
      if (latency < 0) {
        throw new IllegalStateException(link.latency() + " sampled a negative latency " + latency);
      }
      if (random.nextDouble() < link.reorderProbability()) {
        long holdBack = random.nextLong(link.reorderDelay().toNanos() + 1);
        latency = Math.addExact(latency, holdBack);
        messagesReordered++;
        record(
            TraceEvent.Kind.REORDER, from, to, null, message, fingerprint, "+" + holdBack + "ns");
      }
      messagesInFlight++;
      enqueue(
          Math.addExact(nowNanos, latency),
          self -> arrive(from, destination, destinationIncarnation, message, fingerprint));
    }
  }

  private void arrive(
      NodeId from, SimNode destination, int incarnation, Bytes message, long fingerprint) {
    messagesInFlight--;
    Optional<MessageHandler> handler = destination.handler();
    if (!destination.isLive(incarnation)) {
      drop(from, destination.id, TraceEvent.DropReason.DESTINATION_CRASHED, message, fingerprint);
    } else if (!canReach(from, destination.id)) {
      drop(from, destination.id, TraceEvent.DropReason.PARTITION, message, fingerprint);
    } else if (handler.isEmpty()) {
      drop(from, destination.id, TraceEvent.DropReason.NO_HANDLER, message, fingerprint);
    } else {
      messagesDelivered++;
      record(TraceEvent.Kind.DELIVER, from, destination.id, null, message, fingerprint, "");
      handler.get().onMessage(from, message);
    }
  }

  private void drop(
      NodeId from, NodeId to, TraceEvent.DropReason reason, Bytes message, long fingerprint) {
    messagesDropped++;
    record(TraceEvent.Kind.DROP, from, to, reason, message, fingerprint, "");
  }

  Timer scheduleTimer(SimNode node, int incarnation, Duration delay, Runnable action) {
    long time = afterDelay(delay);
    Objects.requireNonNull(action, "action");
    if (!node.isLive(incarnation)) {
      record(
          TraceEvent.Kind.TIMER_DISCARDED,
          null,
          node.id,
          null,
          null,
          0,
          "incarnation=" + incarnation);
      return () -> false;
    }
    ScheduledEvent event =
        enqueue(
            time,
            self -> {
              node.removeTimer(self);
              timersFired++;
              record(TraceEvent.Kind.TIMER, null, node.id, null, null, 0, "");
              action.run();
            });
    node.addTimer(event);
    return () -> {
      boolean cancelled = event.cancel();
      if (cancelled) {
        node.removeTimer(event);
      }
      return cancelled;
    };
  }

  // ---------------------------------------------------------------- running

  /**
   * Runs the next event, advancing virtual time to it.
   *
   * @return false if no event was pending
   */
  public boolean step() {
    checkNotInsideEvent();
    ScheduledEvent next = nextLiveEvent();
    if (next == null) {
      return false;
    }
    runEvent(next);
    return true;
  }

  /**
   * Runs every event up to {@code duration} from now; the clock then reads now + duration.
   *
   * @param duration how much virtual time to run, zero or more
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public void runFor(Duration duration) {
    runUntil(now().plus(requireNotNegative(duration, "duration")));
  }

  /**
   * Runs every event up to and including {@code time}; the clock then reads {@code time}.
   *
   * @param time the virtual time to run to, not before {@link #now()}
   */
  public void runUntil(Instant time) {
    checkNotInsideEvent();
    long deadline = toVirtualNanos(time);
    if (deadline < nowNanos) {
      throw new IllegalArgumentException(
          time + " is before the current time " + now() + "; virtual time never goes backwards");
    }
    drain(deadline, () -> false);
    nowNanos = deadline;
  }

  /**
   * Runs events until {@code condition} holds (checked before the first and after every event) or
   * {@code timeout} of virtual time passes.
   *
   * @param condition the state to wait for
   * @param timeout the most virtual time to run
   * @return true if the condition held; the clock then reads the time of the event that made it
   *     hold. If false, the clock reads now + timeout
   */
  public boolean runUntil(BooleanSupplier condition, Duration timeout) {
    Objects.requireNonNull(condition, "condition");
    checkNotInsideEvent();
    long deadline = afterDelay(timeout);
    drain(deadline, condition);
    if (condition.getAsBoolean()) {
      return true;
    }
    nowNanos = deadline;
    return false;
  }

  /**
   * Runs events until none is pending, for at most {@code limit} of virtual time.
   *
   * @param limit the most virtual time to run
   * @return true if the network went quiet; the clock then reads the time of the last event. If
   *     false (periodic timers never stop, for one), the clock reads now + limit
   */
  public boolean runUntilQuiescent(Duration limit) {
    checkNotInsideEvent();
    long deadline = afterDelay(limit);
    drain(deadline, () -> false);
    if (nextLiveEvent() == null) {
      return true;
    }
    nowNanos = deadline;
    return false;
  }

  /**
   * True if some event (a message in flight, a timer, an action) is pending.
   *
   * @return true if at least one live event is queued
   */
  public boolean hasPendingEvents() {
    return nextLiveEvent() != null;
  }

  private void drain(long deadline, BooleanSupplier stop) {
    long ran = 0;
    while (!stop.getAsBoolean()) {
      ScheduledEvent next = nextLiveEvent();
      if (next == null || next.timeNanos > deadline) {
        return;
      }
      if (ran == maxEventsPerRun) {
        throw new IllegalStateException(
            "ran "
                + ran
                + " events in one run call and more are due by the deadline, at virtual time "
                + now()
                + ": a livelock (e.g. a zero-delay timer that re-arms itself)? Raise"
                + " maxEventsPerRun if the scenario really is this large");
      }
      runEvent(next);
      ran++;
    }
  }

  private void runEvent(ScheduledEvent event) {
    queue.poll();
    nowNanos = event.timeNanos;
    eventsProcessed++;
    insideEvent = true;
    try {
      event.run();
    } finally {
      insideEvent = false;
    }
    for (int i = 0; i < invariants.size(); i++) {
      invariants.get(i).run();
    }
  }

  private ScheduledEvent nextLiveEvent() {
    // Cancelled events stay queued until they reach the head: cheaper than removing them.
    while (!queue.isEmpty() && queue.peek().isCancelled()) {
      queue.poll();
    }
    return queue.peek();
  }

  private ScheduledEvent enqueue(long timeNanos, Consumer<ScheduledEvent> body) {
    ScheduledEvent event = new ScheduledEvent(timeNanos, nextSequence++, body);
    queue.add(event);
    return event;
  }

  private void checkNotInsideEvent() {
    if (insideEvent) {
      throw new IllegalStateException(
          "the network cannot be run from inside one of its events; schedule an action instead");
    }
  }

  private long afterDelay(Duration delay) {
    return Math.addExact(nowNanos, requireNotNegative(delay, "delay").toNanos());
  }

  private long toVirtualNanos(Instant time) {
    Objects.requireNonNull(time, "time");
    if (time.isBefore(start)) {
      throw new IllegalArgumentException(time + " is before the network's start " + start);
    }
    return Duration.between(start, time).toNanos();
  }

  private static Duration requireNotNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    return d;
  }

  // ---------------------------------------------------------------- observation

  /**
   * Registers a check that runs after every event; it reports a violation by throwing.
   *
   * @param check code that throws if the state it checks is broken
   */
  public void addInvariant(Runnable check) {
    invariants.add(Objects.requireNonNull(check, "check"));
  }

  /**
   * Registers a listener that sees every trace event as it is recorded.
   *
   * @param listener called with every trace event, in order
   */
  public void addTraceListener(Consumer<TraceEvent> listener) {
    trace.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * The most recent trace events kept in memory, oldest first (see {@link Builder#traceCapacity}).
   *
   * @return a copy of the kept events
   */
  public List<TraceEvent> trace() {
    return trace.recent();
  }

  /**
   * The number of trace events recorded since the network was built.
   *
   * @return the total count of events, including those no longer kept
   */
  public long traceSize() {
    return trace.count();
  }

  /**
   * A SHA-256 hash chain over every trace event so far: equal digests mean equal traces, so long
   * runs compare cheaply.
   *
   * @return the digest after the last event
   */
  public Hash traceDigest() {
    return trace.digest();
  }

  /**
   * The counters so far.
   *
   * @return a snapshot of the message, drop and event counters
   */
  public NetworkStats stats() {
    return new NetworkStats(
        messagesSent,
        messagesDuplicated,
        messagesReordered,
        messagesDelivered,
        messagesDropped,
        messagesInFlight,
        timersFired,
        eventsProcessed);
  }

  private void record(
      TraceEvent.Kind kind,
      NodeId from,
      NodeId to,
      TraceEvent.DropReason reason,
      Bytes message,
      long fingerprint,
      String detail) {
    trace.record(
        new TraceEvent(
            trace.count(),
            now(),
            kind,
            Optional.ofNullable(from),
            Optional.ofNullable(to),
            Optional.ofNullable(reason),
            message == null ? 0 : message.size(),
            fingerprint,
            detail));
  }
}
