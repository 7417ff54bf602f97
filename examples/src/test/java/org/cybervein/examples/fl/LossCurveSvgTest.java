package org.cybervein.examples.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.fl.model.EpochProgress;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class LossCurveSvgTest {
  private static List<EpochProgress> epochs(double... losses) {
    List<EpochProgress> list = new ArrayList<>();
    for (int i = 0; i < losses.length; i++) {
      list.add(
          new EpochProgress(i + 1, losses.length, losses[i], Duration.ofSeconds(i + 1), false));
    }
    return list;
  }

  @Test
  void drawsTitleLabelledAxesWithTicksAndOnePointPerEpoch() throws Exception {
    SvgDocument svg =
        SvgDocument.parse(LossCurveSvg.draw("Loss per epoch", epochs(0.56098, 0.40455, 0.36783)));

    assertEquals(List.of("Loss per epoch"), svg.texts("text", "title"));
    assertEquals("epoch", svg.axisLabel("x-axis"));
    assertEquals("loss", svg.axisLabel("y-axis"));
    assertEquals(List.of("1", "2", "3"), svg.tickLabels("x-axis"));
    assertEquals(
        List.of("0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6"), svg.tickLabels("y-axis"));
    List<Element> points = svg.withClass("circle", "point");
    assertEquals(3, points.size());
    assertEquals(List.of("0.5610", "0.4046", "0.3678"), svg.texts("text", "value-label"));
  }

  @Test
  void pointsRunLeftToRightAndALowerLossSitsLower() throws Exception {
    SvgDocument svg = SvgDocument.parse(LossCurveSvg.draw("t", epochs(0.9, 0.5, 0.7)));
    List<Element> points = svg.withClass("circle", "point");
    double[] cx =
        points.stream().mapToDouble(p -> Double.parseDouble(p.getAttribute("cx"))).toArray();
    double[] cy =
        points.stream().mapToDouble(p -> Double.parseDouble(p.getAttribute("cy"))).toArray();
    assertTrue(cx[0] < cx[1] && cx[1] < cx[2]);
    // SVG's y grows downwards: the smallest loss has the largest y.
    assertTrue(cy[1] > cy[2] && cy[2] > cy[0]);
  }

  @Test
  void manyEpochsGetRoundTicksAndStillOnePointEach() throws Exception {
    double[] losses = new double[40];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = 2.0 / (i + 1);
    }
    SvgDocument svg = SvgDocument.parse(LossCurveSvg.draw("forty", epochs(losses)));
    assertEquals(40, svg.withClass("circle", "point").size());
    assertEquals(List.of("5", "10", "15", "20", "25", "30", "35", "40"), svg.tickLabels("x-axis"));
    assertTrue(svg.texts("text", "value-label").isEmpty(), "40 value labels would overlap");
  }

  @Test
  void oneEpochAndNoEpochStillDrawBothAxes() throws Exception {
    SvgDocument one = SvgDocument.parse(LossCurveSvg.draw("one", epochs(0.25)));
    assertEquals(1, one.withClass("circle", "point").size());
    assertEquals(List.of("1"), one.tickLabels("x-axis"));

    SvgDocument none = SvgDocument.parse(LossCurveSvg.draw("none", List.of()));
    assertEquals(0, none.withClass("circle", "point").size());
    assertEquals("epoch", none.axisLabel("x-axis"));
    assertEquals("loss", none.axisLabel("y-axis"));
  }

  @Test
  void escapesTheTitle() throws Exception {
    SvgDocument svg = SvgDocument.parse(LossCurveSvg.draw("A & B <run 2>", epochs(1, 0.5)));
    assertEquals(List.of("A & B <run 2>"), svg.texts("text", "title"));
  }

  @Test
  void refusesALossThatIsNotFinite() {
    assertThrows(
        IllegalArgumentException.class, () -> LossCurveSvg.draw("t", epochs(0.5, Double.NaN)));
  }
}
