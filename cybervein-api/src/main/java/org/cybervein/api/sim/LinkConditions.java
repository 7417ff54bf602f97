package org.cybervein.api.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * The faults and delays of one directed link of the {@link SimulatedNetwork}.
 *
 * <p>For each message sent over the link the network decides, in this order and with its seeded
 * random: whether the message is lost ({@code dropProbability}); whether it is duplicated into a
 * second, independent copy ({@code duplicateProbability}); then for each copy a latency from {@code
 * latency} and, with {@code reorderProbability}, an extra hold-back uniform in {@code [0,
 * reorderDelay]} that lets later messages overtake it.
 *
 * @param latency the latency of each copy
 * @param dropProbability the chance that a message is lost, in {@code [0, 1]}
 * @param duplicateProbability the chance that a message arrives twice, in {@code [0, 1]}
 * @param reorderProbability the chance that a copy is held back, in {@code [0, 1]}
 * @param reorderDelay the longest hold-back of a reordered copy, zero or more
 */
public record LinkConditions(
    LatencyDistribution latency,
    double dropProbability,
    double duplicateProbability,
    double reorderProbability,
    Duration reorderDelay) {

  /** A perfect link with a fixed one-millisecond latency: no loss, duplicates or reordering. */
  public static final LinkConditions DEFAULT =
      reliable(LatencyDistribution.fixed(Duration.ofMillis(1)));

  /**
   * Rejects probabilities outside {@code [0, 1]} and a negative reorder delay.
   *
   * @param latency the latency of each copy
   * @param dropProbability the chance that a message is lost, in {@code [0, 1]}
   * @param duplicateProbability the chance that a message arrives twice, in {@code [0, 1]}
   * @param reorderProbability the chance that a copy is held back, in {@code [0, 1]}
   * @param reorderDelay the longest hold-back of a reordered copy, zero or more
   */
  public LinkConditions {
    Objects.requireNonNull(latency, "latency");
    requireProbability(dropProbability, "dropProbability");
    requireProbability(duplicateProbability, "duplicateProbability");
    requireProbability(reorderProbability, "reorderProbability");
    Objects.requireNonNull(reorderDelay, "reorderDelay");
    if (reorderDelay.isNegative()) {
      throw new IllegalArgumentException("reorderDelay must not be negative, got " + reorderDelay);
    }
    reorderDelay.toNanos(); // fail now on a delay too long for the virtual clock
  }

  /**
   * A link that never loses, duplicates or reorders, with the given latency.
   *
   * @param latency the latency of each message
   * @return the link conditions
   */
  public static LinkConditions reliable(LatencyDistribution latency) {
    return new LinkConditions(latency, 0, 0, 0, Duration.ZERO);
  }

  /**
   * The same link with another latency.
   *
   * @param newLatency the latency of each copy from now on
   * @return a copy of these conditions with {@code newLatency}
   */
  public LinkConditions withLatency(LatencyDistribution newLatency) {
    return new LinkConditions(
        newLatency, dropProbability, duplicateProbability, reorderProbability, reorderDelay);
  }

  /**
   * The same link with another loss probability.
   *
   * @param probability the chance that a message is lost, in {@code [0, 1]}
   * @return a copy of these conditions with the new loss probability
   * @throws IllegalArgumentException if {@code probability} is outside {@code [0, 1]}
   */
  public LinkConditions withDropProbability(double probability) {
    return new LinkConditions(
        latency, probability, duplicateProbability, reorderProbability, reorderDelay);
  }

  /**
   * The same link with another duplication probability.
   *
   * @param probability the chance that a message arrives twice, in {@code [0, 1]}
   * @return a copy of these conditions with the new duplication probability
   * @throws IllegalArgumentException if {@code probability} is outside {@code [0, 1]}
   */
  public LinkConditions withDuplicateProbability(double probability) {
    return new LinkConditions(
        latency, dropProbability, probability, reorderProbability, reorderDelay);
  }

  /**
   * The same link with another reordering probability and longest hold-back.
   *
   * @param probability the chance that a copy is held back, in {@code [0, 1]}
   * @param maxDelay the longest hold-back, zero or more
   * @return a copy of these conditions with the new reordering
   * @throws IllegalArgumentException if {@code probability} is outside {@code [0, 1]} or {@code
   *     maxDelay} is negative
   */
  public LinkConditions withReorder(double probability, Duration maxDelay) {
    return new LinkConditions(
        latency, dropProbability, duplicateProbability, probability, maxDelay);
  }

  private static void requireProbability(double p, String name) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
    }
  }
}
