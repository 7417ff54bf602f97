package org.cybervein.fl.secagg;

import org.cybervein.api.Bytes;

/** What a client contributes to a round: its private input vector, computed from the context. */
@FunctionalInterface
public interface InputProvider {
  /**
   * The client's input for {@code round}.
   *
   * @param round the round number
   * @param context what the server sent with the round start (e.g. the global model)
   * @return a vector of exactly the configured length, elements of Z_(2^64)
   * @throws org.cybervein.fl.InvalidFederatedMessageException if the context cannot be used
   */
  long[] input(long round, Bytes context) throws org.cybervein.fl.InvalidFederatedMessageException;
}
