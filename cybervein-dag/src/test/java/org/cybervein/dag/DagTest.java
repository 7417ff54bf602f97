package org.cybervein.dag;

import static org.cybervein.dag.testing.TestUnits.GENESIS;
import static org.cybervein.dag.testing.TestUnits.first;
import static org.cybervein.dag.testing.TestUnits.key;
import static org.cybervein.dag.testing.TestUnits.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.certification.InMemoryCheckpointSource;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.store.InMemoryUnitStore;
import org.cybervein.dag.testing.DagFixture;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.AttestationBatch;
import org.cybervein.dag.unit.InvalidUnitException.Reason;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitLimits;
import org.cybervein.dag.unit.UnitStatus;
import org.cybervein.dag.unit.VerificationRecord;
import org.junit.jupiter.api.Test;

class DagTest {
  // Four validators: f = 1, a unit is certified by units of 3 of them.
  private final List<Ed25519PrivateKey> v = DagFixture.keys(4);
  private final ValidatorSet validators = DagFixture.validators(v);
  private final Dag dag = DagFixture.dag(validators);
  private final Map<Hash, List<UnitStatus>> seen = new HashMap<>();

  DagTest() {
    dag.addListener((id, status) -> seen.computeIfAbsent(id, k -> new ArrayList<>()).add(status));
  }

  private static Hash h(String s) {
    return HashFunction.untaggedSha256(Bytes.utf8(s).toByteArray());
  }

  private static Reason onlyRejection(IngestResult r) {
    assertEquals(1, r.rejected().size(), "rejections: " + r.rejected());
    return r.rejected().get(0).error().reason();
  }

  @Test
  void storesAChainAsSolid() {
    Unit u0 = first(key(10), 0);
    Unit u1 = unit(key(10), 1, List.of(u0.id()), 1);
    IngestResult r = dag.ingest(List.of(u0, u1));
    assertEquals(List.of(u0.id(), u1.id()), r.stored());
    assertEquals(Optional.of(UnitStatus.SOLID), dag.status(u1.id()));
    assertEquals(List.of(u1.id()), dag.tips());
    assertEquals(OptionalLong.of(2), dag.store().height(u1.id()));
    assertEquals(List.of(UnitStatus.SOLID), seen.get(u0.id()));
  }

  @Test
  void holdsAUnitWithMissingParentsAndReleasesItWhenTheyArrive() {
    Unit u0 = first(key(10), 0);
    Unit u1 = unit(key(10), 1, List.of(u0.id()), 1);
    Unit u2 = unit(key(10), 2, List.of(u1.id()), 2);
    IngestResult r = dag.ingest(List.of(u2, u1));
    assertEquals(List.of(u2.id(), u1.id()), r.held());
    assertEquals(List.of(u0.id()), r.missing(), "u1 is held, so only u0 is requested");
    assertEquals(Optional.of(UnitStatus.RECEIVED), dag.status(u2.id()));
    assertFalse(dag.store().contains(u2.id()));

    IngestResult after = dag.ingest(u0);
    assertEquals(List.of(u0.id(), u1.id(), u2.id()), after.stored());
    assertEquals(List.of(), dag.missing());
    assertEquals(0, dag.unsolid().size());
    assertEquals(List.of(UnitStatus.RECEIVED, UnitStatus.SOLID), seen.get(u2.id()));
  }

  @Test
  void dropsUnsolidUnitsBeyondTheByteBound() {
    Unit orphan1 = unit(key(10), 0, List.of(h("p1")), 1);
    Unit orphan2 = unit(key(11), 0, List.of(h("p2")), 2);
    long bound = orphan1.encodedSize() + orphan2.encodedSize() - 1;
    Dag small =
        Dag.open(
            new DagConfig(GENESIS, UnitLimits.DEFAULT, validators, bound),
            new InMemoryUnitStore(),
            new org.cybervein.testing.ManualClock(DagFixture.NOW),
            Runnable::run,
            1);
    IngestResult r = small.ingest(List.of(orphan1, orphan2));
    // one origin over its bound: the newer unit displaces the older, which is reported dropped
    assertEquals(List.of(orphan2.id()), r.held());
    assertEquals(List.of(orphan1.id()), r.dropped());
    assertTrue(small.unsolid().bytes() <= bound);
  }

