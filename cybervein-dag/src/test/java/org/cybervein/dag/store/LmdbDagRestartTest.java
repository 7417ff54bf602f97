package org.cybervein.dag.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.Dag;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.testing.DagFixture;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DAG engine on LMDB, restarted from its directory, ends where an uninterrupted run ends. */
class LmdbDagRestartTest {
  @TempDir Path dir;

  @Test
  void dagReopenedFromLmdbMatchesAnUninterruptedRun() {
    List<Ed25519PrivateKey> keys = DagFixture.keys(4);
    ValidatorSet validators = DagFixture.validators(keys);
    List<Unit> units = DagFixture.randomDag(keys, 120, 2, new Random(7));

    int uncertified;
    try (KeyValueUnitStore store = KeyValueUnitStore.open(LmdbKeyValueStore.open(dir))) {
      Dag first = DagFixture.dag(validators, store);
      first.ingest(units.subList(0, 40));
      first.ingest(units.subList(40, 70));
      uncertified = first.uncertifiedCount();
    }
    Dag straight = DagFixture.dag(validators);
    straight.ingest(units);
    try (KeyValueUnitStore store = KeyValueUnitStore.open(LmdbKeyValueStore.open(dir))) {
      Dag reopened = DagFixture.dag(validators, store);
      assertEquals(uncertified, reopened.uncertifiedCount());
      reopened.ingest(units.subList(70, 120));
      assertEquals(straight.totalOrder(), reopened.totalOrder());
      for (UnitStatus s : UnitStatus.values()) {
        assertEquals(straight.store().withStatus(s), store.withStatus(s), s.toString());
      }
      assertEquals(Set.copyOf(straight.tips()), Set.copyOf(reopened.tips()));
      assertEquals(straight.store().size(), store.size());
    }
  }
}
