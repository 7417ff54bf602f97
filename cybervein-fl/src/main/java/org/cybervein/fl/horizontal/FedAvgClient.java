package org.cybervein.fl.horizontal;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.secagg.SecAggClient;
import org.cybervein.fl.secagg.SecAggParameters;
import org.cybervein.fl.secagg.SecAggRoster;

/**
 * A party of horizontal federated averaging: it trains the global model on its own rows and hands
 * the result to secure aggregation, so the server sees only the sum over parties. Its rows never
 * leave it. A pure core: the host delivers the server's messages to {@link #handle}.
 */
public final class FedAvgClient {
  private final SecAggClient secAgg;

  /**
   * Creates a party.
   *
   * @param data the party's rows with 0/1 labels; its feature count must be the model's
   * @param parameters secure aggregation parameters with vector length features + 2
   * @param transport the party's transport; the caller routes received messages to {@link #handle}
   * @param server the aggregation server
   * @param identity the party's signing key, listed in the roster
   * @param roster the parties of the secure aggregation and their keys
   * @param random the source of keys and masks; must be cryptographically strong outside tests
   * @param settings rounds, local epochs and learning rate, the same as the server's
   */
  public FedAvgClient(
      Transport transport,
      NodeId server,
      Ed25519PrivateKey identity,
      SecAggRoster roster,
      SecAggParameters parameters,
      RandomSource random,
      PartyDataset data,
      FedAvgSettings settings) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(settings, "settings");
    double[] y =
        data.labels()
            .orElseThrow(() -> new IllegalArgumentException("a FedAvg party needs labels"));
    int features = data.featureCount();
    if (parameters.vectorLength() != features + 2) {
      throw new IllegalArgumentException("vector length must be features + 2 = " + (features + 2));
    }
    double[][] x = data.features();
    this.secAgg =
        new SecAggClient(
            transport,
            server,
            identity,
            roster,
            parameters,
            random,
            (round, context) -> {
              double[] global = ModelUpdateEncoding.decodeModel(context, features + 1);
              double[] local = LocalTraining.train(global, x, y, settings);
              return ModelUpdateEncoding.encodeUpdate(local, x.length);
            });
  }

  /**
   * Handles a message from the network.
   *
   * @param from the sender
   * @param message the received bytes
   * @throws InvalidFederatedMessageException if it is not a valid protocol step; nothing changed
   */
  public void handle(NodeId from, Bytes message) throws InvalidFederatedMessageException {
    secAgg.handle(from, message);
  }
}