  @Test
  void preVerifiedPathRefusesUnitsVerifiedUnderOtherRules() throws Exception {
    Unit u0 = first(key(10), 0);
    Dag loose =
        Dag.open(
            new DagConfig(
                GENESIS,
                new UnitLimits(16, 65536, 1 << 20, java.time.Duration.ofDays(1)),
                validators,
                1 << 20),
            new InMemoryUnitStore(),
            new org.cybervein.testing.ManualClock(DagFixture.NOW),
            Runnable::run,
            1);
    var elsewhere = loose.verifier().verify(u0);
    assertThrows(IllegalArgumentException.class, () -> dag.ingestVerified(List.of(elsewhere)));
    assertEquals(0, dag.store().size());
    // A verifier of the same rules is fine.
    Dag twin = DagFixture.dag(validators);
    assertEquals(
        List.of(u0.id()), dag.ingestVerified(List.of(twin.verifier().verify(u0))).stored());
  }

  @Test
  void countsDuplicates() {
    Unit u0 = first(key(10), 0);
    dag.ingest(u0);
    IngestResult r = dag.ingest(List.of(u0, u0));
    assertEquals(2, r.duplicates());
    assertEquals(List.of(), r.stored());
  }

  @Test
  void rejectsASequenceGap() {
    Unit u0 = first(key(10), 0);
    Unit skipped = unit(key(10), 2, List.of(u0.id()), 2);
    Unit noSelfParent = unit(key(10), 1, List.of(GENESIS), 3);
    dag.ingest(u0);
    assertEquals(Reason.SEQUENCE_GAP, onlyRejection(dag.ingest(skipped)));
    assertEquals(Reason.SEQUENCE_GAP, onlyRejection(dag.ingest(noSelfParent)));
    Unit otherAuthors = unit(key(11), 1, List.of(u0.id()), 4);
    assertEquals(Reason.SEQUENCE_GAP, onlyRejection(dag.ingest(otherAuthors)));
    assertEquals(1, dag.store().size());
  }

  @Test
  void rejectsAVerificationIdReplayedInTheValidatorsOwnChain() {
    List<VerificationRecord> records =
        List.of(
            new VerificationRecord(h("c1"), h("t1"), h("v1")),
            new VerificationRecord(h("c2"), h("t2"), h("v1")));
    List<Attestation> batch = AttestationBatch.sign(v.get(0), records);
    Unit first = unit(v.get(0), 0, List.of(GENESIS), batch.get(0));
    Unit replay = unit(v.get(0), 1, List.of(first.id()), batch.get(0));
    Unit sameIdOtherUpload = unit(v.get(0), 1, List.of(first.id()), batch.get(1));
    IngestResult r = dag.ingest(List.of(first, replay, sameIdOtherUpload));
    assertEquals(List.of(first.id()), r.stored());
    assertEquals(2, r.rejected().size());
    for (var rejection : r.rejected()) {
      assertEquals(Reason.REPLAYED_VERIFICATION_ID, rejection.error().reason());
    }
    // further down the chain, through a data write, still a replay
    Unit write = unit(v.get(0), 1, List.of(first.id()), 5);
    Unit later = unit(v.get(0), 2, List.of(write.id()), batch.get(0));
    dag.ingest(write);
    assertEquals(Reason.REPLAYED_VERIFICATION_ID, onlyRejection(dag.ingest(later)));
  }

  @Test
  void aVerificationIdIsUniquePerValidatorNotGlobally() {
    VerificationRecord record = new VerificationRecord(h("c1"), h("t1"), h("v1"));
    Unit byV0 =
        unit(
            v.get(0), 0, List.of(GENESIS), AttestationBatch.sign(v.get(0), List.of(record)).get(0));
    Unit byV1 =
        unit(
            v.get(1), 0, List.of(GENESIS), AttestationBatch.sign(v.get(1), List.of(record)).get(0));
    IngestResult r = dag.ingest(List.of(byV0, byV1));
    assertEquals(List.of(byV0.id(), byV1.id()), r.stored());
  }

