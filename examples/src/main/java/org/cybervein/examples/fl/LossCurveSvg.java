package org.cybervein.examples.fl;

import java.util.List;
import java.util.Locale;
import org.cybervein.fl.model.EpochProgress;

/** Draws a loss curve as a small stand-alone SVG picture, written by hand. */
final class LossCurveSvg {
  private static final int WIDTH = 480;
  private static final int HEIGHT = 300;
  private static final int MARGIN = 50;

  private LossCurveSvg() {}

  static String draw(String title, List<EpochProgress> epochs) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (EpochProgress p : epochs) {
      min = Math.min(min, p.loss());
      max = Math.max(max, p.loss());
    }
    if (max - min < 1e-12) {
      max = min + 1e-12;
    }
    int n = Math.max(1, epochs.size() - 1);
    StringBuilder points = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (int i = 0; i < epochs.size(); i++) {
      double x = MARGIN + (WIDTH - 2.0 * MARGIN) * i / n;
      double y =
          HEIGHT - MARGIN - (HEIGHT - 2.0 * MARGIN) * (epochs.get(i).loss() - min) / (max - min);
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      dots.append(
          String.format(
              Locale.ROOT, "  <circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f77b4\"/>%n", x, y));
    }
    return String.format(
        Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
            + " font-size=\"12\">%n"
            + "  <rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
            + "  <text x=\"%d\" y=\"25\" font-size=\"14\">%s</text>%n"
            + "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
            + "  <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
            + "  <text x=\"%d\" y=\"%d\">epoch</text>%n"
            + "  <text x=\"5\" y=\"%d\">%.4f</text>%n"
            + "  <text x=\"5\" y=\"%d\">%.4f</text>%n"
            + "  <polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"%s\"/>%n"
            + "%s</svg>%n",
        WIDTH,
        HEIGHT,
        MARGIN,
        title,
        MARGIN,
        HEIGHT - MARGIN,
        WIDTH - MARGIN,
        HEIGHT - MARGIN,
        MARGIN,
        MARGIN,
        MARGIN,
        HEIGHT - MARGIN,
        WIDTH / 2,
        HEIGHT - 15,
        MARGIN + 4,
        max,
        HEIGHT - MARGIN,
        min,
        points.toString().trim(),
        dots);
  }
}
