package org.cybervein.fl.model;

/**
 * How a party turns a gradient into a step, coordinate by coordinate, so that the parties of
 * vertical training, each updating only its own weights from its own decrypted gradient, end with
 * exactly the weights the centralised trainer gets: every rule here acts on each coordinate alone.
 *
 * <ul>
 *   <li>{@link #sgd()}: {@code w -= eta g}, the default.
 *   <li>{@link #sgdWithDecay(double, boolean)}: FATE's schedule {@code eta_t = eta / (1 + decay t)}
 *       or {@code eta / sqrt(1 + decay t)}, t the epoch index from 0.
 *   <li>{@link #adam()}: Kingma and Ba's Adam ({@code beta1} 0.9, {@code beta2} 0.999, {@code
 *       epsilon} 1e-8, bias-corrected), t counting mini-batch steps from 1.
 * </ul>
 *
 * <p>The gradient it is given already includes the L2 term {@code lambda w}.
 *
 * @param kind the rule
 * @param decay the learning-rate decay for {@link Kind#SGD}, not negative (0: none)
 * @param decaySqrt true to decay with the square root
 * @param beta1 Adam's first-moment rate, in [0, 1)
 * @param beta2 Adam's second-moment rate, in [0, 1)
 * @param epsilon Adam's denominator guard, positive
 */
public record Optimizer(
    Optimizer.Kind kind,
    double decay,
    boolean decaySqrt,
    double beta1,
    double beta2,
    double epsilon) {
  /** The update rules. */
  public enum Kind {
    /** Gradient descent, with an optional learning-rate decay. */
    SGD,
    /** Adam. */
    ADAM
  }

  /**
   * Checks the ranges above.
   *
   * @param kind the rule
   * @param decay the learning-rate decay for SGD, not negative
   * @param decaySqrt true to decay with the square root
   * @param beta1 Adam's first-moment rate, in [0, 1)
   * @param beta2 Adam's second-moment rate, in [0, 1)
   * @param epsilon Adam's denominator guard, positive
   */
  public Optimizer {
    java.util.Objects.requireNonNull(kind, "kind");
    if (!(decay >= 0 && Double.isFinite(decay))) {
      throw new IllegalArgumentException("decay must not be negative, got " + decay);
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
    }
    if (!(epsilon > 0 && Double.isFinite(epsilon))) {
      throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
    }
  }

  /**
   * Plain gradient descent at a fixed learning rate.
   *
   * @return the optimizer
   */
  public static Optimizer sgd() {
    return new Optimizer(Kind.SGD, 0, false, 0.9, 0.999, 1e-8);
  }

  /**
   * Gradient descent with FATE's learning-rate decay.
   *
   * @param decay the decay rate, not negative
   * @param sqrt true for {@code eta / sqrt(1 + decay t)}, false for {@code eta / (1 + decay t)}
   * @return the optimizer
   */
  public static Optimizer sgdWithDecay(double decay, boolean sqrt) {
    return new Optimizer(Kind.SGD, decay, sqrt, 0.9, 0.999, 1e-8);
  }

  /**
   * Adam with the usual constants.
   *
   * @return the optimizer
   */
  public static Optimizer adam() {
    return new Optimizer(Kind.ADAM, 0, false, 0.9, 0.999, 1e-8);
  }

  /**
   * A fresh state for {@code parameters} coordinates, for one training run.
   *
   * @param parameters the number of coordinates it updates
   * @return the state
   */
  public OptimizerState start(int parameters) {
    return new OptimizerState(this, parameters);
  }
}
