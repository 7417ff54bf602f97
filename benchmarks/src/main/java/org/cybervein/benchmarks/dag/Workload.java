package org.cybervein.benchmarks.dag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.time.Clock;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.unit.DataWrite;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitBody;
import org.cybervein.testing.ManualClock;

/** Deterministic keys, units and temporary directories shared by the DAG benchmarks. */
final class Workload {
  /** The genesis id every first unit references. */
  static final Hash GENESIS =
      HashFunction.untaggedSha256(Bytes.utf8("bench genesis").toByteArray());

  /** Unit timestamps start here (2026-01-01T00:00:00Z). */
  static final long T0 = 1_767_225_600_000L;

  private Workload() {}

  /** Key {@code i}, the same in every run. */
  static Ed25519PrivateKey key(int i) {
    byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
    seed[0] = (byte) i;
    seed[1] = (byte) (i >>> 8);
    seed[31] = 0x37;
    return Ed25519PrivateKey.fromSeed(seed);
  }

  /** The validators: keys 0 .. n-1. */
  static ValidatorSet validators(List<Ed25519PrivateKey> keys) {
    List<PublicKey> pub = new ArrayList<>();
    keys.forEach(k -> pub.add(k.publicKey()));
    return ValidatorSet.of(pub);
  }

  /**
   * A layered DAG of {@code count} units (rounded up to whole layers) by {@code authors.size()}
   * authors, parents first: in layer {@code n} each author's unit has sequence {@code n} and
   * references its own unit and its neighbour's unit of layer {@code n - 1}. Each 256-byte inline
   * data write differs. The units of a layer are signed in parallel.
   */
  static List<Unit> layeredDag(List<Ed25519PrivateKey> authors, int count) {
    int k = authors.size();
    int layers = (count + k - 1) / k;
    Hash dataSet = HashFunction.untaggedSha256(Bytes.utf8("bench data set").toByteArray());
    List<Unit> out = new ArrayList<>(layers * k);
    List<Hash> previous = new ArrayList<>();
    for (int a = 0; a < k; a++) {
      previous.add(GENESIS);
    }
    for (int n = 0; n < layers; n++) {
      final int layer = n;
      final List<Hash> prev = previous;
      List<Unit> units =
          IntStream.range(0, k)
              .parallel()
              .mapToObj(
                  a -> {
                    byte[] content = new byte[256];
                    long salt = (long) layer * k + a;
                    for (int i = 0; i < 8; i++) {
                      content[i] = (byte) (salt >>> (8 * i));
                    }
                    DataWrite write =
                        new DataWrite(
                            dataSet,
                            HashFunction.untaggedSha256(content),
                            content.length,
                            Optional.of(Bytes.of(content)));
                    List<Hash> parents =
                        UnitBody.canonicalParents(List.of(prev.get(a), prev.get((a + 1) % k)));
                    Ed25519PrivateKey author = authors.get(a);
                    return Unit.sign(
                        new UnitBody(author.publicKey(), parents, layer, T0 + layer, write),
                        author);
                  })
              .toList();
      out.addAll(units);
      previous = units.stream().map(Unit::id).toList();
    }
    return out;
  }

  /** A clock that stands well after every unit's timestamp; the DAG never schedules. */
  static Clock fixedClock() {
    return new ManualClock(Instant.ofEpochMilli(T0 + 1_000_000_000L));
  }

  /** A fresh temporary directory. */
  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything below it. */
  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a pseudo-random 32-byte key for {@code counter} into {@code key}: distinct counters give
   * distinct keys, spread over the key space as unit ids are.
   */
  static void counterKey(long counter, byte[] key) {
    long x = counter;
    for (int i = 0; i < 4; i++) {
      // SplitMix64 finalizer steps: a bijection, so keys never repeat.
      x += 0x9E3779B97F4A7C15L;
      long z = x;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      for (int b = 0; b < 8; b++) {
        key[8 * i + b] = (byte) (z >>> (8 * b));
      }
    }
  }
}
