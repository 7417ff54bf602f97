package org.cybervein.examples.pospace;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.merkle.HeapHashArray;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.pospace.Challenges;
import org.cybervein.storageproofs.pospace.CommitProof;
import org.cybervein.storageproofs.pospace.GraphParameters;
import org.cybervein.storageproofs.pospace.LabelOpening;
import org.cybervein.storageproofs.pospace.ProofKind;
import org.cybervein.storageproofs.pospace.SpaceCommitment;
import org.cybervein.storageproofs.pospace.SpaceProver;
import org.cybervein.storageproofs.pospace.SpaceVerifier;
import org.cybervein.storageproofs.pospace.StorageProof;
import org.cybervein.storageproofs.pospace.VerifiedSpaceCommitment;

/**
 * Proof of space end to end: a prover runs Init (Algorithm 1) over 2^14 labels and publishes its
 * commitment; a verifier that knows only the commitment bytes checks a commit proof (Algorithm 2)
 * and a storage proof (Algorithm 3) for challenges drawn from a "block hash"; then a prover that
 * threw away 10% of its labels is caught.
 */
public final class ProofOfSpaceScene {
  private static final long NODES = 1L << 14;

  private ProofOfSpaceScene() {}

  /**
   * Runs the scene, printing what happens.
   *
   * @return true if the honest proofs verified and the cheating prover was rejected
   */
  public static boolean run(long seed, PrintStream out) {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    Hash mu = Hash.of(bytes(random, Hash.SIZE));
    SpaceProver prover =
        SpaceProver.init(
            mu,
            NODES,
            GraphParameters.DEFAULT,
            new HeapHashArray(SpaceProver.storageSize(NODES)),
            (done, total) -> {
              if (done == total || done % (NODES / 4) == 0) {
                out.println("Init: " + done + " / " + total + " labels");
              }
            });
    Bytes published = prover.commitment().encode();
    out.println("commitment " + published.size() + " bytes, gamma " + prover.commitment().gamma());

    Bytes blockHash = Bytes.of(bytes(random, Hash.SIZE));
    int k = Challenges.requiredCount(40, 0.1);
    boolean ok;
    try {
      SpaceCommitment commitment = SpaceCommitment.decode(published);
      Bytes commitBytes = prover.proveCommit(blockHash, 20).encode();
      // The commit proof binds gamma to mu and G; only a commitment it verified takes storage
      // proofs, which bind gamma, n and the seed alone.
      VerifiedSpaceCommitment verified =
          SpaceVerifier.checkCommit(commitment, blockHash, 20, CommitProof.decode(commitBytes));
      out.println("commit proof (20 challenges, " + commitBytes.size() + " bytes): valid");
      Bytes storageBytes = prover.proveStorage(blockHash, k).encode();
      SpaceVerifier.checkStorage(verified, blockHash, k, StorageProof.decode(storageBytes));
      out.println("storage proof (" + k + " challenges, " + storageBytes.size() + " bytes): valid");
      ok = cheaterIsCaught(prover, verified, blockHash, k, random, out);
    } catch (InvalidStorageProofException e) {
      out.println("honest proof rejected: " + e.reason() + " " + e.getMessage());
      ok = false;
    }
    return ok;
  }

  private static boolean cheaterIsCaught(
      SpaceProver prover,
      VerifiedSpaceCommitment commitment,
      Bytes blockHash,
      int k,
      DeterministicRandom random,
      PrintStream out) {
    boolean[] deleted = new boolean[(int) NODES];
    for (int gone = 0; gone < NODES / 10; ) {
      int v = random.nextInt((int) NODES);
      if (!deleted[v]) {
        deleted[v] = true;
        gone++;
      }
    }
    List<LabelOpening> answers = new ArrayList<>();
    for (long c : Challenges.derive(ProofKind.STORAGE, commitment.commitment(), blockHash, k)) {
      LabelOpening honest = prover.open(c);
      answers.add(deleted[(int) c] ? new LabelOpening(Hash.ZERO, honest.path()) : honest);
    }
    try {
      SpaceVerifier.checkStorage(commitment, blockHash, k, new StorageProof(NODES, answers));
      out.println("cheater (10% of labels deleted) passed: chance (0.9)^" + k + " ~ 2^-40");
      return false;
    } catch (InvalidStorageProofException e) {
      out.println("cheater (10% of labels deleted) rejected: " + e.reason());
      return true;
    }
  }

  private static byte[] bytes(DeterministicRandom random, int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }
}
