package org.cybervein.dag.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.NodeContext;
import org.cybervein.api.wire.v1.DagSyncProto.DagSyncMessage;
import org.cybervein.api.wire.v1.DagSyncProto.DagSyncUnits;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.store.InMemoryUnitStore;
import org.cybervein.dag.unit.DataWrite;
import org.cybervein.dag.unit.Payload;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitBody;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/**
 * Four honest nodes (three validators, who attest uploads) and one Byzantine non-validator peer,
 * under 10% loss, reordering and a partition that heals. The Byzantine peer plays every role at
 * once: it copies each attestation it sees into a unit of its own and races it to a random half of
 * the nodes, floods orphans (units whose parents never come), and equivocates (two units per
 * sequence number, to different halves). Checked after every event: the unsolid buffers keep their
 * bound and the Byzantine peer its quota. Checked at the end: every honest node has the same DAG,
 * the same certified set and the same total order, no copy is stored, and all agree on the
 * equivocating units and on the equivocators.
 *
 * <p>CI runs {@link #DEFAULT_SEEDS} seeds; {@code -Dcybervein.sim.seeds=N} runs N seeds from the
 * base seed ({@code -Dqt.seed=S}, printed on failure for replay with {@code
 * -Dcybervein.sim.seeds=1}).
 */
class DagByzantineSimulationTest {
  private static final int DEFAULT_SEEDS = 4;
  private static final int SEEDS = Integer.getInteger("cybervein.sim.seeds", DEFAULT_SEEDS);
  private static final NodeId BYZANTINE = NodeId.of("byzantine");

