package org.cybervein.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.strings;

import org.cybervein.api.testing.PropertyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "replica-0", "host.example:7000", "A_b.C-9:z"})
  void acceptsNamesFromTheAllowedCharacters(String name) {
    assertEquals(name, NodeId.of(name).value());
    assertEquals(name, NodeId.of(name).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a b", "a/b", "é", "a\n", "node#1"})
  void rejectsOtherCharactersAndTheEmptyName(String name) {
    assertThrows(IllegalArgumentException.class, () -> NodeId.of(name));
  }

  @Test
  void acceptsAtMost128Characters() {
    assertEquals(128, NodeId.of("x".repeat(128)).value().length());
    assertThrows(IllegalArgumentException.class, () -> NodeId.of("x".repeat(129)));
    assertThrows(NullPointerException.class, () -> NodeId.of(null));
  }

  @Test
  void sortsByText() {
    assertTrue(NodeId.of("replica-1").compareTo(NodeId.of("replica-2")) < 0);
    assertEquals(NodeId.of("a"), new NodeId("a"));
  }

  @Test
  void equalExactlyWhenTheTextIsEqualWithTheTextsHash() {
    // Short texts over a four-letter alphabet, so that equal pairs come up often.
    PropertyRuns.qt()
        .forAll(
            strings().betweenCodePoints('a', 'd').ofLengthBetween(1, 3),
            strings().betweenCodePoints('a', 'd').ofLengthBetween(1, 3))
        .checkAssert(
            (x, y) -> {
              NodeId a = NodeId.of(x);
              NodeId b = NodeId.of(y);
              assertEquals(x.equals(y), a.equals(b));
              assertEquals(x.hashCode(), a.hashCode());
              if (a.equals(b)) {
                assertEquals(a.hashCode(), b.hashCode());
              }
            });
    assertNotEquals(NodeId.of("a"), "a");
    assertNotEquals(NodeId.of("a"), null);
  }
}
