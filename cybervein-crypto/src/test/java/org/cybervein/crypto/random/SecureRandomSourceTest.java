package org.cybervein.crypto.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SecureRandomSourceTest {
  @Test
  void successiveDrawsDiffer() {
    SecureRandomSource random = new SecureRandomSource();
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    random.nextBytes(a);
    random.nextBytes(b);
    assertFalse(Arrays.equals(a, b));
    assertFalse(Arrays.equals(a, new byte[32]));
  }

  @Test
  void concurrentUseGivesDistinctValues() {
    SecureRandomSource random = new SecureRandomSource();
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 10_000).parallel().forEach(i -> seen.add(random.nextLong()));
    // 10,000 uniformly random longs collide with probability about 2^-37.
    assertEquals(10_000, seen.size());
  }
}
