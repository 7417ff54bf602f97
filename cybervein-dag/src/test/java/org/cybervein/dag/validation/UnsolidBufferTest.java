package org.cybervein.dag.validation;

import static org.cybervein.dag.testing.TestUnits.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.dag.testing.DagFixture;
import org.cybervein.dag.testing.TestUnits;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitLimits;
import org.cybervein.testing.ManualClock;
import org.junit.jupiter.api.Test;

class UnsolidBufferTest {
  private static Hash h(String s) {
    return HashFunction.untaggedSha256(Bytes.utf8(s).toByteArray());
  }

  private static final UnitVerifier VERIFIER =
      new UnitVerifier(
          UnitLimits.DEFAULT,
          DagFixture.validators(DagFixture.keys(1)),
          new ManualClock(DagFixture.NOW),
          Runnable::run,
          1);

  private static VerifiedUnit held(Unit u) {
    return new VerifiedUnit(u, VERIFIER);
  }

  @Test
  void releasesAUnitOnlyWhenAllItsParentsArrived() {
    UnsolidBuffer buffer = new UnsolidBuffer(1 << 20);
    Unit u = TestUnits.unit(key(1), 0, List.of(h("a"), h("b")), 1);
    assertTrue(buffer.hold(held(u), Set.of(h("a"), h("b"))));
    assertEquals(List.of(h("a"), h("b")).stream().sorted().toList(), buffer.missing());
    assertEquals(List.of(), buffer.release(h("a")));
    assertEquals(List.of(h("b")), buffer.missing());
    assertEquals(List.of(u), buffer.release(h("b")).stream().map(VerifiedUnit::unit).toList());
    assertEquals(0, buffer.size());
    assertEquals(0, buffer.bytes());
  }

  @Test
  void boundIsInBytes() {
    Unit u = TestUnits.unit(key(1), 0, List.of(h("a")), 1);
    UnsolidBuffer buffer = new UnsolidBuffer(u.encodedSize());
    assertTrue(buffer.hold(held(u), Set.of(h("a"))));
    Unit w = TestUnits.unit(key(2), 0, List.of(h("a")), 2);
    assertFalse(buffer.hold(held(w), Set.of(h("a"))));
    assertEquals(1, buffer.size());
  }

  @Test
  void heldUnitsAreNotRequested() {
    UnsolidBuffer buffer = new UnsolidBuffer(1 << 20);
    Unit parent = TestUnits.unit(key(1), 0, List.of(h("root")), 1);
    Unit child = TestUnits.unit(key(2), 0, List.of(parent.id()), 2);
    buffer.hold(held(child), Set.of(parent.id()));
    buffer.hold(held(parent), Set.of(h("root")));
    assertEquals(List.of(h("root")), buffer.missing());
    assertEquals(
        List.of(child),
        buffer.dropDescendants(h("root")).stream().skip(1).map(VerifiedUnit::unit).toList());
    assertEquals(List.of(), buffer.missing());
    assertEquals(0, buffer.bytes());
  }
}
