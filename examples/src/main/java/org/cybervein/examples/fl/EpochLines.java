package org.cybervein.examples.fl;

import java.io.PrintStream;
import java.util.List;
import org.cybervein.fl.model.EpochProgress;
import org.cybervein.fl.model.TrainingListener;

/**
 * The line the FL demos print per epoch (number, loss, elapsed time, convergence), with the
 * progress kept for the loss curve or a comparison after the run.
 */
final class EpochLines {
  private EpochLines() {}

  /**
   * A listener that appends each epoch's progress to {@code into} and prints its line to {@code
   * out}, the loss with {@code lossDecimals} decimals.
   */
  static TrainingListener printing(PrintStream out, int lossDecimals, List<EpochProgress> into) {
    String line = "  epoch %d of %d  loss %." + lossDecimals + "f  elapsed %d ms%s%n";
    return p -> {
      into.add(p);
      out.printf(
          line,
          p.number(),
          p.maxEpochs(),
          p.loss(),
          p.elapsed().toMillis(),
          p.converged() ? "  converged" : "");
    };
  }
}
