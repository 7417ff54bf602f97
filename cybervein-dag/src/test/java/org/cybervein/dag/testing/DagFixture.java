package org.cybervein.dag.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.Dag;
import org.cybervein.dag.DagConfig;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.store.InMemoryUnitStore;
import org.cybervein.dag.store.UnitStore;
import org.cybervein.dag.unit.Unit;
import org.cybervein.testing.ManualClock;

/** Builds DAGs and random unit sets for tests. */
public final class DagFixture {
  /** The test clock's time: one minute after {@link TestUnits#T0}. */
  public static final Instant NOW = Instant.ofEpochMilli(TestUnits.T0 + 60_000);

  private DagFixture() {}

  /** Keys 0 .. n-1. */
  public static List<Ed25519PrivateKey> keys(int n) {
    List<Ed25519PrivateKey> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestUnits.key(i));
    }
    return out;
  }

  /** The validator set of these keys. */
  public static ValidatorSet validators(List<Ed25519PrivateKey> keys) {
    List<PublicKey> pub = new ArrayList<>();
    for (Ed25519PrivateKey k : keys) {
      pub.add(k.publicKey());
    }
    return ValidatorSet.of(pub);
  }

  /** A DAG on a fresh in-memory store, verifying on the calling thread only. */
  public static Dag dag(ValidatorSet validators) {
    return dag(validators, new InMemoryUnitStore());
  }

  /** A DAG on {@code store}, verifying on the calling thread only. */
  public static Dag dag(ValidatorSet validators, UnitStore store) {
    return Dag.open(
        DagConfig.of(TestUnits.GENESIS, validators), store, new ManualClock(NOW), Runnable::run, 1);
  }

  /**
   * A random valid DAG of {@code count} units by {@code authors}, in an order where parents come
   * first: each unit references its author's previous unit and up to {@code extraParents} random
   * earlier units.
   */
  public static List<Unit> randomDag(
      List<Ed25519PrivateKey> authors, int count, int extraParents, Random random) {
    List<Unit> out = new ArrayList<>();
    Map<Ed25519PrivateKey, Unit> last = new HashMap<>();
    for (int i = 0; i < count; i++) {
      Ed25519PrivateKey author = authors.get(random.nextInt(authors.size()));
      TreeSet<Hash> parents = new TreeSet<>();
      Unit previous = last.get(author);
      long seq = previous == null ? 0 : previous.sequence() + 1;
      if (previous != null) {
        parents.add(previous.id());
      }
      int extra = random.nextInt(extraParents + 1);
      for (int p = 0; p < extra && !out.isEmpty(); p++) {
        // Biased to recent units, as real tips are.
        int window = Math.min(out.size(), 3 * authors.size());
        parents.add(out.get(out.size() - 1 - random.nextInt(window)).id());
      }
      if (parents.isEmpty()) {
        parents.add(TestUnits.GENESIS);
      }
      Unit u = TestUnits.unit(author, seq, parents, random.nextLong());
      out.add(u);
      last.put(author, u);
    }
    return out;
  }
}
