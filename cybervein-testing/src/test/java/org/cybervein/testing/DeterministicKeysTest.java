package org.cybervein.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeterministicKeysTest {
  @Test
  void sameSeedAndIndexGiveTheSameKey() {
    assertEquals(
        DeterministicKeys.ed25519(7, 3).publicKey(), DeterministicKeys.ed25519(7, 3).publicKey());
    assertEquals(
        DeterministicKeys.x25519(7, 3).publicKey(), DeterministicKeys.x25519(7, 3).publicKey());
  }

  @Test
  void keysDifferBySeedAndIndex() {
    assertNotEquals(
        DeterministicKeys.ed25519(7, 3).publicKey(), DeterministicKeys.ed25519(7, 4).publicKey());
    assertNotEquals(
        DeterministicKeys.ed25519(7, 3).publicKey(), DeterministicKeys.ed25519(8, 3).publicKey());
    assertNotEquals(
        DeterministicKeys.x25519(7, 3).publicKey(), DeterministicKeys.x25519(8, 3).publicKey());
  }

  @Test
  void refusesNegativeIndexes() {
    assertThrows(IllegalArgumentException.class, () -> DeterministicKeys.ed25519(1, -1));
    assertThrows(IllegalArgumentException.class, () -> DeterministicKeys.x25519(1, -1));
  }

  @Test
  void namedStreamsReplayAndDiffer() {
    assertEquals(TestRandom.stream(5, "a").nextLong(), TestRandom.stream(5, "a").nextLong());
    assertNotEquals(TestRandom.stream(5, "a").nextLong(), TestRandom.stream(5, "b").nextLong());
    assertNotEquals(TestRandom.stream(5, "a").nextLong(), TestRandom.stream(6, "a").nextLong());
    assertEquals(
        TestRandom.stream(PropertyRuns.seed(), "a").nextLong(), TestRandom.stream("a").nextLong());
  }
}
