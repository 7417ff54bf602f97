package org.cybervein.consensus.pbft;

import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/**
 * The database a PBFT group replicates: the whitepaper's database whose operation log the member
 * nodes order. Every replica applies the same operations in the same order to its own instance.
 *
 * <p>Implementations must be deterministic: equal states and equal operations give equal results
 * and equal next states, on every machine, with no clock, randomness or iteration-order dependence.
 * Operations are untrusted bytes from clients; an operation the database cannot apply is answered
 * with an error result, never by throwing, since every replica must reach the same answer.
 */
public interface StateMachine {
  /**
   * Applies one ordered operation and returns its result.
   *
   * @param operation the client's operation {@code o}
   * @return the result {@code r} sent back in the REPLY
   */
  Bytes execute(Bytes operation);

  /**
   * Answers a read-only operation from the current state without changing it; by default as {@link
   * #execute} would, which is only right for machines where reads do not change state.
   *
   * @param operation the read-only operation
   * @return its result
   */
  default Bytes query(Bytes operation) {
    return execute(operation);
  }

  /**
   * The whole state as bytes, from which {@link #restore} rebuilds it exactly.
   *
   * @return the encoded state
   */
  Bytes snapshot();

  /**
   * Replaces the whole state with the one {@code snapshot} describes. The replica only passes
   * snapshots this implementation produced (its own, or one certified by 2f + 1 replicas).
   *
   * @param snapshot bytes from {@link #snapshot()}
   * @throws IllegalArgumentException if the bytes are not a snapshot of this machine
   */
  void restore(Bytes snapshot);

  /**
   * A digest of the current state; equal states have equal digests.
   *
   * @return the state digest, compared across replicas at checkpoints
   */
  Hash digest();
}
