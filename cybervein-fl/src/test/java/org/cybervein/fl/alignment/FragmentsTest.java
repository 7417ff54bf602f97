package org.cybervein.fl.alignment;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.v1.FlProto;
import org.junit.jupiter.api.Test;

/** PSI messages split into fragments and put back together, within a bound whatever arrives. */
class FragmentsTest {
  private static final FlProto.PsiKind KIND = FlProto.PsiKind.PSI_ECDH_CURVE25519;

  @Test
  void reassemblesFragmentsInAnyOrder() {
    qt(50)
        .forAll(longs().all(), integers().between(0, 5000), integers().between(1, 700))
        .checkAssert(
            (seed, size, fragmentBytes) -> {
              byte[] raw = new byte[size];
              DeterministicRandom.fromSeed(seed).nextBytes(raw);
              Bytes payload = Bytes.of(raw);
              List<FlProto.FlAlignment> parts =
                  new ArrayList<>(AlignmentWire.fragments(KIND, 2, payload, fragmentBytes));
              assertEquals(Math.max(1, (size + fragmentBytes - 1) / fragmentBytes), parts.size());
              Collections.shuffle(parts, new Random(seed));
              Fragments buffer = new Fragments(size, fragmentBytes);
              for (int i = 0; i < parts.size(); i++) {
                assertEquals(
                    i == parts.size() - 1
                        ? Fragments.Outcome.COMPLETE
                        : Fragments.Outcome.INCOMPLETE,
                    buffer.offer(parts.get(i)));
              }
              assertEquals(payload, buffer.payload());
            });
  }

  @Test
  void refusesDuplicatesOversizeAndInconsistentCounts() {
    Bytes payload = Bytes.of(new byte[250]);
    List<FlProto.FlAlignment> parts = AlignmentWire.fragments(KIND, 1, payload, 100);
    assertEquals(3, parts.size());
    Fragments buffer = new Fragments(250, 100);
    assertEquals(Fragments.Outcome.INCOMPLETE, buffer.offer(parts.get(0)));
    assertEquals(Fragments.Outcome.REFUSED, buffer.offer(parts.get(0)), "duplicate");
    assertEquals(
        Fragments.Outcome.REFUSED,
        buffer.offer(parts.get(1).toBuilder().setFragments(4).build()),
        "another count");
    assertEquals(
        Fragments.Outcome.REFUSED,
        buffer.offer(parts.get(1).toBuilder().setPayload(parts.get(2).getPayload()).build()),
        "a short fragment that is not the last");
    assertEquals(Fragments.Outcome.INCOMPLETE, buffer.offer(parts.get(2)));
    assertEquals(Fragments.Outcome.COMPLETE, buffer.offer(parts.get(1)));
    assertEquals(payload, buffer.payload());
    // A message longer than the bound is refused at its first fragment: nothing is buffered.
    Fragments small = new Fragments(199, 100);
    assertEquals(Fragments.Outcome.REFUSED, small.offer(parts.get(0)));
    assertEquals(
        Fragments.Outcome.REFUSED,
        small.offer(parts.get(0).toBuilder().setFragment(7).setFragments(2).build()),
        "index beyond the count");
  }
}