  /** Issue 14, item 6: a copy that arrives first must not block the validator's own unit. */
  @Test
  void aCopiedAttestationIsRefusedAndDoesNotBlockTheValidatorsUnit() {
    Attestation attestation =
        AttestationBatch.sign(v.get(0), List.of(new VerificationRecord(h("c"), h("t"), h("v"))))
            .get(0);
    Unit copy = unit(key(11), 0, List.of(GENESIS), attestation);
    Unit real = unit(v.get(0), 0, List.of(GENESIS), attestation);
    Unit child = unit(key(12), 0, List.of(real.id()), 1);
    assertEquals(Reason.FOREIGN_ATTESTATION, onlyRejection(dag.ingest(copy)));
    IngestResult r = dag.ingest(List.of(child, real));
    assertEquals(List.of(real.id(), child.id()), r.stored());
    assertEquals(List.of(), r.rejected());
  }

  /**
   * An equivocating validator may carry one id on each of two forks: neither fork's chain holds the
   * other's unit, so both are valid, on every node and in every arrival order; a replay on one fork
   * is still refused.
   */
  @Test
  void replaysAreJudgedOnTheOwnChainAlsoAcrossEquivocationForks() {
    Attestation att =
        AttestationBatch.sign(v.get(0), List.of(new VerificationRecord(h("c"), h("t"), h("v"))))
            .get(0);
    Unit root = unit(v.get(0), 0, List.of(GENESIS), 1);
    Unit forkA = unit(v.get(0), 1, List.of(root.id()), 2);
    Unit forkB = unit(v.get(0), 1, List.of(root.id()), 3);
    Unit attA = unit(v.get(0), 2, List.of(forkA.id()), att);
    Unit attB = unit(v.get(0), 2, List.of(forkB.id()), att);
    Unit replayA = unit(v.get(0), 3, List.of(attA.id()), att);
    Unit joinB = unit(v.get(0), 3, List.of(attB.id(), forkA.id()), 4);
    Unit replayViaB = unit(v.get(0), 4, List.of(joinB.id()), att);
    List<Unit> all = List.of(root, forkA, forkB, attA, attB, replayA, joinB, replayViaB);
    List<Hash> expectedStored =
        List.of(root.id(), forkA.id(), forkB.id(), attA.id(), attB.id(), joinB.id());
    java.util.Random shuffle = new java.util.Random(14);
    for (int round = 0; round < 20; round++) {
      List<Unit> order = new ArrayList<>(all);
      java.util.Collections.shuffle(order, shuffle);
      Dag fresh = DagFixture.dag(validators);
      IngestResult r = fresh.ingest(order);
      assertEquals(
          new java.util.TreeSet<>(expectedStored),
          new java.util.TreeSet<>(r.stored()),
          "order " + order);
      assertEquals(2, r.rejected().size(), r.rejected().toString());
      for (var rejection : r.rejected()) {
        assertEquals(Reason.REPLAYED_VERIFICATION_ID, rejection.error().reason());
      }
    }
  }

  @Test
  void heldDescendantsOfARejectedUnitAreRejectedToo() {
    Unit u0 = first(key(10), 0);
    Unit gap = unit(key(10), 2, List.of(u0.id()), 2); // skips sequence 1
    Unit child = unit(key(11), 0, List.of(gap.id()), 3);
    Unit grandchild = unit(key(12), 0, List.of(child.id()), 4);
    dag.ingest(List.of(grandchild, child));
    assertEquals(2, dag.unsolid().size());
    IngestResult r = dag.ingest(List.of(u0, gap));
    assertEquals(List.of(u0.id()), r.stored());
    assertEquals(3, r.rejected().size());
    assertEquals(Reason.SEQUENCE_GAP, r.rejected().get(0).error().reason());
    assertEquals(Reason.INVALID_PARENT, r.rejected().get(1).error().reason());
    assertEquals(Reason.INVALID_PARENT, r.rejected().get(2).error().reason());
    assertEquals(0, dag.unsolid().size());
    assertEquals(0, dag.unsolid().bytes());
    assertEquals(List.of(), dag.missing());
  }

