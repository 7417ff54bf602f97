package org.cybervein.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
