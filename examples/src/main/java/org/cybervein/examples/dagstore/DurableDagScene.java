package org.cybervein.examples.dagstore;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.Dag;
import org.cybervein.dag.DagConfig;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.store.InMemoryUnitStore;
import org.cybervein.dag.store.KeyValueUnitStore;
import org.cybervein.dag.unit.DataWrite;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitBody;
import org.cybervein.dag.unit.UnitStatus;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.cybervein.testing.ManualClock;

/**
 * A node keeps its DAG on LMDB ({@link KeyValueUnitStore}, one fsync'd transaction per ingest
 * step), stops half-way, reopens the directory and carries on; it ends with the same certified
 * units, tips and total order as a node that ran through in memory. No JVM flag is needed for LMDB.
 */
public final class DurableDagScene {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final int VALIDATORS = 4;
  private static final int LAYERS = 30;
  private static final int STEP = 20;

  private DurableDagScene() {}

  /** Runs the scene; true if the restarted node ends where the uninterrupted one does. */
  public static boolean run(long seed, PrintStream out) {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    List<PublicKey> publicKeys = new ArrayList<>();
    for (int i = 0; i < VALIDATORS; i++) {
      keys.add(Ed25519PrivateKey.generate(random));
      publicKeys.add(keys.get(i).publicKey());
    }
    Hash genesis = HashFunction.untaggedSha256(Bytes.utf8("durable demo " + seed).toByteArray());
    DagConfig config = DagConfig.of(genesis, ValidatorSet.of(publicKeys));
    List<Unit> units = layers(keys, genesis, random);

    Path dir;
    try {
      dir = Files.createTempDirectory("cybervein-dag-demo");
    } catch (IOException e) {
      out.println("cannot create a temporary directory: " + e);
      return false;
    }
    try {
      int half = units.size() / 2;
      int uncertifiedAtStop;
      try (KeyValueUnitStore store = KeyValueUnitStore.open(LmdbKeyValueStore.open(dir))) {
        Dag node = Dag.open(config, store, new ManualClock(NOW), Runnable::run, 1);
        for (int i = 0; i < half; i += STEP) {
          node.ingest(units.subList(i, Math.min(half, i + STEP)));
        }
        uncertifiedAtStop = node.uncertifiedCount();
        out.printf(
            "node wrote %d units in %d group commits to %s; %d certified, %d not yet; stopping%n",
            store.size(),
            (half + STEP - 1) / STEP,
            dir.getFileName(),
            store.withStatus(UnitStatus.CERTIFIED).size(),
            uncertifiedAtStop);
      }
      Dag reference =
          Dag.open(config, new InMemoryUnitStore(), new ManualClock(NOW), Runnable::run, 1);
      reference.ingest(units);
      try (KeyValueUnitStore store = KeyValueUnitStore.open(LmdbKeyValueStore.open(dir))) {
        Dag node = Dag.open(config, store, new ManualClock(NOW), Runnable::run, 1);
        boolean resumed = node.uncertifiedCount() == uncertifiedAtStop;
        out.printf(
            "reopened: %d units, %d tips, certification resumed for %d units from stored bit sets%n",
            store.size(), node.tips().size(), node.uncertifiedCount());
        for (int i = half; i < units.size(); i += STEP) {
          node.ingest(units.subList(i, Math.min(units.size(), i + STEP)));
        }
        boolean sameCertified =
            store
                .withStatus(UnitStatus.CERTIFIED)
                .equals(reference.store().withStatus(UnitStatus.CERTIFIED));
        boolean sameOrder = node.totalOrder().equals(reference.totalOrder());
        boolean sameTips = node.tips().equals(reference.tips());
        out.printf(
            "after %d more units: %d stored, %d certified; same as a node that never stopped:"
                + " certified %s, tips %s, total order %s%n",
            units.size() - half,
            store.size(),
            store.withStatus(UnitStatus.CERTIFIED).size(),
            sameCertified,
            sameTips,
            sameOrder);
        return sameCertified && sameOrder && sameTips && resumed;
      }
    } finally {
      delete(dir);
    }
  }

  /** Each validator's unit of layer n references its own and its neighbour's unit of layer n-1. */
  private static List<Unit> layers(
      List<Ed25519PrivateKey> keys, Hash genesis, DeterministicRandom random) {
    Hash dataSet = HashFunction.untaggedSha256(Bytes.utf8("sensor readings").toByteArray());
    List<Unit> out = new ArrayList<>();
    List<Hash> previous = new ArrayList<>();
    for (int a = 0; a < keys.size(); a++) {
      previous.add(genesis);
    }
    for (int n = 0; n < LAYERS; n++) {
      List<Hash> layer = new ArrayList<>();
      for (int a = 0; a < keys.size(); a++) {
        byte[] content = new byte[64];
        random.nextBytes(content);
        DataWrite write =
            new DataWrite(
                dataSet,
                HashFunction.untaggedSha256(content),
                content.length,
                Optional.of(Bytes.of(content)));
        List<Hash> parents =
            UnitBody.canonicalParents(
                List.of(previous.get(a), previous.get((a + 1) % keys.size())));
        Ed25519PrivateKey author = keys.get(a);
        Unit u =
            Unit.sign(
                new UnitBody(author.publicKey(), parents, n, NOW.toEpochMilli() - 1000 + n, write),
                author);
        out.add(u);
        layer.add(u.id());
      }
      previous = layer;
    }
    return out;
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