  @Test
  void aForgedCopyOfAMissingParentDoesNotEvictItsChildren() throws Exception {
    Unit parent = first(key(10), 0);
    Unit child = unit(key(11), 0, List.of(parent.id()), 1);
    dag.ingest(child);
    byte[] raw = parent.encoded().toByteArray();
    raw[raw.length - 1] ^= 1;
    Unit forged = Unit.decode(Bytes.of(raw), UnitLimits.DEFAULT);
    assertEquals(parent.id(), forged.id());
    assertEquals(Reason.BAD_SIGNATURE, onlyRejection(dag.ingest(forged)));
    assertEquals(Optional.of(UnitStatus.RECEIVED), dag.status(child.id()));
    assertEquals(List.of(parent.id(), child.id()), dag.ingest(parent).stored());
  }

  @Test
  void invalidUnitsLeaveTheStateUntouched() throws Exception {
    Unit u0 = first(key(10), 0);
    dag.ingest(u0);
    List<Hash> tips = dag.tips();
    byte[] raw = unit(key(10), 1, List.of(u0.id()), 1).encoded().toByteArray();
    raw[raw.length - 1] ^= 1;
    Unit forged = Unit.decode(Bytes.of(raw), UnitLimits.DEFAULT);
    IngestResult r = dag.ingest(forged);
    assertEquals(Reason.BAD_SIGNATURE, onlyRejection(r));
    assertEquals(1, dag.store().size());
    assertEquals(tips, dag.tips());
    assertEquals(Optional.empty(), dag.status(forged.id()));
    assertEquals(0, dag.unsolid().size());
  }

  @Test
  void keepsBothUnitsOfAnEquivocationAndFlagsTheAuthor() {
    Ed25519PrivateKey a = v.get(0);
    Unit u0 = first(a, 0);
    Unit x = unit(a, 1, List.of(u0.id()), 1);
    Unit y = unit(a, 1, List.of(u0.id()), 2);
    dag.ingest(List.of(u0, x));
    IngestResult r = dag.ingest(y);
    assertEquals(List.of(y.id()), r.stored());
    assertEquals(List.of(a.publicKey()), r.newEquivocators());
    assertEquals(List.of(a.publicKey()), dag.equivocators());
    assertEquals(2, dag.store().unitsAt(a.publicKey(), 1).size());
    // A third unit of the same sequence is still evidence, not a crash.
    Unit z = unit(a, 1, List.of(u0.id()), 3);
    assertEquals(List.of(z.id()), dag.ingest(z).stored());
    assertEquals(List.of(), dag.ingest(z).newEquivocators());
  }

  @Test
  void certifiesOnceThreeValidatorsReferenceAUnit() {
    Unit base = first(key(10), 0);
    dag.ingest(base);
    Unit r0 = unit(v.get(0), 0, List.of(base.id()), 1);
    Unit r1 = unit(v.get(1), 0, List.of(base.id()), 2);
    dag.ingest(List.of(r0, r1));
    assertEquals(Optional.of(UnitStatus.SOLID), dag.status(base.id()));
    Unit r2 = unit(v.get(2), 0, List.of(r0.id()), 3);
    dag.ingest(r2);
    assertEquals(Optional.of(UnitStatus.CERTIFIED), dag.status(base.id()));
    assertEquals(Optional.of(UnitStatus.SOLID), dag.status(r0.id()));
    assertEquals(List.of(UnitStatus.SOLID, UnitStatus.CERTIFIED), seen.get(base.id()));
    assertEquals(List.of(base.id()), dag.totalOrder());
  }

  @Test
  void nonValidatorsDoNotCertify() {
    Unit base = first(key(10), 0);
    List<Unit> units = new ArrayList<>(List.of(base));
    for (int i = 0; i < 6; i++) {
      units.add(unit(key(20 + i), 0, List.of(base.id()), i));
    }
    dag.ingest(units);
    assertEquals(Optional.of(UnitStatus.SOLID), dag.status(base.id()));
  }

