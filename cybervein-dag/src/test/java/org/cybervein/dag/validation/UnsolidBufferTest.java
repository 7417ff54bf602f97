package org.cybervein.dag.validation;

import static org.cybervein.dag.testing.TestUnits.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
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
    // one origin: the newer unit displaces the older
    List<Hash> evicted = new ArrayList<>();
    assertTrue(buffer.hold(held(w), Set.of(h("a")), UnsolidBuffer.LOCAL, evicted::add));
    assertEquals(List.of(u.id()), evicted);
    assertEquals(1, buffer.size());
    Unit big = TestUnits.unit(key(2), 0, List.of(h("a"), h("b"), h("c")), 3);
    assertFalse(buffer.hold(held(big), Set.of(h("a"))), "larger than the whole bound");
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

  /**
   * Issue 14, item 7: orphans of one peer fill the buffer; an honest unit of another peer must
   * still be held, by evicting the flooder's oldest orphans, never another peer's units.
   */
  @Test
  void aFlooderDisplacesOnlyItselfAndHonestUnitsTakeRoomFromIt() {
    NodeId mallory = NodeId.of("mallory");
    NodeId honest = NodeId.of("honest");
    int size = TestUnits.unit(key(1), 0, List.of(h("x0")), 0).encodedSize();
    UnsolidBuffer buffer = new UnsolidBuffer(8L * size, 6L * size);
    List<Hash> evicted = new ArrayList<>();
    List<Unit> orphans = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Unit o = TestUnits.unit(key(1), 0, List.of(h("x" + i)), i);
      orphans.add(o);
      assertTrue(buffer.hold(held(o), Set.of(h("x" + i)), mallory, evicted::add));
    }
    // over its quota of 6 units, Mallory displaced its own oldest four
    assertEquals(orphans.subList(0, 4).stream().map(Unit::id).toList(), evicted);
    assertEquals(6L * size, buffer.bytes(mallory));
    List<Unit> honestUnits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Unit u = TestUnits.unit(key(2), 0, List.of(h("p" + i)), i);
      honestUnits.add(u);
      assertTrue(buffer.hold(held(u), Set.of(h("p" + i)), honest, evicted::add), "unit " + i);
    }
    // the honest units took the free room, then room from the peer holding more than them
    assertEquals(8L * size, buffer.bytes());
    assertEquals(4L * size, buffer.bytes(mallory));
    assertEquals(orphans.subList(0, 6).stream().map(Unit::id).toList(), evicted);
    // an evicted orphan's parent is no longer asked for; the honest units' parents are
    assertFalse(buffer.missing().contains(h("x0")));
    assertTrue(buffer.missing().contains(h("p0")));
    // Mallory, holding no more than the honest peer, now displaces only its own units
    for (int i = 10; i < 30; i++) {
      buffer.hold(
          held(TestUnits.unit(key(1), 0, List.of(h("x" + i)), i)),
          Set.of(h("x" + i)),
          mallory,
          evicted::add);
      assertTrue(buffer.bytes() <= 8L * size);
    }
    for (Unit u : honestUnits) {
      assertTrue(buffer.contains(u.id()), "an honest unit was evicted");
    }
  }
}
