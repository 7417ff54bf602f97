package org.cybervein.fl.horizontal;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.time.Clock;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.secagg.AggregateResult;
import org.cybervein.fl.secagg.AggregationListener;
import org.cybervein.fl.secagg.SecAggParameters;
import org.cybervein.fl.secagg.SecAggRoster;
import org.cybervein.fl.secagg.SecAggServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server of horizontal federated averaging: it sends the global model, learns only the sum of
 * the parties' row-weighted models through secure aggregation, and divides by the total row count.
 * A round that aborts (fewer parties than the threshold) is retried with the same model, up to
 * {@link #MAX_CONSECUTIVE_ABORTS} times. A pure core.
 *
 * <p>Each finished round is logged at DEBUG (logger {@code
 * org.cybervein.fl.horizontal.FedAvgServer}) with the parties in it; slow and aborted rounds are
 * logged by {@link SecAggServer}. Models and updates are never logged.
 */
public final class FedAvgServer {
  private static final Logger LOG = LoggerFactory.getLogger(FedAvgServer.class);

  /** Consecutive aborted rounds after which training stops. */
  public static final int MAX_CONSECUTIVE_ABORTS = 3;

  private final SecAggServer secAgg;
  private final FedAvgSettings settings;
  private final FedAvgListener listener;
  private double[] global;
  private long nextRound = 1;
  private int completed;
  private int aborts;
  private boolean finished;

  /**
   * Creates the server with a zero initial model of {@code features} weights and an intercept.
   *
   * @param parameters secure aggregation parameters with vector length features + 2
   * @param transport the server's transport; the caller routes received messages to {@link #handle}
   * @param clock drives the round timeouts
   * @param roster the parties and their keys
   * @param features the number of feature columns, at least 1
   * @param settings rounds, local epochs, learning rate, L2 and batch size, as the parties use
   * @param listener told of each round and of the end
   */
  public FedAvgServer(
      Transport transport,
      Clock clock,
      SecAggRoster roster,
      SecAggParameters parameters,
      int features,
      FedAvgSettings settings,
      FedAvgListener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (parameters.vectorLength() != features + 2) {
      throw new IllegalArgumentException("vector length must be features + 2");
    }
    this.global = new double[features + 1];
    this.secAgg =
        new SecAggServer(
            transport,
            clock,
            roster,
            parameters,
            new AggregationListener() {
              @Override
              public void onAggregate(AggregateResult result) {
                completeRound(result);
              }

              @Override
              public void onAbort(long round, String why) {
                abortRound(why);
              }
            });
  }

  /** Starts training; the listener hears each round. */
  public void start() {
    if (nextRound != 1) {
      throw new IllegalStateException("training already started");
    }
    startNextRound();
  }

  /**
   * Whether training has finished or failed.
   *
   * @return true once training finished or failed
   */
  public boolean finished() {
    return finished;
  }

  /**
   * Handles a message from a party.
   *
   * @param from the sender
   * @param message the received bytes
   * @throws InvalidFederatedMessageException if it is not a valid protocol step; nothing changed
   */
  public void handle(NodeId from, Bytes message) throws InvalidFederatedMessageException {
    secAgg.handle(from, message);
  }

  private void startNextRound() {
    secAgg.startRound(nextRound++, ModelUpdateEncoding.encodeModel(global));
  }

  private void completeRound(AggregateResult result) {
    double[] average;
    try {
      average = ModelUpdateEncoding.decodeAverage(result.sum());
    } catch (InvalidFederatedMessageException e) {
      abortRound(e.getMessage());
      return;
    }
    aborts = 0;
    global = average;
    completed++;
    FedAvgRound round =
        new FedAvgRound(
            result.round(), LocalTraining.model(global), result.included(), result.dropped());
    LOG.debug(
        "federated averaging round {} of {} done: {} parties in the average, dropped {}",
        completed,
        settings.rounds(),
        result.included().size(),
        result.dropped());
    listener.onRound(round);
    if (completed == settings.rounds()) {
      finished = true;
      listener.onFinished(round);
    } else {
      startNextRound();
    }
  }

  private void abortRound(String why) {
    if (++aborts >= MAX_CONSECUTIVE_ABORTS) {
      finished = true;
      listener.onFailed(why);
    } else {
      startNextRound();
    }
  }
}
