package org.cybervein.dag.certification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.Dag;
import org.cybervein.dag.testing.DagFixture;
import org.cybervein.dag.testing.Props;
import org.cybervein.dag.testing.TestUnits;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;
import org.junit.jupiter.api.Test;

/** The incremental certifier agrees with the from-scratch definition, at bounded cost. */
class IncrementalCertificationTest {
  private static Set<Hash> certifiedIn(Dag dag) {
    Set<Hash> out = new TreeSet<>(dag.store().withStatus(UnitStatus.CERTIFIED));
    return out;
  }

  @Test
  void matchesNaiveRecomputationOnRandomDags() {
    Props.qt(40)
        .forAll(longs().all(), integers().between(1, 7), integers().between(1, 60))
        .checkAssert(
            (seed, n, count) -> {
              Random random = new Random(seed);
              List<Ed25519PrivateKey> keys = DagFixture.keys(n + 2); // two non-validators
              ValidatorSet validators = DagFixture.validators(keys.subList(0, n));
              List<Unit> units = DagFixture.randomDag(keys, count, 3, random);
              Dag dag = DagFixture.dag(validators);
              // Ingest in random-size steps so certification happens across group commits.
              int at = 0;
              while (at < units.size()) {
                int step = 1 + random.nextInt(8);
                dag.ingest(units.subList(at, Math.min(units.size(), at + step)));
                at += step;
              }
              assertEquals(
                  NaiveCertification.certified(units, validators, Set.of()), certifiedIn(dag));
            });
  }

  @Test
  void matchesNaiveRecomputationWithEquivocators() {
    Props.qt(30)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random random = new Random(seed);
              List<Ed25519PrivateKey> keys = DagFixture.keys(4);
              ValidatorSet validators = DagFixture.validators(keys);
              List<Unit> units = new ArrayList<>(DagFixture.randomDag(keys, 30, 2, random));
              // Validator 0 equivocates before anything else: a second first unit.
              Unit twin = TestUnits.unit(keys.get(0), 0, List.of(TestUnits.GENESIS), -1);
              units.add(0, twin);
              Dag dag = DagFixture.dag(validators);
              dag.ingest(units);
              Set<PublicKey> excluded = new HashSet<>(dag.equivocators());
              assertEquals(Set.of(keys.get(0).publicKey()), excluded);
              assertEquals(
                  NaiveCertification.certified(units, validators, excluded), certifiedIn(dag));
            });
  }

  @Test
  void workPerUnitStaysBoundedAsTheDagGrows() {
    int n = 4;
    List<Ed25519PrivateKey> keys = DagFixture.keys(n);
    Dag dag = DagFixture.dag(DagFixture.validators(keys));
    List<Unit> units = DagFixture.randomDag(keys, 2000, 3, new Random(Props.seed()));
    long[] workPerBlock = new long[4];
    int maxWindow = 0;
    for (int block = 0; block < 4; block++) {
      long before = dag.certificationWork();
      for (int i = block * 500; i < (block + 1) * 500; i += 50) {
        dag.ingest(units.subList(i, i + 50));
        maxWindow = Math.max(maxWindow, dag.uncertifiedCount());
      }
      workPerBlock[block] = dag.certificationWork() - before;
    }
    // Each (unit, validator) pair is set at most once: at most n bits per unit, amortized.
    for (long w : workPerBlock) {
      assertTrue(w <= 500L * n, "work per 500 units " + w);
    }
    // And the last block costs no more than the first (it does not grow with the DAG).
    assertTrue(
        workPerBlock[3] <= 2 * workPerBlock[0] + 100, java.util.Arrays.toString(workPerBlock));
    // The uncertified window stays small when validators keep building.
    assertTrue(maxWindow < 200, "window " + maxWindow);
  }
}
