package org.cybervein.fl.transfer;

/**
 * How the two parties train (both must use the same settings). Each party maps its features x to a
 * representation {@code u = tanh(W [x; 1])} of {@code dimension} values; B's labelled users give
 * {@code Phi = mean_k y_k u_B,k} ({@code y} in {-1, +1}), and a user's score is {@code Phi . u}.
 * The loss, minimised by gradient descent, is
 *
 * <pre>
 *   L = mean over the overlap i of [log 2 - y_i Phi.u_A,i / 2 + (Phi.u_A,i)^2 / 8]   (target, Taylor)
 *     + gamma * mean over the overlap of |u_A,i - u_B,i|^2                          (alignment)
 *     + sourceWeight * mean over B's users k of the same Taylor loss of Phi.u_B,k     (source, B alone)
 *     + l2 / 2 * (|W_A|^2 + |W_B|^2)                                                (bias not penalised)
 * </pre>
 *
 * <p>One epoch is one exchange of intermediate values followed by {@code localRounds} gradient
 * steps: with more than one round, each party keeps stepping on the other's values of the
 * exchange's start (the communication-efficient mode), and only the small masked gradients travel
 * between rounds. Training stops after {@code maxEpochs} epochs, or once an epoch's loss differs
 * from the previous one's by less than {@code tolerance}.
 *
 * @param dimension d, the size of each representation, 1 to 64
 * @param learningRate eta, positive
 * @param gamma the weight of the alignment term, not negative
 * @param l2 lambda, not negative
 * @param sourceWeight the weight of B's own loss over all its labelled users, not negative
 * @param maxEpochs exchanges at most, positive
 * @param localRounds gradient steps per exchange, 1 to 64
 * @param tolerance the convergence threshold on the change of epoch loss, not negative
 * @param initSeed the seed of both parties' initial weights (each side derives its own stream)
 */
public record TransferSettings(
    int dimension,
    double learningRate,
    double gamma,
    double l2,
    double sourceWeight,
    int maxEpochs,
    int localRounds,
    double tolerance,
    long initSeed) {
  /** The largest representation dimension. */
  public static final int MAX_DIMENSION = 64;

  /** The most gradient steps per exchange. */
  public static final int MAX_LOCAL_ROUNDS = 64;

  /**
   * Rejects values outside the ranges above.
   *
   * @param dimension d, the size of each representation, 1 to 64
   * @param learningRate eta, positive
   * @param gamma the weight of the alignment term, not negative
   * @param l2 lambda, not negative
   * @param sourceWeight the weight of B's own loss over all its labelled users, not negative
   * @param maxEpochs exchanges at most, positive
   * @param localRounds gradient steps per exchange, 1 to 64
   * @param tolerance the convergence threshold on the change of epoch loss, not negative
   * @param initSeed the seed of both parties' initial weights
   */
  public TransferSettings {
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException("dimension must be 1 to 64, got " + dimension);
    }
    if (!(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
    }
    requireNonNegative("gamma", gamma);
    requireNonNegative("l2", l2);
    requireNonNegative("sourceWeight", sourceWeight);
    requireNonNegative("tolerance", tolerance);
    if (maxEpochs < 1) {
      throw new IllegalArgumentException("maxEpochs must be positive, got " + maxEpochs);
    }
    if (localRounds < 1 || localRounds > MAX_LOCAL_ROUNDS) {
      throw new IllegalArgumentException("localRounds must be 1 to 64, got " + localRounds);
    }
  }

  /**
   * Settings that suit standardised features: d = 4, eta = 1, gamma = 0.05, lambda = 0.01, source
   * weight 1, one round per exchange, tolerance 1e-6.
   *
   * @param maxEpochs exchanges at most, positive
   * @param initSeed the seed of the initial weights
   * @return the settings
   */
  public static TransferSettings defaults(int maxEpochs, long initSeed) {
    return new TransferSettings(4, 1.0, 0.05, 0.01, 1.0, maxEpochs, 1, 1e-6, initSeed);
  }

  /**
   * A copy with another number of gradient steps per exchange.
   *
   * @param rounds 1 to 64
   * @return the copy
   */
  public TransferSettings withLocalRounds(int rounds) {
    return new TransferSettings(
        dimension, learningRate, gamma, l2, sourceWeight, maxEpochs, rounds, tolerance, initSeed);
  }

  /**
   * A copy with another epoch limit.
   *
   * @param epochs positive
   * @return the copy
   */
  public TransferSettings withMaxEpochs(int epochs) {
    return new TransferSettings(
        dimension, learningRate, gamma, l2, sourceWeight, epochs, localRounds, tolerance, initSeed);
  }

  /**
   * A copy with another representation size, alignment weight and L2 penalty.
   *
   * @param d the dimension, 1 to 64
   * @param alignment gamma, not negative
   * @param penalty lambda, not negative
   * @return the copy
   */
  public TransferSettings withShape(int d, double alignment, double penalty) {
    return new TransferSettings(
        d,
        learningRate,
        alignment,
        penalty,
        sourceWeight,
        maxEpochs,
        localRounds,
        tolerance,
        initSeed);
  }

  private static void requireNonNegative(String name, double v) {
    if (!(v >= 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException(name + " must not be negative, got " + v);
    }
  }
}
