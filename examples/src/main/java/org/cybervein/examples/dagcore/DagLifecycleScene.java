package org.cybervein.examples.dagcore;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.Dag;
import org.cybervein.dag.DagConfig;
import org.cybervein.dag.IngestResult;
import org.cybervein.dag.certification.InMemoryCheckpointSource;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.order.TotalOrder;
import org.cybervein.dag.store.InMemoryUnitStore;
import org.cybervein.dag.tips.WeightedWalkTipSelector;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.AttestationBatch;
import org.cybervein.dag.unit.DataWrite;
import org.cybervein.dag.unit.InvalidUnitException;
import org.cybervein.dag.unit.Payload;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitBody;
import org.cybervein.dag.unit.UnitStatus;
import org.cybervein.dag.unit.VerificationRecord;
import org.cybervein.testing.ManualClock;

/**
 * The DAG core in one scene: users write data units and a validator attests a batch of storage
 * writes; parents come from IOTA's weighted random walk; two nodes receive the same units in
 * different orders and agree on the certified units and their total order; an equivocation and a
 * replayed verification id are caught; a checkpoint makes the past final.
 */
public final class DagLifecycleScene {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private DagLifecycleScene() {}

  /** Runs the scene; true if both nodes agree and every check held. */
  public static boolean run(long seed, PrintStream out) {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    List<Ed25519PrivateKey> validators = new ArrayList<>();
    List<PublicKey> validatorKeys = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      validators.add(Ed25519PrivateKey.generate(random));
      validatorKeys.add(validators.get(i).publicKey());
    }
    List<Ed25519PrivateKey> users =
        List.of(Ed25519PrivateKey.generate(random), Ed25519PrivateKey.generate(random));
    Hash genesis = HashFunction.untaggedSha256(Bytes.utf8("demo genesis " + seed).toByteArray());
    DagConfig config = DagConfig.of(genesis, ValidatorSet.of(validatorKeys));

    Dag author = Dag.open(config, new InMemoryUnitStore(), new ManualClock(NOW), Runnable::run, 1);
    WeightedWalkTipSelector walk = new WeightedWalkTipSelector(0.5, 8);

