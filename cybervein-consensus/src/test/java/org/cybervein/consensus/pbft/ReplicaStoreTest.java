package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A checkpoint deletes every A, P, Q and L entry at or below it, whichever way {@link ReplicaStore}
 * finds them: by key over the last interval, or by a scan when it does not know what is left (a
 * fresh process, an entry written below the last checkpoint, a long jump).
 */
class ReplicaStoreTest {
  private static final char[] LETTERS = {'A', 'P', 'Q', 'L'};
  private static final PbftProto.PbftStateTransfer STABLE =
      PbftProto.PbftStateTransfer.getDefaultInstance();

  /** The (letter, n) pairs the store holds under the replica's keys, read back by a scan. */
  private static TreeSet<String> entries(KeyValueStore store) {
    TreeSet<String> out = new TreeSet<>();
    for (char letter : LETTERS) {
      Bytes prefix = ReplicaStore.key(letter);
      try (KeyValueStore.Scan scan = store.scan(KeyRange.atLeast(prefix))) {
        while (scan.hasNext()) {
          KeyValue kv = scan.next();
          if (!kv.key().startsWith(prefix)) {
            break;
          }
          long n = ByteBuffer.wrap(kv.key().toByteArray(), prefix.size(), Long.BYTES).getLong();
          out.add(name(letter, n));
        }
      }
    }
    return out;
  }

  private static String name(char letter, long n) {
    return letter + "/" + String.format("%08d", n);
  }

  /**
   * A step: a put of (letter, n) when {@code kind} is 0..3, else a checkpoint at n. The checkpoints
   * only grow (as the replica's do), puts land anywhere, below the last checkpoint too.
   */
  private record Step(int kind, long n) {}

  private static Gen<Step> steps() {
    // Mostly short intervals; sometimes a jump past the bound of deletes by key.
    Gen<Long> near = integers().between(0, 300).map(Integer::longValue);
    Gen<Long> far = integers().between(4_000, 20_000).map(Integer::longValue);
    return integers().between(0, 4).zip(Generate.oneOf(near, near, near, far), Step::new);
  }

  @Test
  void checkpointsLeaveExactlyTheEntriesAboveThemAsAPlainSetDoes() {
    PropertyRuns.qt()
        .forAll(lists().of(steps()).ofSizeBetween(1, 80))
        .checkAssert(
            (List<Step> run) -> {
              KeyValueStore kv = new InMemoryKeyValueStore();
              ReplicaStore store = new ReplicaStore(kv);
              TreeSet<String> model = new TreeSet<>();
              long stable = 0;
              for (Step step : run) {
                if (step.kind() < 4) {
                  char letter = LETTERS[step.kind()];
                  store.put(letter, step.n(), Bytes.utf8("batch " + step.n()));
                  model.add(name(letter, step.n()));
                } else {
                  stable = Math.max(stable, step.n());
                  store.saveStable(STABLE, stable);
                  long upTo = stable;
                  model.removeIf(e -> Long.parseLong(e.substring(2)) <= upTo);
                }
                assertEquals(model, entries(kv), "after " + step);
              }
            });
  }

  @Test
  void anEntryWrittenBelowTheLastCheckpointIsDeletedByTheNext() {
    KeyValueStore kv = new InMemoryKeyValueStore();
    ReplicaStore store = new ReplicaStore(kv);
    for (long n = 1; n <= 70; n++) {
      store.put('L', n, Bytes.utf8("log"));
    }
    store.saveStable(STABLE, 64);
    assertEquals(6, entries(kv).size());
    store.put('A', 3, Bytes.utf8("late"));
    store.saveStable(STABLE, 128);
    assertEquals(new TreeSet<>(), entries(kv));
  }
}
