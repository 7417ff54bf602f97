package org.cybervein.dag.store;

import static org.cybervein.dag.testing.TestUnits.GENESIS;
import static org.cybervein.dag.testing.TestUnits.first;
import static org.cybervein.dag.testing.TestUnits.key;
import static org.cybervein.dag.testing.TestUnits.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeSet;
import org.cybervein.api.Hash;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.certification.ValidatorBits;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.AttestationBatch;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;
import org.cybervein.dag.unit.VerificationRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UnitStore} must do. An implementation's test extends this class, supplies
 * {@link #createStore()}, and, if the store is durable, overrides {@link #supportsReopen()} and
 * {@link #reopen(UnitStore)} so that the contract also checks that a reopened store holds every
 * appended batch.
 */
public abstract class UnitStoreContractTest {
  private UnitStore store;

  /** A new, empty, open store; the contract closes it after the test. */
  protected abstract UnitStore createStore();

  /** True if {@link #reopen(UnitStore)} is implemented (durable stores). */
  protected boolean supportsReopen() {
    return false;
  }

  /**
   * Reopens the storage behind {@code closed}, which the contract has just closed, as a new store
   * instance (as a restarted process would).
   */
  protected UnitStore reopen(UnitStore closed) {
    throw new UnsupportedOperationException("this store is not durable");
  }

  @BeforeEach
  void open() {
    store = createStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static UnitBatch batchOf(Unit... units) {
    UnitBatch.Builder b = UnitBatch.builder();
    long height = 1;
    for (Unit u : units) {
      b.add(u, height++, UnitStatus.SOLID);
    }
    return b.build();
  }

  @Test
  void emptyStoreHoldsNothing() {
    assertEquals(0, store.size());
    assertEquals(List.of(), store.tips());
    assertFalse(store.contains(GENESIS));
    assertEquals(Optional.empty(), store.unit(GENESIS));
    assertEquals(OptionalLong.empty(), store.lastCheckpoint());
    assertEquals(List.of(), store.equivocators());
    assertEquals(List.of(), store.children(GENESIS));
  }

  @Test
  void appendedChainIsIndexed() {
    Ed25519PrivateKey a = key(1);
    Unit u0 = first(a, 0);
    Unit u1 = unit(a, 1, List.of(u0.id()), 1);
    Unit u2 = unit(a, 2, List.of(u1.id()), 2);
    store.append(batchOf(u0, u1, u2));

    assertEquals(3, store.size());
    assertEquals(Optional.of(u1), store.unit(u1.id()));
    assertEquals(u1.encoded(), store.unit(u1.id()).orElseThrow().encoded());
    assertEquals(OptionalLong.of(2), store.height(u1.id()));
    assertEquals(Optional.of(UnitStatus.SOLID), store.status(u2.id()));
    assertEquals(List.of(u0.id()), store.children(GENESIS));
    assertEquals(List.of(u2.id()), store.children(u1.id()));
    assertEquals(List.of(u2.id()), store.tips());
    assertEquals(List.of(u1.id()), store.unitsAt(a.publicKey(), 1));
    assertEquals(OptionalLong.of(2), store.lastSequence(a.publicKey()));
    assertEquals(OptionalLong.empty(), store.lastSequence(key(2).publicKey()));
    assertEquals(List.of(), store.equivocators());
  }

  @Test
  void childrenAndTipsAreSorted() {
    List<Unit> firsts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      firsts.add(first(key(i), i));
    }
    store.append(batchOf(firsts.toArray(new Unit[0])));
    List<Hash> ids = firsts.stream().map(Unit::id).sorted().toList();
    assertEquals(ids, store.children(GENESIS));
    assertEquals(ids, store.tips());
    Unit merge = unit(key(9), 0, ids.subList(0, 3), 99);
    store.append(UnitBatch.builder().add(merge, 2, UnitStatus.SOLID).build());
    TreeSet<Hash> expected = new TreeSet<>(ids.subList(3, 6));
    expected.add(merge.id());
    assertEquals(List.copyOf(expected), store.tips());
  }

  @Test
  void keepsBothUnitsOfAnEquivocation() {
    Ed25519PrivateKey a = key(3);
    Unit x = first(a, 1);
    Unit y = first(a, 2);
    store.append(batchOf(x));
    assertEquals(List.of(), store.equivocators());
    store.append(UnitBatch.builder().add(y, 1, UnitStatus.SOLID).build());
    TreeSet<Hash> both = new TreeSet<>(List.of(x.id(), y.id()));
    assertEquals(List.copyOf(both), store.unitsAt(a.publicKey(), 0));
    assertEquals(List.of(a.publicKey()), store.equivocators());
    assertTrue(store.contains(x.id()) && store.contains(y.id()));
  }

  @Test
  void indexesVerificationIdsOfAttestations() {
    Ed25519PrivateKey validator = key(7);
    VerificationRecord r =
        new VerificationRecord(Hash.ZERO, GENESIS, TestHashes.hash("verification 1"));
    Attestation att = AttestationBatch.sign(validator, List.of(r)).get(0);
    Unit u = unit(validator, 0, List.of(GENESIS), att);
    Unit again = unit(validator, 1, List.of(u.id()), att);
    assertEquals(List.of(), store.unitsCarrying(validator.publicKey(), r.verificationId()));
    store.append(batchOf(u));
    assertEquals(List.of(u.id()), store.unitsCarrying(validator.publicKey(), r.verificationId()));
    store.append(UnitBatch.builder().add(again, 2, UnitStatus.SOLID).build());
    assertEquals(
        List.copyOf(new TreeSet<>(List.of(u.id(), again.id()))),
        store.unitsCarrying(validator.publicKey(), r.verificationId()));
    // Keyed by validator and id: the same id of another validator is another entry.
    assertEquals(List.of(), store.unitsCarrying(key(8).publicKey(), r.verificationId()));
    assertEquals(
        List.of(), store.unitsCarrying(validator.publicKey(), TestHashes.hash("verification 2")));
  }

  @Test
  void statusesRiseAndCoverageAndFinalityAreKept() {
    Unit u0 = first(key(1), 0);
    Unit u1 = first(key(2), 1);
    store.append(batchOf(u0, u1));
    store.append(
        UnitBatch.builder()
            .status(u0.id(), UnitStatus.CERTIFIED)
            .coverage(u1.id(), ValidatorBits.of(0, 2))
            .build());
    assertEquals(Optional.of(UnitStatus.CERTIFIED), store.status(u0.id()));
    assertEquals(Optional.of(ValidatorBits.of(0, 2)), store.coverage(u1.id()));
    assertEquals(Optional.empty(), store.coverage(u0.id()));
    assertEquals(List.of(u0.id()), store.withStatus(UnitStatus.CERTIFIED));
    assertEquals(List.of(u1.id()), store.withStatus(UnitStatus.SOLID));

    store.append(
        UnitBatch.builder()
            .status(u0.id(), UnitStatus.FINAL)
            .finalizedBy(u0.id(), 4)
            .checkpoint(4)
            .build());
    assertEquals(OptionalLong.of(4), store.finalizedBy(u0.id()));
    assertEquals(OptionalLong.empty(), store.finalizedBy(u1.id()));
    assertEquals(OptionalLong.of(4), store.lastCheckpoint());
  }

  @Test
  void refusedBatchChangesNothing() {
    Unit u0 = first(key(1), 0);
    store.append(
        UnitBatch.builder()
            .add(u0, 1, UnitStatus.SOLID)
            .status(u0.id(), UnitStatus.CERTIFIED)
            .build());
    Unit u1 = unit(key(1), 1, List.of(u0.id()), 1);
    UnitBatch lowers =
        UnitBatch.builder().add(u1, 2, UnitStatus.SOLID).status(u0.id(), UnitStatus.SOLID).build();
    assertThrows(IllegalArgumentException.class, () -> store.append(lowers));
    UnitBatch duplicate =
        UnitBatch.builder().add(u1, 2, UnitStatus.SOLID).add(u0, 1, UnitStatus.SOLID).build();
    assertThrows(IllegalArgumentException.class, () -> store.append(duplicate));
    UnitBatch unknown =
        UnitBatch.builder()
            .add(u1, 2, UnitStatus.SOLID)
            .coverage(GENESIS, ValidatorBits.of(1))
            .build();
    assertThrows(IllegalArgumentException.class, () -> store.append(unknown));

    assertEquals(1, store.size());
    assertFalse(store.contains(u1.id()));
    assertEquals(List.of(u0.id()), store.tips());
    assertEquals(Optional.of(UnitStatus.CERTIFIED), store.status(u0.id()));
    assertEquals(OptionalLong.of(0), store.lastSequence(key(1).publicKey()));
  }

  @Test
  void randomDagIndexesMatchAModel() {
    Random random = new Random(20261125L);
    Map<Hash, List<Hash>> children = new HashMap<>();
    TreeSet<Hash> tips = new TreeSet<>();
    List<Hash> all = new ArrayList<>();
    for (int step = 0; step < 20; step++) {
      UnitBatch.Builder b = UnitBatch.builder();
      for (int i = 0; i < 5; i++) {
        List<Hash> parents = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int p = 0; p < count; p++) {
          parents.add(all.isEmpty() ? GENESIS : all.get(random.nextInt(all.size())));
        }
        Unit u = unit(key(100 + all.size()), 0, parents, all.size());
        b.add(u, 1 + step, UnitStatus.SOLID);
        for (Hash p : u.body().parents()) {
          children.computeIfAbsent(p, k -> new ArrayList<>()).add(u.id());
          tips.remove(p);
        }
        tips.add(u.id());
        all.add(u.id());
      }
      store.append(b.build());
    }
    assertEquals(all.size(), store.size());
    assertEquals(List.copyOf(tips), store.tips());
    for (Map.Entry<Hash, List<Hash>> e : children.entrySet()) {
      assertEquals(List.copyOf(new TreeSet<>(e.getValue())), store.children(e.getKey()));
    }
  }

  @Test
  void closedStoreRefusesCalls() {
    UnitStore other = createStore();
    other.close();
    assertThrows(IllegalStateException.class, () -> other.contains(GENESIS));
    assertThrows(IllegalStateException.class, () -> other.append(batchOf(first(key(1), 0))));
  }

  @Test
  void reopenedStoreHoldsEveryAppendedBatch() {
    assumeTrue(supportsReopen(), "store is not durable");
    Ed25519PrivateKey a = key(1);
    Unit u0 = first(a, 0);
    Unit u1 = unit(a, 1, List.of(u0.id()), 1);
    Unit e1 = unit(a, 1, List.of(u0.id()), 2);
    VerificationRecord r = new VerificationRecord(Hash.ZERO, GENESIS, TestHashes.hash("v"));
    Unit att = unit(key(9), 0, List.of(u0.id()), AttestationBatch.sign(key(9), List.of(r)).get(0));
    store.append(batchOf(u0));
    store.append(
        UnitBatch.builder()
            .add(u1, 2, UnitStatus.SOLID)
            .add(e1, 2, UnitStatus.SOLID)
            .add(att, 2, UnitStatus.SOLID)
            .status(u0.id(), UnitStatus.FINAL)
            .finalizedBy(u0.id(), 1)
            .coverage(u1.id(), ValidatorBits.of(3))
            .checkpoint(1)
            .build());
    store.close();
    store = reopen(store);

    assertEquals(4, store.size());
    assertEquals(Optional.of(u1), store.unit(u1.id()));
    assertEquals(OptionalLong.of(2), store.height(e1.id()));
    assertEquals(Optional.of(UnitStatus.FINAL), store.status(u0.id()));
    assertEquals(OptionalLong.of(1), store.finalizedBy(u0.id()));
    assertEquals(Optional.of(ValidatorBits.of(3)), store.coverage(u1.id()));
    assertEquals(OptionalLong.of(1), store.lastCheckpoint());
    assertEquals(List.of(a.publicKey()), store.equivocators());
    assertEquals(2, store.unitsAt(a.publicKey(), 1).size());
    assertEquals(OptionalLong.of(1), store.lastSequence(a.publicKey()));
    assertEquals(List.of(att.id()), store.unitsCarrying(key(9).publicKey(), r.verificationId()));
    assertEquals(List.copyOf(new TreeSet<>(List.of(u1.id(), e1.id(), att.id()))), store.tips());
    assertEquals(
        List.copyOf(new TreeSet<>(List.of(u1.id(), e1.id(), att.id()))), store.children(u0.id()));
  }
}
