package org.cybervein.examples.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import org.cybervein.fl.model.EpochProgress;

/**
 * Draws the loss curve of a training run as a small stand-alone SVG picture, written by hand: a
 * title, an x axis of epochs and a y axis of loss (from zero, so that the drop reads in
 * proportion), each with ticks, tick labels and its name, light grid lines, and one marked point
 * per epoch joined by a line. Elements carry classes ({@code title}, {@code axis-label}, {@code
 * tick-label}, {@code point}) so that a test or a style sheet can find them.
 */
final class LossCurveSvg {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 400;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final int TICK = 5;

  /** Above this many epochs the points are not labelled with their loss, which would overlap. */
  private static final int MAX_VALUE_LABELS = 12;

  /** Up to this many epochs every epoch gets a tick; beyond, round numbers do. */
  private static final int MAX_EPOCH_TICKS = 10;

  private static final String COLOUR = "#1f77b4";

  private LossCurveSvg() {}

  /**
   * The picture of {@code epochs}, in order, under {@code title}. Epochs are numbered from 1 on the
   * axis, as the demo prints them.
   *
   * @throws IllegalArgumentException if a loss is not finite
   */
  static String draw(String title, List<EpochProgress> epochs) {
    double maxLoss = 0;
    double minLoss = 0;
    for (EpochProgress p : epochs) {
      if (!Double.isFinite(p.loss())) {
        throw new IllegalArgumentException("epoch " + p.number() + " has loss " + p.loss());
      }
      maxLoss = Math.max(maxLoss, p.loss());
      minLoss = Math.min(minLoss, p.loss());
    }
    AxisTicks lossTicks = AxisTicks.covering(minLoss, maxLoss, 5);
    int n = epochs.size();
    Plot plot = new Plot(0.5, Math.max(1, n) + 0.5, lossTicks.low(), lossTicks.high());

    StringBuilder svg = new StringBuilder();
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg.append(
        format(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("  <title>").append(escape(title)).append("</title>\n");
    svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(
        format(
            "  <text class=\"title\" x=\"%d\" y=\"30\" text-anchor=\"middle\" font-size=\"16\">",
            LEFT + (WIDTH - LEFT - RIGHT) / 2));
    svg.append(escape(title)).append("</text>\n");

    int x0 = LEFT;
    int x1 = WIDTH - RIGHT;
    int y0 = HEIGHT - BOTTOM;
    int y1 = TOP;
    svg.append("  <g class=\"y-axis\">\n");
    for (int i = 0; i < lossTicks.count(); i++) {
      double y = plot.y(lossTicks.value(i));
      svg.append(format("    <line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"", x0, y, x1, y))
          .append(" stroke=\"#e0e0e0\"/>\n");
      svg.append(
          format(
              "    <line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"black\"/>\n",
              x0 - TICK, y, x0, y));
      svg.append(
          format(
              "    <text class=\"tick-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
              x0 - TICK - 3, y + 4, lossTicks.label(i)));
    }
    svg.append(
        format(
            "    <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
            x0, y0, x0, y1));
    int labelY = (y0 + y1) / 2;
    svg.append(
        format(
            "    <text class=\"axis-label\" x=\"20\" y=\"%d\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 20 %d)\">loss</text>\n",
            labelY, labelY));
    svg.append("  </g>\n");

    svg.append("  <g class=\"x-axis\">\n");
    svg.append(
        format(
            "    <line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
            x0, y0, x1, y0));
    for (long epoch : epochTicks(Math.max(1, n))) {
      double x = plot.x(epoch);
      svg.append(
          format(
              "    <line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>\n",
              x, y0, x, y0 + TICK));
      svg.append(
          format(
              "    <text class=\"tick-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
              x, y0 + TICK + 14, epoch));
    }
    svg.append(
        format(
            "    <text class=\"axis-label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">epoch</text>\n",
            (x0 + x1) / 2, HEIGHT - 15));
    svg.append("  </g>\n");

    if (n > 0) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < n; i++) {
        points.append(i == 0 ? "" : " ");
        points.append(format("%.1f,%.1f", plot.x(i + 1), plot.y(epochs.get(i).loss())));
      }
      svg.append(
          format(
              "  <polyline class=\"curve\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                  + " points=\"%s\"/>\n",
              COLOUR, points));
      svg.append(format("  <g class=\"points\" fill=\"%s\">\n", COLOUR));
      for (int i = 0; i < n; i++) {
        double x = plot.x(i + 1);
        double y = plot.y(epochs.get(i).loss());
        String value = format("%.4f", epochs.get(i).loss());
        svg.append(
            format(
                "    <circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\">"
                    + "<title>epoch %d: loss %s</title></circle>\n",
                x, y, i + 1, value));
        if (n <= MAX_VALUE_LABELS) {
          svg.append(
              format(
                  "    <text class=\"value-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
                      + " fill=\"#333333\">%s</text>\n",
                  x, y - 10, value));
        }
      }
      svg.append("  </g>\n");
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** Every epoch when there are few, else round numbers of epochs within 1..n. */
  private static List<Long> epochTicks(int n) {
    if (n <= MAX_EPOCH_TICKS) {
      return LongStream.rangeClosed(1, n).boxed().toList();
    }
    AxisTicks ticks = AxisTicks.covering(1, n, 8);
    List<Long> epochs = new ArrayList<>();
    for (int i = 0; i < ticks.count(); i++) {
      long epoch = Math.round(ticks.value(i));
      if (epoch >= 1 && epoch <= n) {
        epochs.add(epoch);
      }
    }
    return epochs;
  }

  /** Maps data coordinates to the picture's, whose y grows downwards. */
  private record Plot(double xLow, double xHigh, double yLow, double yHigh) {
    double x(double epoch) {
      return LEFT + (WIDTH - LEFT - RIGHT) * (epoch - xLow) / (xHigh - xLow);
    }

    double y(double loss) {
      return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (loss - yLow) / (yHigh - yLow);
    }
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** Escapes text for an XML element's content. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
