package org.cybervein.fl.transfer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.SystemClock;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.TrainingDivergedException;
import org.cybervein.fl.model.TrainingListener;
import org.cybervein.fl.vertical.CipherSuite;

/**
 * Runs one transfer-learning session with A and B as nodes of a {@link SimulatedNetwork}, as a host
 * would wire them, then lets A score rows through the encrypted prediction protocol. For tests,
 * demos and benchmarks; a deployment wires the same two cores to its own transport.
 */
public final class SimulatedTransferTraining {
  /** Party A's node id. */
  public static final NodeId HOST = new NodeId("A");

  /** Party B's node id. */
  public static final NodeId GUEST = new NodeId("B");

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
  private final PartyDataset hostData;
  private final PartyDataset guestData;
  private final List<String> overlapIds;
  private final TransferSettings settings;
  private final CipherSuite suite;
  private TrainingListener listener = TrainingListener.NONE;
  private Optional<Clock> clock = Optional.empty();
  private Tap tap = (to, from, message) -> {};

  private SimulatedNetwork network;
  private TransferHostParty host;
  private TransferGuestParty guest;

  /**
   * A session.
   *
   * @param seed the network's seed; both parties' randomness derives from it
   * @param hostData A's users (features only)
   * @param guestData B's users with labels 0 or 1
   * @param overlapIds the users both hold, in the order both parties agreed (e.g. the output of
   *     private set intersection, {@code org.cybervein.fl.alignment})
   * @param settings the training settings of both parties
   * @param suite the cipher
   */
  public SimulatedTransferTraining(
      long seed,
      PartyDataset hostData,
      PartyDataset guestData,
      List<String> overlapIds,
      TransferSettings settings,
      CipherSuite suite) {
    this.seed = seed;
    this.hostData = Objects.requireNonNull(hostData, "hostData");
    this.guestData = Objects.requireNonNull(guestData, "guestData");
    this.overlapIds = List.copyOf(overlapIds);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.suite = Objects.requireNonNull(suite, "suite");
  }

  /**
   * Tells this listener of every epoch (B's view); default: none.
   *
   * @param l the listener
   * @return this runner
   */
  public SimulatedTransferTraining listener(TrainingListener l) {
    this.listener = Objects.requireNonNull(l, "listener");
    return this;
  }

  /**
   * The parties' clock for elapsed times; default: the system's wall clock.
   *
   * @param c the clock
   * @return this runner
   */
  public SimulatedTransferTraining clock(Clock c) {
    this.clock = Optional.of(Objects.requireNonNull(c, "clock"));
    return this;
  }

  /**
   * Records what each party receives; default: nothing.
   *
   * @param t the tap
   * @return this runner
   */
  public SimulatedTransferTraining tap(Tap t) {
    this.tap = Objects.requireNonNull(t, "tap");
    return this;
  }

  /**
   * Trains to convergence or the epoch limit.
   *
   * @return the model as the two parties hold it between them
   * @throws TrainingDivergedException if training diverged
   * @throws IllegalStateException if training did not finish (e.g. a party dropped a message)
   */
  public TransferModel run() {
    Clock partyClock = clock.orElseGet(SystemClock::new);
    network = SimulatedNetwork.builder(seed).build();
    network.addNode(
        HOST,
        ctx -> {
          host =
              new TransferHostParty(
                  ctx.transport(),
                  GUEST,
                  hostData,
                  overlapIds,
                  settings,
                  suite,
                  ctx.random(),
                  partyClock,
                  TrainingListener.NONE);
          ctx.transport()
              .register(
                  (from, message) -> {
                    tap.received(HOST, from, message);
                    host.onMessage(from, message);
                  });
        });
    network.addNode(
        GUEST,
        ctx -> {
          guest =
              new TransferGuestParty(
                  ctx.transport(),
                  HOST,
                  guestData,
                  overlapIds,
                  settings,
                  suite,
                  ctx.random(),
                  partyClock,
                  listener);
          ctx.transport()
              .register(
                  (from, message) -> {
                    tap.received(GUEST, from, message);
                    guest.onMessage(from, message);
                  });
        });
    host.start();
    guest.start();
    boolean done =
        network.runUntil(
            () ->
                host.divergence().isPresent()
                    || guest.divergence().isPresent()
                    || (host.isTrainingDone() && guest.isTrainingDone() && host.canScore()),
            Duration.ofDays(365));
    network.runUntil(() -> false, Duration.ofSeconds(1)); // deliver the peer's abort, if any
    Optional<TrainingDivergedException> diverged = guest.divergence().or(host::divergence);
    if (diverged.isPresent()) {
      throw diverged.get();
    }
    if (!done) {
      throw new IllegalStateException(
          "training did not finish; dropped messages A/B: "
              + host.droppedMessages()
              + "/"
              + guest.droppedMessages());
    }
    return new TransferModel(
        host.weights(), guest.weights(), guest.phi(), guest.losses(), guest.converged());
  }

  /**
   * Scores A's rows through the encrypted prediction protocol of the last {@link #run()}: A learns
   * the scores, B only how many there are.
   *
   * @param rows users with A's features
   * @return the scores {@code Phi . u_A}, as A decrypts them
   * @throws IllegalStateException before {@link #run()} or if B did not answer
   */
  public double[] scoreOnHost(PartyDataset rows) {
    if (network == null) {
      throw new IllegalStateException("run() first");
    }
    long id = host.requestScores(rows);
    network.runUntil(() -> host.scores(id).isPresent(), Duration.ofDays(1));
    return host.scores(id).orElseThrow(() -> new IllegalStateException("B did not answer"));
  }

  /**
   * Party A of the last run.
   *
   * @return party A
   */
  public TransferHostParty host() {
    requireRun();
    return host;
  }

  /**
   * Party B of the last run.
   *
   * @return party B
   */
  public TransferGuestParty guest() {
    requireRun();
    return guest;
  }

  /**
   * The network of the last run.
   *
   * @return the network
   */
  public SimulatedNetwork network() {
    requireRun();
    return network;
  }

  private void requireRun() {
    if (network == null) {
      throw new IllegalStateException("run() first");
    }
  }
}
