package org.cybervein.dag.store;

import static org.cybervein.dag.testing.TestUnits.GENESIS;
import static org.cybervein.dag.testing.TestUnits.key;
import static org.cybervein.dag.testing.TestUnits.unit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Hash;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitStatus;
import org.cybervein.store.lmdb.LmdbKeyValueStore;

/**
 * The child process of {@link LmdbUnitStoreCrashTest}: appends layers of units until it is killed,
 * and prints {@code ack <n>} after the append of layer {@code n} returned.
 *
 * <p>Layer {@code n} has one unit by each of {@link #AUTHORS} authors, with sequence {@code n},
 * referencing two units of layer {@code n - 1} (the genesis for layer 0); the same append raises
 * layer {@code n - 1} to {@link UnitStatus#CERTIFIED} and records checkpoint {@code n}. A restarted
 * writer continues after the last layer in the store.
 */
public final class CrashingUnitWriter {
  static final int AUTHORS = 12;

  private CrashingUnitWriter() {}

  /** Args: the store directory. */
  public static void main(String[] args) {
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    for (int a = 0; a < AUTHORS; a++) {
      keys.add(key(a));
    }
    try (KeyValueUnitStore store =
        KeyValueUnitStore.open(LmdbKeyValueStore.open(Path.of(args[0])))) {
      long first = store.lastSequence(keys.get(0).publicKey()).orElse(-1) + 1;
      List<Hash> previous = new ArrayList<>();
      for (Ed25519PrivateKey k : keys) {
        List<Hash> at = store.unitsAt(k.publicKey(), first - 1);
        previous.add(at.isEmpty() ? GENESIS : at.get(0));
      }
      for (long n = first; ; n++) {
        UnitBatch.Builder batch = UnitBatch.builder();
        List<Hash> layer = new ArrayList<>();
        for (int a = 0; a < AUTHORS; a++) {
          Unit u =
              unit(keys.get(a), n, List.of(previous.get(a), previous.get((a + 1) % AUTHORS)), n);
          batch.add(u, n + 1, UnitStatus.SOLID);
          layer.add(u.id());
        }
        if (n > 0) {
          previous.forEach(id -> batch.status(id, UnitStatus.CERTIFIED));
        }
        batch.checkpoint(n);
        store.append(batch.build());
        System.out.println("ack " + n);
        System.out.flush();
        previous = layer;
      }
    }
  }
}
