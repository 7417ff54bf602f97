package org.cybervein.dag.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.api.wire.v1.DagSyncProto.DagSyncMessage;
import org.cybervein.api.wire.v1.DagSyncProto.DagSyncUnits;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.DagConfig;
import org.cybervein.dag.UnitAuthor;
import org.cybervein.dag.store.InMemoryUnitStore;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.AttestationBatch;
import org.cybervein.dag.unit.DataWrite;
import org.cybervein.dag.unit.Payload;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitBody;
import org.cybervein.dag.unit.UnitLimits;
import org.cybervein.dag.unit.VerificationRecord;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/** A Byzantine peer against four honest nodes: nothing it sends corrupts or stalls them. */
class DagAdversaryTest {
  private static final NodeId MALLORY = new NodeId("mallory");

  private final long seed = PropertyRuns.seed();
  private final Random random = new Random(seed);
  private final Ed25519PrivateKey malloryKey =
      Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(seed ^ 0x5eed));

  private DagCluster cluster(long maxUnsolidBytes) {
    DagCluster c = new DagCluster(seed, 4, 1, 0.0, InMemoryUnitStore::new, maxUnsolidBytes);
    c.outsiders.add(MALLORY);
    return c;
  }

  private NodeContext mallory(DagCluster c) {
    return c.network.addNode(MALLORY, ctx -> {});
  }

  private static Bytes units(List<Bytes> encoded) {
    DagSyncUnits.Builder b = DagSyncUnits.newBuilder();
    encoded.forEach(e -> b.addEncodedUnits(ByteString.copyFrom(e.toByteArray())));
    return Bytes.of(DagSyncMessage.newBuilder().setUnits(b).build().toByteArray());
  }

  private Unit malloryUnit(long sequence, List<Hash> parents, Payload payload, Instant now) {
    return Unit.sign(
        new UnitBody(
            malloryKey.publicKey(),
            UnitBody.canonicalParents(parents),
            sequence,
            now.toEpochMilli(),
            payload),
        malloryKey);
  }

  private Payload write() {
    byte[] content = new byte[32];
    random.nextBytes(content);
    return new DataWrite(Hash.of(new byte[32]), Hash.of(content), 10, Optional.empty());
  }

  private void sendToAll(DagCluster c, NodeContext m, Bytes message) {
    for (NodeId id : c.ids) {
      m.transport().send(id, message);
    }
  }

  private static void assertConverged(DagCluster c) {
    long size = c.nodes.get(c.ids.get(0)).dag().store().size();
    for (NodeId id : c.ids) {
      assertEquals(size, c.nodes.get(id).dag().store().size(), id.toString());
      assertEquals(
          c.nodes.get(c.ids.get(0)).dag().totalOrder(), c.nodes.get(id).dag().totalOrder());
    }
  }

  @Test
  void unitsWithForgedSignaturesAreRejectedEverywhere() {
    DagCluster c = cluster(DagConfig.DEFAULT_MAX_UNSOLID_BYTES);
    c.startAll();
    NodeContext m = mallory(c);
    Instant t0 = c.network.now();
    Unit honest = malloryUnit(0, List.of(DagCluster.GENESIS), write(), t0);
    // the body claims Mallory as author but another key signed it
    Ed25519PrivateKey other = Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(seed + 99));
    SignedEnvelope forged =
        new SignedEnvelope(
            honest.envelope().payloadType(),
            honest.envelope().body(),
            honest.envelope().signer(),
            other.sign(honest.envelope().signingInput()));
    c.network.at(t0.plusMillis(100), () -> sendToAll(c, m, units(List.of(forged.encode()))));
    c.network.at(t0.plusSeconds(2), () -> c.writing = c.validating = false);
    c.network.runUntil(t0.plusSeconds(4));
    for (NodeId id : c.ids) {
      DagNode n = c.nodes.get(id);
      assertTrue(n.stats().unitsRejected() >= 1, id + " " + n.stats());
      assertTrue(n.dag().status(honest.id()).isEmpty());
    }
    assertConverged(c);
  }

  @Test
  void unknownParentsThatNeverArriveStayWithinTheUnsolidBound() {
    long bound = 32 * 1024;
    DagCluster c = cluster(bound);
    c.startAll();
    NodeContext m = mallory(c);
    Instant t0 = c.network.now();
    c.network.addInvariant(
        () -> {
          for (DagNode n : c.nodes.values()) {
            assertTrue(n.dag().unsolid().bytes() <= bound, "unsolid buffer above its bound");
          }
        });
    for (int burst = 0; burst < 20; burst++) {
      int b = burst;
      c.network.at(
          t0.plusMillis(50 + 50L * burst),
          () -> {
            List<Bytes> orphans = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
              byte[] fake = new byte[32];
              random.nextBytes(fake);
              orphans.add(
                  malloryUnit(b * 20 + i + 1, List.of(Hash.of(fake)), write(), c.network.now())
                      .encoded());
            }
            sendToAll(c, m, units(orphans));
          });
    }
    c.network.at(t0.plusSeconds(2), () -> c.writing = c.validating = false);
    c.network.runUntil(t0.plusSeconds(4));
    for (DagNode n : c.nodes.values()) {
      assertTrue(n.dag().unsolid().bytes() <= bound);
      assertTrue(n.dag().store().size() > 5, "honest writes still stored");
    }
    assertConverged(c);
  }

  /**
   * Issue 14, item 7: Mallory keeps the unsolid buffer full of orphans while a node that was cut
   * off catches up, under 10% loss, through units that come before their parents. Its orphans stay
   * within its quota, the honest units displace them, and every node ends with the same DAG.
   */
  @Test
  void anOrphanFloodDoesNotStopALaggingNodeFromCatchingUpUnderLoss() {
    long bound = 32 * 1024;
    DagCluster c = new DagCluster(seed, 4, 1, 0.1, InMemoryUnitStore::new, bound);
    c.outsiders.add(MALLORY);
    c.startAll();
    NodeContext m = mallory(c);
    Instant t0 = c.network.now();
    NodeId lagging = c.ids.get(3);
    // Mallory is on the lagging node's side: its orphans fill that node's buffer before the heal.
    Set<NodeId> rest = new HashSet<>(c.ids.subList(0, 3));
    c.network.at(t0, () -> c.network.partition(rest, Set.of(lagging, MALLORY)));
    c.network.at(t0.plusSeconds(6), () -> c.network.heal());
    long[] sequence = {1};
    for (int burst = 0; burst < 120; burst++) {
      c.network.at(
          t0.plusMillis(30 + 100L * burst),
          () -> {
            List<Bytes> orphans = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
              byte[] fake = new byte[32];
              random.nextBytes(fake);
              orphans.add(
                  malloryUnit(sequence[0]++, List.of(Hash.of(fake)), write(), c.network.now())
                      .encoded());
            }
            sendToAll(c, m, units(orphans));
          });
    }
    long quota = c.config.maxUnsolidBytesPerPeer();
    c.network.addInvariant(
        () -> {
          for (DagNode n : c.nodes.values()) {
            assertTrue(n.dag().unsolid().bytes() <= bound, "unsolid buffer above its bound");
            assertTrue(n.dag().unsolid().bytes(MALLORY) <= quota, "Mallory above its quota");
          }
        });
    c.network.at(t0.plusSeconds(7), () -> c.writing = c.validating = false);
    c.network.runUntil(t0.plusSeconds(16));
    assertTrue(c.nodes.get(c.ids.get(0)).dag().store().size() > 80, "too few units written");
    assertConverged(c);
  }

  @Test
  void oversizedPayloadsAreRejected() {
    DagCluster c = cluster(DagConfig.DEFAULT_MAX_UNSOLID_BYTES);
    c.startAll();
    NodeContext m = mallory(c);
    Instant t0 = c.network.now();
    byte[] big = new byte[UnitLimits.DEFAULT.maxInlineBytes() + 1];
    Unit fat =
        malloryUnit(
            0,
            List.of(DagCluster.GENESIS),
            new DataWrite(
                Hash.of(new byte[32]),
                Hash.of(new byte[32]),
                big.length,
                Optional.of(Bytes.of(big))),
            t0);
    c.network.at(t0.plusMillis(100), () -> sendToAll(c, m, units(List.of(fat.encoded()))));
    c.network.runUntil(t0.plusSeconds(1));
    for (DagNode n : c.nodes.values()) {
      assertTrue(n.dag().status(fat.id()).isEmpty());
      assertTrue(n.stats().unitsRejected() >= 1);
    }
  }

  @Test
  void anEquivocatingAuthorIsFlaggedByEveryNodeAndBothUnitsKept() {
    DagCluster c = cluster(DagConfig.DEFAULT_MAX_UNSOLID_BYTES);
    c.startAll();
    NodeContext m = mallory(c);
    Instant t0 = c.network.now();
    Unit a = malloryUnit(0, List.of(DagCluster.GENESIS), write(), t0);
    Unit b = malloryUnit(0, List.of(DagCluster.GENESIS), write(), t0);
    c.network.at(
        t0.plusMillis(100),
        () -> {
          m.transport().send(c.ids.get(0), units(List.of(a.encoded())));
          m.transport().send(c.ids.get(1), units(List.of(a.encoded())));
          m.transport().send(c.ids.get(2), units(List.of(b.encoded())));
          m.transport().send(c.ids.get(3), units(List.of(b.encoded())));
        });
    c.network.at(t0.plusSeconds(2), () -> c.writing = c.validating = false);
    c.network.runUntil(t0.plusSeconds(5));
    for (DagNode n : c.nodes.values()) {
      assertEquals(List.of(malloryKey.publicKey()), n.dag().equivocators());
      assertTrue(n.dag().status(a.id()).isPresent() && n.dag().status(b.id()).isPresent());
    }
    assertConverged(c);
  }

  /**
   * Issue 14, item 6: Mallory copies the validator's attestation into its own unit and gets it to
   * two nodes before the validator's unit. The copy is refused everywhere; the validator's unit
   * (and everything after it) is stored everywhere, and the nodes still agree.
   */
  @Test
  void aCopiedAttestationThatArrivesFirstDoesNotSplitTheDag() {
    DagCluster c = cluster(DagConfig.DEFAULT_MAX_UNSOLID_BYTES);
    // the validator's own writing loop stays off: this test writes for it, and two authors of
    // one key would equivocate
    c.validating = false;
    c.startAll();
    NodeContext m = mallory(c);
    Instant t0 = c.network.now();
    Ed25519PrivateKey validator = c.keys.get(0);
    byte[] vid = new byte[32];
    random.nextBytes(vid);
    VerificationRecord record =
        new VerificationRecord(Hash.of(new byte[32]), Hash.of(new byte[32]), Hash.of(vid));
    Attestation attestation = AttestationBatch.sign(validator, List.of(record)).get(0);
    Unit copy = malloryUnit(0, List.of(DagCluster.GENESIS), attestation, t0);
    c.network.at(
        t0.plusMillis(100),
        () -> {
          m.transport().send(c.ids.get(1), units(List.of(copy.encoded())));
          m.transport().send(c.ids.get(2), units(List.of(copy.encoded())));
        });
    Unit[] real = new Unit[1];
    c.network.at(
        t0.plusMillis(400),
        () ->
            real[0] =
                c.nodes
                    .get(c.ids.get(0))
                    .write(UnitAuthor.resume(validator, c.stores.get(c.ids.get(0))), attestation));
    c.network.at(t0.plusSeconds(2), () -> c.writing = c.validating = false);
    c.network.runUntil(t0.plusSeconds(4));
    for (DagNode n : c.nodes.values()) {
      assertTrue(n.dag().status(real[0].id()).isPresent(), "the validator's unit is missing");
      assertTrue(n.dag().status(copy.id()).isEmpty(), "copy stored");
    }
    assertTrue(c.nodes.get(c.ids.get(1)).stats().unitsRejected() >= 1);
    assertConverged(c);
  }

  @Test
  void aFloodFromOnePeerIsCutByItsByteBudgetAndOthersStillConverge() {
    DagCluster c = cluster(DagConfig.DEFAULT_MAX_UNSOLID_BYTES);
    c.syncConfig = SyncConfig.DEFAULT.withPeerRate(64 * 1024, 256 * 1024);
    c.startAll();
    NodeContext m = mallory(c);
    Instant t0 = c.network.now();
    for (int i = 0; i < 100; i++) {
      c.network.at(
          t0.plusMillis(10L * i),
          () -> {
            byte[] junk = new byte[60_000];
            random.nextBytes(junk);
            sendToAll(c, m, Bytes.of(junk));
          });
    }
    c.network.at(t0.plusSeconds(2), () -> c.writing = c.validating = false);
    c.network.runUntil(t0.plusSeconds(4));
    for (DagNode n : c.nodes.values()) {
      assertTrue(n.stats().messagesRateLimited() > 50, n.stats().toString());
      assertTrue(n.stats().messagesMalformed() <= 10, n.stats().toString());
    }
    assertConverged(c);
    assertFalse(c.nodes.get(c.ids.get(0)).dag().store().size() < 5);
  }
}