  @Test
  void honestNodesConvergeDespiteCopiedAttestationsOrphanFloodsAndEquivocation() {
    long base = PropertyRuns.seed();
    long started = System.nanoTime();
    for (int s = 0; s < SEEDS; s++) {
      long seed = base + s;
      try {
        run(seed);
        if (SEEDS > DEFAULT_SEEDS && (s + 1) % 100 == 0) {
          System.out.printf(
              "DagByzantineSimulationTest: %d seeds passed, %.1f s%n",
              s + 1, (System.nanoTime() - started) / 1e9);
        }
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "Byzantine DAG simulation failed for seed "
                + seed
                + " (replay with -Dqt.seed="
                + seed
                + " -Dcybervein.sim.seeds=1)",
            e);
      }
    }
    if (SEEDS > DEFAULT_SEEDS) {
      System.out.printf(
          "DagByzantineSimulationTest: %d seeds from %d passed in %.1f s%n",
          SEEDS, base, (System.nanoTime() - started) / 1e9);
    }
  }

  private static Bytes units(List<Unit> list) {
    DagSyncUnits.Builder b = DagSyncUnits.newBuilder();
    list.forEach(u -> b.addEncodedUnits(ByteString.copyFrom(u.encoded().toByteArray())));
    return Bytes.of(DagSyncMessage.newBuilder().setUnits(b).build().toByteArray());
  }

  private static void run(long seed) {
    long bound = 48 * 1024;
    DagCluster c = new DagCluster(seed, 4, 3, 0.1, InMemoryUnitStore::new, bound);
    c.attesting = true;
    c.outsiders.add(BYZANTINE);
    Random random = new Random(seed ^ 0xB12A);
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(seed ^ 0xBAD));
    List<Unit> copies = new ArrayList<>();
    NodeContext[] byz = new NodeContext[1];
    c.onWrite =
        u -> {
          if (u.body().payload() instanceof org.cybervein.dag.unit.Attestation a
              && byz[0] != null) {
            Unit copy = sign(key, 1_000_000 + copies.size(), List.of(u.id()), a, c, random);
            copies.add(copy);
            for (NodeId id : c.ids) {
              if (random.nextBoolean()) {
                byz[0].transport().send(id, units(List.of(copy)));
              }
            }
          }
        };
    c.startAll();
    byz[0] = c.network.addNode(BYZANTINE, ctx -> {});
    Instant t0 = c.network.now();
    Set<NodeId> left = new HashSet<>(c.ids.subList(0, 2));
    Set<NodeId> right = new HashSet<>(c.ids.subList(2, 4));
    right.add(BYZANTINE);
    c.network.at(t0.plusMillis(800), () -> c.network.partition(left, right));
    c.network.at(t0.plusMillis(1800), () -> c.network.heal());
    // orphan floods
    for (int burst = 0; burst < 25; burst++) {
      c.network.at(
          t0.plusMillis(50 + 100L * burst),
          () -> {
            List<Unit> orphans = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
              byte[] fake = new byte[32];
              random.nextBytes(fake);
              orphans.add(
                  sign(key, 5 + random.nextInt(1000), List.of(Hash.of(fake)), null, c, random));
            }
            for (NodeId id : c.ids) {
              byz[0].transport().send(id, units(orphans));
            }
          });
    }
    // equivocation: two units for each of sequences 0 and 1, each pair split over the nodes
    List<Unit> twins = new ArrayList<>();
    c.network.at(
        t0.plusMillis(300),
        () -> {
          Unit a = sign(key, 0, List.of(DagCluster.GENESIS), null, c, random);
          Unit b = sign(key, 0, List.of(DagCluster.GENESIS), null, c, random);
          Unit a1 = sign(key, 1, List.of(a.id()), null, c, random);
          Unit b1 = sign(key, 1, List.of(b.id()), null, c, random);
          twins.addAll(List.of(a, b, a1, b1));
          for (int i = 0; i < c.ids.size(); i++) {
            byz[0]
                .transport()
                .send(c.ids.get(i), units(i % 2 == 0 ? List.of(a, a1) : List.of(b, b1)));
          }
        });
    long quota = c.config.maxUnsolidBytesPerPeer();
    c.network.addInvariant(
        () -> {
          for (DagNode n : c.nodes.values()) {
            if (n.dag().unsolid().bytes() > bound) {
              throw new AssertionError("unsolid buffer over its bound");
            }
            if (n.dag().unsolid().bytes(BYZANTINE) > quota) {
              throw new AssertionError("the Byzantine peer over its unsolid quota");
            }
          }
        });
    c.network.at(t0.plusMillis(2600), () -> c.writing = c.validating = false);
    c.network.runUntil(t0.plusSeconds(8));

    DagNode reference = c.nodes.get(c.ids.get(0));
    long size = reference.dag().store().size();
    List<Hash> certified = DagCluster.certified(reference);
    List<Hash> order = reference.dag().totalOrder();
    assertTrue(size > 20, "only " + size + " units");
    assertTrue(!certified.isEmpty(), "nothing certified");
    for (NodeId id : c.ids) {
      DagNode n = c.nodes.get(id);
      assertEquals(size, n.dag().store().size(), id + " has another DAG");
      assertEquals(certified, DagCluster.certified(n), id + " has another certified set");
      assertEquals(order, n.dag().totalOrder(), id + " has another order");
      // Lost messages may keep one twin from every honest node: then nobody sees the
      // equivocation, but all must agree either way.
      assertEquals(reference.dag().equivocators(), n.dag().equivocators(), id + " equivocators");
      for (Unit copy : copies) {
        assertTrue(n.dag().status(copy.id()).isEmpty(), id + " stored a copied attestation");
      }
      for (Unit t : twins) {
        assertEquals(
            reference.dag().status(t.id()).isPresent(),
            n.dag().status(t.id()).isPresent(),
            id + " disagrees on an equivocating unit");
      }
    }
  }

  private static Unit sign(
      Ed25519PrivateKey key,
      long sequence,
      List<Hash> parents,
      Payload payload,
      DagCluster c,
      Random random) {
    Payload p = payload;
    if (p == null) {
      byte[] content = new byte[32];
      random.nextBytes(content);
      p = new DataWrite(Hash.of(new byte[32]), Hash.of(content), 10, Optional.empty());
    }
    return Unit.sign(
        new UnitBody(
            key.publicKey(),
            UnitBody.canonicalParents(parents),
            sequence,
            c.network.now().toEpochMilli(),
            p),
        key);
  }
}