  @Test
  void anEquivocatingValidatorStopsCounting() {
    Unit base = first(key(10), 0);
    Unit e1 = unit(v.get(0), 0, List.of(base.id()), 1);
    Unit e2 = unit(v.get(0), 0, List.of(base.id()), 2);
    Unit r1 = unit(v.get(1), 0, List.of(base.id()), 3);
    dag.ingest(List.of(base, e1, e2, r1));
    Unit r2 = unit(v.get(2), 0, List.of(base.id()), 4);
    dag.ingest(r2);
    // Validators 0 (equivocating), 1 and 2 reference base: only two count.
    assertEquals(Optional.of(UnitStatus.SOLID), dag.status(base.id()));
    Unit r3 = unit(v.get(3), 0, List.of(base.id()), 5);
    dag.ingest(r3);
    assertEquals(Optional.of(UnitStatus.CERTIFIED), dag.status(base.id()));
  }

  @Test
  void aCheckpointMakesItsPastFinal() {
    Unit a = first(key(10), 0);
    Unit b = unit(key(10), 1, List.of(a.id()), 1);
    Unit c = first(key(11), 2);
    dag.ingest(List.of(a, b, c));
    InMemoryCheckpointSource source = new InMemoryCheckpointSource();
    source.publish(List.of(b.id()));
    assertEquals(1, dag.pollCheckpoints(source));
    assertEquals(Optional.of(UnitStatus.FINAL), dag.status(a.id()));
    assertEquals(Optional.of(UnitStatus.FINAL), dag.status(b.id()));
    assertEquals(Optional.of(UnitStatus.SOLID), dag.status(c.id()));
    assertEquals(List.of(a.id(), b.id()), dag.totalOrder());
    assertEquals(List.of(UnitStatus.SOLID, UnitStatus.FINAL), seen.get(a.id()));

    Unit missing = first(key(12), 3);
    source.publish(List.of(missing.id()));
    assertEquals(0, dag.pollCheckpoints(source));
    dag.ingest(missing);
    assertEquals(1, dag.pollCheckpoints(source));
    assertEquals(Optional.of(UnitStatus.FINAL), dag.status(missing.id()));
    assertThrows(
        IllegalArgumentException.class,
        () -> dag.applyCheckpoint(source.checkpoint(0).orElseThrow()));
  }

  @Test
  void statusesOnlyRise() {
    List<Unit> units = DagFixture.randomDag(v, 60, 2, new java.util.Random(7));
    dag.ingest(units);
    InMemoryCheckpointSource source = new InMemoryCheckpointSource();
    source.publish(List.of(units.get(30).id()));
    dag.pollCheckpoints(source);
    for (List<UnitStatus> history : seen.values()) {
      for (int i = 1; i < history.size(); i++) {
        assertTrue(history.get(i - 1).compareTo(history.get(i)) < 0, "history " + history);
      }
    }
    assertTrue(seen.values().stream().anyMatch(h -> h.contains(UnitStatus.CERTIFIED)));
  }

  @Test
  void reopeningResumesCertificationFromTheStore() {
    List<Unit> units = DagFixture.randomDag(v, 80, 2, new java.util.Random(11));
    InMemoryUnitStore store = new InMemoryUnitStore();
    Dag first = DagFixture.dag(validators, store);
    first.ingest(units.subList(0, 50));
    Dag reopened = DagFixture.dag(validators, store);
    assertEquals(first.uncertifiedCount(), reopened.uncertifiedCount());
    reopened.ingest(units.subList(50, 80));

    Dag straight = DagFixture.dag(validators);
    straight.ingest(units);
    assertEquals(straight.totalOrder(), reopened.totalOrder());
    for (UnitStatus s : UnitStatus.values()) {
      assertEquals(straight.store().withStatus(s), store.withStatus(s), s.toString());
    }
    assertEquals(Set.copyOf(straight.tips()), Set.copyOf(reopened.tips()));
  }
}
