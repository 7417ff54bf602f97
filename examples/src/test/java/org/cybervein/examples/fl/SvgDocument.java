package org.cybervein.examples.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** An SVG picture parsed as XML, with the look-ups the loss curve tests need. */
final class SvgDocument {
  private final Document document;

  private SvgDocument(Document document) {
    this.document = document;
  }

  /** Parses {@code svg}; fails the test if it is not well-formed XML with an svg root. */
  static SvgDocument parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    Element root = document.getDocumentElement();
    assertEquals("svg", root.getLocalName());
    assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
    return new SvgDocument(document);
  }

  /** The elements named {@code tag} whose class attribute is {@code cssClass}, in order. */
  List<Element> withClass(String tag, String cssClass) {
    List<Element> found = new ArrayList<>();
    NodeList all = document.getElementsByTagNameNS("*", tag);
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (e.getAttribute("class").equals(cssClass)) {
        found.add(e);
      }
    }
    return found;
  }

  /** The texts of the elements {@link #withClass} finds. */
  List<String> texts(String tag, String cssClass) {
    return withClass(tag, cssClass).stream().map(e -> e.getTextContent().trim()).toList();
  }

  /** The tick labels inside the group of class {@code axis} ({@code x-axis} or {@code y-axis}). */
  List<String> tickLabels(String axis) {
    Element group = withClass("g", axis).get(0);
    List<String> labels = new ArrayList<>();
    NodeList texts = group.getElementsByTagNameNS("*", "text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element e = (Element) texts.item(i);
      if (e.getAttribute("class").equals("tick-label")) {
        labels.add(e.getTextContent().trim());
      }
    }
    return labels;
  }

  /** The axis name (class {@code axis-label}) inside the group of class {@code axis}. */
  String axisLabel(String axis) {
    Element group = withClass("g", axis).get(0);
    NodeList texts = group.getElementsByTagNameNS("*", "text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element e = (Element) texts.item(i);
      if (e.getAttribute("class").equals("axis-label")) {
        return e.getTextContent().trim();
      }
    }
    throw new AssertionError("no axis label in " + axis);
  }
}