    // The validator attests five storage writes with one signature over their Merkle root.
    List<VerificationRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(
          new VerificationRecord(
              hash("upload " + i), hash("tags " + i), hash("verification " + seed + "/" + i)));
    }
    List<Attestation> attestations = AttestationBatch.sign(validators.get(0), records);

    List<Unit> created = new ArrayList<>();
    List<Ed25519PrivateKey> everyone = new ArrayList<>(validators);
    everyone.addAll(users);
    long[] sequence = new long[everyone.size()];
    Hash[] last = new Hash[everyone.size()];
    Random pick = new Random(seed);
    int attested = 0;
    for (int i = 0; i < 60; i++) {
      int who = pick.nextInt(everyone.size());
      Payload payload =
          who == 0 && attested < attestations.size()
              ? attestations.get(attested++)
              : write("record " + i + " of writer " + who);
      List<Hash> parents = new ArrayList<>(walk.select(author, 2, random));
      if (last[who] != null && !parents.contains(last[who])) {
        parents.add(last[who]);
      }
      Ed25519PrivateKey key = everyone.get(who);
      Unit u =
          Unit.sign(
              new UnitBody(
                  key.publicKey(),
                  UnitBody.canonicalParents(parents),
                  sequence[who]++,
                  NOW.toEpochMilli(),
                  payload),
              key);
      IngestResult r = author.ingest(u);
      if (r.stored().size() != 1) {
        out.println("unit rejected at its author's node: " + r);
        return false;
      }
      created.add(u);
      last[who] = u.id();
    }
    out.println(
        "node A: "
            + author.store().size()
            + " units, "
            + author.store().withStatus(UnitStatus.CERTIFIED).size()
            + " certified, tips "
            + author.tips().size());

    // Node B receives the same units in another order, in small bursts.
    Dag other = Dag.open(config, new InMemoryUnitStore(), new ManualClock(NOW), Runnable::run, 1);
    List<Unit> shuffled = new ArrayList<>(created);
    Collections.shuffle(shuffled, new Random(seed + 1));
    int maxHeld = 0;
    for (int i = 0; i < shuffled.size(); i += 7) {
      other.ingest(shuffled.subList(i, Math.min(shuffled.size(), i + 7)));
      maxHeld = Math.max(maxHeld, other.unsolid().size());
    }
    boolean sameOrder = author.totalOrder().equals(other.totalOrder());
    out.println(
        "node B (shuffled arrival, up to "
            + maxHeld
            + " units held for missing parents): "
            + "same total order of "
            + other.totalOrder().size()
            + " certified units: "
            + sameOrder);

    // A copied attestation, a replayed verification id and an equivocation.
    Ed25519PrivateKey copier = Ed25519PrivateKey.generate(random);
    Unit copy =
        Unit.sign(
            new UnitBody(
                copier.publicKey(), List.of(genesis), 0, NOW.toEpochMilli(), attestations.get(0)),
            copier);
    IngestResult copied = other.ingest(copy);
    boolean copyCaught =
        copied.rejected().size() == 1
            && copied.rejected().get(0).error().reason()
                == InvalidUnitException.Reason.FOREIGN_ATTESTATION;
    out.println(
        "attestation copied into another author's unit rejected: "
            + (copyCaught ? copied.rejected().get(0).error().reason() : "NO"));
    Ed25519PrivateKey attester = validators.get(0);
    if (attested == 0) {
      out.println("validator 0 wrote no unit in this run: nothing to replay");
      return false;
    }
    Unit replay =
        Unit.sign(
            new UnitBody(
                attester.publicKey(),
                List.of(last[0]),
                sequence[0],
                NOW.toEpochMilli(),
                attestations.get(0)),
            attester);
    IngestResult replayed = other.ingest(replay);
    boolean replayCaught =
        copyCaught
            && replayed.rejected().size() == 1
            && replayed.rejected().get(0).error().reason()
                == InvalidUnitException.Reason.REPLAYED_VERIFICATION_ID;
    out.println(
        "verification id replayed in the validator's own chain rejected: "
            + (replayCaught ? replayed.rejected().get(0).error().reason() : "NO"));
    Ed25519PrivateKey cheat = validators.get(3);
    List<Unit> twins = new ArrayList<>();
    for (String text : List.of("twin A", "twin B")) {
      twins.add(
          Unit.sign(
              new UnitBody(cheat.publicKey(), List.of(genesis), 0, NOW.toEpochMilli(), write(text)),
              cheat));
    }
    IngestResult eq = other.ingest(twins);
    boolean flagged =
        other.equivocators().contains(cheat.publicKey())
            && eq.rejected().isEmpty()
            && other.store().unitsAt(cheat.publicKey(), 0).size() >= 2;
    out.println("equivocating validator flagged, its units kept as evidence: " + flagged);

    // The blockchain layer checkpoints the first half.
    InMemoryCheckpointSource checkpoints = new InMemoryCheckpointSource();
    checkpoints.publish(List.of(created.get(29).id()));
    author.pollCheckpoints(checkpoints);
    other.pollCheckpoints(checkpoints);
    List<Hash> finalA = TotalOrder.finalPart(author.store());
    boolean sameFinal = finalA.equals(TotalOrder.finalPart(other.store())) && !finalA.isEmpty();
    out.println("checkpoint 0 made " + finalA.size() + " units final on both nodes: " + sameFinal);
    return sameOrder && replayCaught && flagged && sameFinal;
  }

  private static Hash hash(String text) {
    return HashFunction.untaggedSha256(Bytes.utf8(text).toByteArray());
  }

  private static DataWrite write(String text) {
    byte[] content = Bytes.utf8(text).toByteArray();
    return new DataWrite(
        hash("demo data set"),
        HashFunction.untaggedSha256(content),
        content.length,
        Optional.of(Bytes.of(content)));
  }
}
