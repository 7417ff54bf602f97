package org.cybervein.storageproofs.pospace;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.merkle.MerkleTree;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * Writes the published proof-of-space conformance vectors ({@code vectors/pospace.json} at the
 * repository root; format in {@code vectors/README.md}): a commitment with a storage or commit
 * proof and the verdict a verifier must reach, valid and invalid, on small graphs. The
 * value-by-value runs of the algorithms are the module's own {@code
 * vectors/pospace/pospace-vectors.json}; these vectors are about accepting and refusing. Every
 * input is fixed, so the output changes only when the format or the rules do; {@code
 * PospaceConformanceVectorsTest} checks that the committed file is this output, byte for byte.
 */
public final class PospaceConformanceVectorGenerator {
  /** The file, relative to this module's directory. */
  static final Path FILE = Path.of("..", "vectors", "pospace.json");

  private PospaceConformanceVectorGenerator() {}

  /**
   * Writes the vectors to {@code args[0]}, or to {@link #FILE}.
   *
   * @param args the output path, optional
   * @throws IOException if the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path out = args.length > 0 ? Path.of(args[0]) : FILE;
    Files.writeString(out, generate(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }

  /** One vector: a commitment, a proof of one kind, and the verdict. */
  private record Case(
      String name,
      String why,
      Bytes commitment,
      Bytes seed,
      ProofKind kind,
      int k,
      Bytes proof,
      Optional<Reason> reason) {}

  static List<Case> cases() {
    GraphParameters small = new GraphParameters(4, 6, 8, PospaceVectorGenerator.name("graph 64"));
    SpaceProver p64 =
        SpaceProver.initInMemory(PospaceVectorGenerator.name("conformance prover 64"), 64, small);
    SpaceProver p128 =
        SpaceProver.initInMemory(
            PospaceVectorGenerator.name("conformance prover 128"), 128, GraphParameters.DEFAULT);
    Bytes seed = Bytes.utf8("block 1");
    Bytes other = Bytes.utf8("block 2");
    Bytes c64 = p64.commitment().encode();
    List<Case> cases = new ArrayList<>();
    cases.add(
        new Case(
            "storage-n64-k8",
            "The 8 storage challenges of this commitment and seed, each opened with its path.",
            c64,
            seed,
            ProofKind.STORAGE,
            8,
            p64.proveStorage(seed, 8).encode(),
            Optional.empty()));
    cases.add(
        new Case(
            "commit-n64-k2",
            "The 2 commit challenges opened with all their parents; every label recomputes.",
            c64,
            seed,
            ProofKind.COMMIT,
            2,
            p64.proveCommit(seed, 2).encode(),
            Optional.empty()));
    cases.add(
        new Case(
            "storage-n128-default-graph-k16",
            "The default graph parameters (8 layers) on 128 nodes.",
            p128.commitment().encode(),
            other,
            ProofKind.STORAGE,
            16,
            p128.proveStorage(other, 16).encode(),
            Optional.empty()));
    cases.add(
        new Case(
            "commit-n128-default-graph-k3",
            "Commit proof on the default graph parameters.",
            p128.commitment().encode(),
            other,
            ProofKind.COMMIT,
            3,
            p128.proveCommit(other, 3).encode(),
            Optional.empty()));

    cases.add(
        new Case(
            "storage-answers-another-seed",
            "A proof for seed \"block 2\" opens other nodes than the challenges of \"block 1\":"
                + " a prover may not pick what it answers.",
            c64,
            seed,
            ProofKind.STORAGE,
            8,
            p64.proveStorage(other, 8).encode(),
            Optional.of(Reason.WRONG_CHALLENGE)));
    cases.add(
        new Case(
            "storage-too-few-openings",
            "The verifier asks for 9 challenges; a proof with 8 openings does not answer them.",
            c64,
            seed,
            ProofKind.STORAGE,
            9,
            p64.proveStorage(seed, 8).encode(),
            Optional.of(Reason.WRONG_CHALLENGE)));
    StorageProof honest = p64.proveStorage(seed, 8);
    List<LabelOpening> openings = new ArrayList<>(honest.openings());
    LabelOpening first = openings.get(0);
    byte[] label = first.label().toByteArray();
    label[0] ^= 0x01;
    openings.set(0, new LabelOpening(Hash.of(label), first.path()));
    cases.add(
        new Case(
            "storage-label-not-committed",
            "One bit of an opened label flipped: its audit path no longer leads to gamma.",
            c64,
            seed,
            ProofKind.STORAGE,
            8,
            new StorageProof(64, openings).encode(),
            Optional.of(Reason.BAD_MERKLE_PATH)));
    cases.add(
        new Case(
            "storage-proof-for-another-size",
            "A proof about 128 nodes does not answer a commitment to 64.",
            c64,
            seed,
            ProofKind.STORAGE,
            8,
            p128.proveStorage(seed, 8).encode(),
            Optional.of(Reason.WRONG_NODE_COUNT)));
    cases.add(
        new Case(
            "commit-label-not-from-parents",
            "The prover committed to a forged label for the challenged node (and ground gamma until"
                + " that node was challenged); the label does not recompute from mu, v and the"
                + " parents' labels.",
            forgedCommitment(p64, small, seed),
            seed,
            ProofKind.COMMIT,
            1,
            forgedProof(p64, small, seed),
            Optional.of(Reason.BAD_LABEL)));
    CommitProof commit = p64.proveCommit(seed, 2);
    CommitOpening c0 = commit.openings().get(0);
    List<LabelOpening> fewer = c0.parents().subList(0, c0.parents().size() - 1);
    cases.add(
        new Case(
            "commit-parent-missing",
            "A commit opening must open every parent of the challenged node, repeats included.",
            c64,
            seed,
            ProofKind.COMMIT,
            2,
            new CommitProof(
                    64, List.of(new CommitOpening(c0.node(), fewer), commit.openings().get(1)))
                .encode(),
            Optional.of(Reason.WRONG_CHALLENGE)));
    cases.add(
        new Case(
            "proof-not-protobuf",
            "Bytes that are not a PosStorageProof.",
            c64,
            seed,
            ProofKind.STORAGE,
            8,
            Bytes.utf8("not a proof"),
            Optional.of(Reason.MALFORMED)));
    Bytes proof = p64.proveStorage(seed, 8).encode();
    cases.add(
        new Case(
            "proof-with-unknown-field",
            "A trailing unknown field (15, varint 0) is not the canonical encoding.",
            c64,
            seed,
            ProofKind.STORAGE,
            8,
            proof.concat(Bytes.of(new byte[] {0x78, 0x00})),
            Optional.of(Reason.MALFORMED)));
    return cases;
  }

