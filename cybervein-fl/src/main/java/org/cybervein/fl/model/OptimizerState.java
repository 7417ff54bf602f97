package org.cybervein.fl.model;

/**
 * The running state of an {@link Optimizer} over one training run: Adam's moment estimates and step
 * count. Each party keeps one for its own coordinates. Not thread-safe; a trainer drives it from
 * one thread.
 */
public final class OptimizerState {
  private final Optimizer optimizer;
  private final double[] firstMoment;
  private final double[] secondMoment;
  private int steps;

  OptimizerState(Optimizer optimizer, int parameters) {
    if (parameters < 0) {
      throw new IllegalArgumentException("parameters must not be negative, got " + parameters);
    }
    this.optimizer = optimizer;
    this.firstMoment = new double[parameters];
    this.secondMoment = new double[parameters];
  }

  /**
   * Applies one mini-batch step to {@code parameters} in place.
   *
   * @param parameters the coordinates to update, as many as the state was started with
   * @param gradients the gradient of each (with the L2 term)
   * @param learningRate the base learning rate eta
   * @param epoch the epoch index, from 0 (for the SGD decay)
   * @throws IllegalArgumentException if the lengths differ from the state's
   */
  public void step(double[] parameters, double[] gradients, double learningRate, int epoch) {
    if (parameters.length != firstMoment.length || gradients.length != firstMoment.length) {
      throw new IllegalArgumentException(
          "state of "
              + firstMoment.length
              + " coordinates, given "
              + parameters.length
              + " and "
              + gradients.length);
    }
    steps++;
    if (optimizer.kind() == Optimizer.Kind.SGD) {
      double base = 1 + optimizer.decay() * epoch;
      double rate = learningRate / (optimizer.decaySqrt() ? Math.sqrt(base) : base);
      for (int j = 0; j < parameters.length; j++) {
        parameters[j] -= rate * gradients[j];
      }
      return;
    }
    double b1 = optimizer.beta1();
    double b2 = optimizer.beta2();
    double correction1 = 1 - Math.pow(b1, steps);
    double correction2 = 1 - Math.pow(b2, steps);
    for (int j = 0; j < parameters.length; j++) {
      double g = gradients[j];
      firstMoment[j] = b1 * firstMoment[j] + (1 - b1) * g;
      secondMoment[j] = b2 * secondMoment[j] + (1 - b2) * g * g;
      double mHat = firstMoment[j] / correction1;
      double vHat = secondMoment[j] / correction2;
      parameters[j] -= learningRate * mHat / (Math.sqrt(vHat) + optimizer.epsilon());
    }
  }
}