  // The forged tree of the BAD_LABEL case: the honest labels with one replaced, found by grinding
  // the replacement until the forged gamma's single commit challenge is the forged node.
  private record Forgery(SpaceCommitment commitment, CommitProof proof) {}

  private static Forgery forge(SpaceProver honest, GraphParameters graph, Bytes seed) {
    long n = honest.commitment().nodeCount();
    List<Hash> labels = new ArrayList<>();
    for (long v = 0; v < n; v++) {
      labels.add(honest.label(v));
    }
    long victim = Challenges.derive(ProofKind.COMMIT, honest.commitment(), seed, 1).get(0);
    for (int attempt = 0; ; attempt++) {
      List<Hash> forged = new ArrayList<>(labels);
      forged.set((int) victim, PospaceVectorGenerator.name("forged label " + attempt));
      MerkleTree tree = MerkleTree.ofLeafHashes(forged);
      SpaceCommitment fc = new SpaceCommitment(honest.commitment().mu(), n, graph, tree.root());
      if (Challenges.derive(ProofKind.COMMIT, fc, seed, 1).get(0) != victim) {
        continue;
      }
      List<LabelOpening> parents = new ArrayList<>();
      for (long p : fc.spaceGraph().parents(victim)) {
        parents.add(new LabelOpening(forged.get((int) p), tree.proof(p)));
      }
      return new Forgery(
          fc,
          new CommitProof(
              n,
              List.of(
                  new CommitOpening(
                      new LabelOpening(forged.get((int) victim), tree.proof(victim)), parents))));
    }
  }

  private static Bytes forgedCommitment(SpaceProver honest, GraphParameters graph, Bytes seed) {
    return forge(honest, graph, seed).commitment().encode();
  }

  private static Bytes forgedProof(SpaceProver honest, GraphParameters graph, Bytes seed) {
    return forge(honest, graph, seed).proof().encode();
  }

  /**
   * Checks one vector's inputs as a verifier does: decode the commitment, decode the proof of the
   * stated kind, verify it.
   *
   * @throws InvalidStorageProofException with the reason of the first failed check
   */
  static void verify(Bytes commitment, Bytes seed, ProofKind kind, int k, Bytes proof)
      throws InvalidStorageProofException {
    SpaceCommitment c = SpaceCommitment.decode(commitment);
    if (kind == ProofKind.STORAGE) {
      SpaceVerifier.checkStorage(c, seed, k, StorageProof.decode(proof));
    } else {
      SpaceVerifier.checkCommit(c, seed, k, CommitProof.decode(proof));
    }
  }

  /**
   * The JSON text of the vector file.
   *
   * @return the file's content
   */
  static String generate() {
    JsonObject root = new JsonObject();
    root.addProperty(
        "description",
        "CyberVein proof of space: commitments with storage and commit proofs to accept or refuse;"
            + " see README.md");
    root.addProperty("format_version", 1);
    JsonArray vectors = new JsonArray();
    for (Case c : cases()) {
      try {
        verify(c.commitment(), c.seed(), c.kind(), c.k(), c.proof());
        if (c.reason().isPresent()) {
          throw new IllegalStateException(c.name() + " should be refused");
        }
      } catch (InvalidStorageProofException e) {
        if (c.reason().isEmpty() || c.reason().get() != e.reason()) {
          throw new IllegalStateException(c.name() + " refused for " + e.reason(), e);
        }
      }
      JsonObject v = new JsonObject();
      v.addProperty("name", c.name());
      v.addProperty("verdict", c.reason().isEmpty() ? "valid" : "invalid");
      c.reason().ifPresent(r -> v.addProperty("reason", r.name()));
      v.addProperty("why", c.why());
      v.addProperty("commitment", c.commitment().toHex());
      v.addProperty("challenge_seed", c.seed().toHex());
      v.addProperty("kind", c.kind() == ProofKind.STORAGE ? "storage" : "commit");
      v.addProperty("k", c.k());
      v.addProperty("proof", c.proof().toHex());
      vectors.add(v);
    }
    root.add("vectors", vectors);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
  }
}
