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
import org.cybervein.crypto.merkle.MerkleProof;
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

  /** What a vector asks a verifier to check. */
  enum Kind {
    /** Only that the commitment decodes: its validity rules. */
    COMMITMENT,
    /** A commit proof against the commitment. */
    COMMIT,
    /** A commit proof, then a storage proof against the commitment it verified. */
    STORAGE;

    String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Kind of(String json) {
      return valueOf(json.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /**
   * One vector: a commitment, the proofs its kind needs, and the verdict. For {@code STORAGE},
   * {@code commitSeed}, {@code commitK} and {@code commitProof} are the registration's commit proof
   * and {@code seed}, {@code k}, {@code proof} the storage proof; for {@code COMMIT} the latter
   * three are the commit proof.
   */
  record Case(
      String name,
      String why,
      Kind kind,
      Bytes commitment,
      Bytes commitSeed,
      int commitK,
      Bytes commitProof,
      Bytes seed,
      int k,
      Bytes proof,
      Optional<Reason> reason) {
    static Case commitment(String name, String why, Bytes commitment, Optional<Reason> reason) {
      return new Case(
          name,
          why,
          Kind.COMMITMENT,
          commitment,
          Bytes.EMPTY,
          0,
          Bytes.EMPTY,
          Bytes.EMPTY,
          0,
          Bytes.EMPTY,
          reason);
    }

    static Case commit(
        String name,
        String why,
        Bytes commitment,
        Bytes seed,
        int k,
        Bytes proof,
        Optional<Reason> reason) {
      return new Case(
          name, why, Kind.COMMIT, commitment, Bytes.EMPTY, 0, Bytes.EMPTY, seed, k, proof, reason);
    }

    static Case storage(
        String name,
        String why,
        Bytes commitment,
        Registration registration,
        Bytes seed,
        int k,
        Bytes proof,
        Optional<Reason> reason) {
      return new Case(
          name,
          why,
          Kind.STORAGE,
          commitment,
          registration.seed(),
          registration.k(),
          registration.proof(),
          seed,
          k,
          proof,
          reason);
    }
  }

  /** The commit proof that registered a commitment: its seed, k and encoding. */
  record Registration(Bytes seed, int k, Bytes proof) {
    static Registration of(SpaceProver prover) {
      return new Registration(
          REGISTRATION_SEED, 2, prover.proveCommit(REGISTRATION_SEED, 2).encode());
    }
  }

  /** The public seed of every registration's commit proof in these vectors. */
  static final Bytes REGISTRATION_SEED = Bytes.utf8("registration");

  private static final Optional<Reason> VALID = Optional.empty();

  private static Optional<Reason> refused(Reason reason) {
    return Optional.of(reason);
  }

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
    Registration r64 = Registration.of(p64);
    List<Case> cases = new ArrayList<>();
    cases.add(
        Case.storage(
            "storage-n64-k8",
            "The 8 storage challenges of this commitment and seed, each opened with its path, after"
                + " the registration's commit proof passed.",
            c64,
            r64,
            seed,
            8,
            p64.proveStorage(seed, 8).encode(),
            VALID));
    cases.add(
        Case.commit(
            "commit-n64-k2",
            "The 2 commit challenges opened with all their parents; every label recomputes.",
            c64,
            seed,
            2,
            p64.proveCommit(seed, 2).encode(),
            VALID));
    cases.add(
        Case.storage(
            "storage-n128-default-graph-k16",
            "The default graph parameters (8 layers) on 128 nodes.",
            p128.commitment().encode(),
            Registration.of(p128),
            other,
            16,
            p128.proveStorage(other, 16).encode(),
            VALID));
    cases.add(
        Case.commit(
            "commit-n128-default-graph-k3",
            "Commit proof on the default graph parameters.",
            p128.commitment().encode(),
            other,
            3,
            p128.proveCommit(other, 3).encode(),
            VALID));
    odd(cases, seed);

    cases.add(
        Case.storage(
            "storage-answers-another-seed",
            "A proof for seed \"block 2\" opens other nodes than the challenges of \"block 1\":"
                + " a prover may not pick what it answers.",
            c64,
            r64,
            seed,
            8,
            p64.proveStorage(other, 8).encode(),
            refused(Reason.WRONG_CHALLENGE)));
    cases.add(
        Case.storage(
            "storage-too-few-openings",
            "The verifier asks for 9 challenges; a proof with 8 openings does not answer them.",
            c64,
            r64,
            seed,
            9,
            p64.proveStorage(seed, 8).encode(),
            refused(Reason.WRONG_CHALLENGE)));
    cases.add(
        Case.storage(
            "storage-too-many-openings",
            "The verifier asks for 7 challenges; a proof with 8 openings is not the answer either:"
                + " k is the verifier's, never the proof's.",
            c64,
            r64,
            seed,
            7,
            p64.proveStorage(seed, 8).encode(),
            refused(Reason.WRONG_CHALLENGE)));
    StorageProof honest = p64.proveStorage(seed, 8);
    LabelOpening first = honest.openings().get(0);
    byte[] label = first.label().toByteArray();
    label[0] ^= 0x01;
    cases.add(
        Case.storage(
            "storage-label-not-committed",
            "One bit of an opened label flipped: its audit path no longer leads to gamma.",
            c64,
            r64,
            seed,
            8,
            withOpening(honest, 0, new LabelOpening(Hash.of(label), first.path())).encode(),
            refused(Reason.BAD_MERKLE_PATH)));
    List<Hash> siblings = new ArrayList<>(first.path().path());
    byte[] sibling = siblings.get(0).toByteArray();
    sibling[31] ^= (byte) 0x80;
    siblings.set(0, Hash.of(sibling));
    cases.add(
        Case.storage(
            "storage-opening-with-wrong-sibling",
            "One bit of the lowest sibling of the first opening flipped: the path leads elsewhere.",
            c64,
            r64,
            seed,
            8,
            withOpening(
                    honest,
                    0,
                    new LabelOpening(first.label(), new MerkleProof(first.index(), 64, siblings)))
                .encode(),
            refused(Reason.BAD_MERKLE_PATH)));
    long elsewhere = (first.index() + 1) % 64;
    cases.add(
        Case.storage(
            "storage-opening-of-another-node",
            "The first opening is a valid opening of node "
                + elsewhere
                + ", not of the challenged"
                + " node "
                + first.index()
                + ".",
            c64,
            r64,
            seed,
            8,
            withOpening(honest, 0, p64.open(elsewhere)).encode(),
            refused(Reason.WRONG_CHALLENGE)));
    cases.add(
        Case.storage(
            "storage-proof-for-another-size",
            "A proof about 128 nodes does not answer a commitment to 64.",
            c64,
            r64,
            seed,
            8,
            p128.proveStorage(seed, 8).encode(),
            refused(Reason.WRONG_NODE_COUNT)));
    cases.add(
        Case.storage(
            "storage-k-zero",
            "A verifier asking for no challenge would accept an empty proof: k must be at least 1.",
            c64,
            r64,
            seed,
            0,
            new StorageProof(64, List.of()).encode(),
            refused(Reason.INVALID_VALUE)));
    cases.add(
        Case.storage(
            "storage-k-above-4096",
            "At most 4096 challenges: no proof can hold more openings than a decoder reads.",
            c64,
            r64,
            seed,
            Challenges.MAX_CHALLENGES + 1,
            honest.encode(),
            refused(Reason.INVALID_VALUE)));
    Bytes longSeed = Bytes.of(new byte[Challenges.MAX_SEED_SIZE + 1]);
    cases.add(
        Case.storage(
            "storage-seed-of-257-bytes",
            "A challenge seed is at most 256 bytes.",
            c64,
            r64,
            longSeed,
            8,
            honest.encode(),
            refused(Reason.INVALID_VALUE)));
    Bytes maxSeed = Bytes.of(new byte[Challenges.MAX_SEED_SIZE]);
    cases.add(
        Case.storage(
            "storage-seed-of-256-bytes",
            "A challenge seed of exactly 256 bytes is accepted.",
            c64,
            r64,
            maxSeed,
            3,
            p64.proveStorage(maxSeed, 3).encode(),
            VALID));
    cases.add(
        Case.storage(
            "storage-empty-seed",
            "The empty challenge seed is accepted (its length, 0, is hashed).",
            c64,
            r64,
            Bytes.EMPTY,
            3,
            p64.proveStorage(Bytes.EMPTY, 3).encode(),
            VALID));

    // A storage proof binds gamma, n and the seed only. A commitment that copies a prover's gamma
    // under another mu (or graph) is answered by the victim's storage proofs; only its commit
    // proof, checked first, refuses it.
    SpaceCommitment victim = p64.commitment();
    SpaceCommitment stolen =
        new SpaceCommitment(
            PospaceVectorGenerator.name("thief"), 64, victim.graph(), victim.gamma());
    cases.add(
        Case.storage(
            "storage-for-a-copied-gamma-under-another-mu",
            "The thief's commitment copies the victim's gamma and n under its own mu; the victim's"
                + " storage proof would answer its challenges, but the victim's commit proof does"
                + " not recompute under the thief's mu. A verifier must check the commit proof"
                + " before any storage proof.",
            stolen.encode(),
            r64,
            seed,
            8,
            honest.encode(),
            refused(Reason.BAD_LABEL)));
    cases.add(
        Case.commit(
            "commit-proof-for-another-mu",
            "The victim's commit proof, presented for a commitment with its gamma under another"
                + " mu: the labels do not recompute.",
            stolen.encode(),
            seed,
            2,
            p64.proveCommit(seed, 2).encode(),
            refused(Reason.BAD_LABEL)));
    SpaceCommitment regraphed =
        new SpaceCommitment(
            victim.mu(),
            64,
            new GraphParameters(4, 6, 8, PospaceVectorGenerator.name("another graph 64")),
            victim.gamma());
    cases.add(
        Case.commit(
            "commit-proof-for-another-graph",
            "The commit proof of the same mu and gamma under another graph seed: the challenged"
                + " nodes have other parents than the ones opened.",
            regraphed.encode(),
            seed,
            2,
            p64.proveCommit(seed, 2).encode(),
            refused(Reason.WRONG_CHALLENGE)));
    cases.add(
        Case.commit(
            "commit-proof-of-another-seed",
            "A commit proof made for seed \"block 2\" does not answer the challenges of \"block 1\".",
            c64,
            seed,
            2,
            p64.proveCommit(other, 2).encode(),
            refused(Reason.WRONG_CHALLENGE)));
    cases.add(
        Case.storage(
            "storage-with-a-commit-proof-of-another-commitment",
            "The registration's commit proof is the 128-node prover's: the commitment to 64 nodes"
                + " is not verified, so no storage proof for it counts.",
            c64,
            Registration.of(p128),
            seed,
            8,
            honest.encode(),
            refused(Reason.WRONG_NODE_COUNT)));
    cases.add(
        Case.storage(
            "storage-without-a-commit-proof",
            "An empty commit proof (node count 0): the commitment was never verified.",
            c64,
            new Registration(REGISTRATION_SEED, 2, Bytes.EMPTY),
            seed,
            8,
            honest.encode(),
            refused(Reason.INVALID_VALUE)));
    cases.add(
        Case.commit(
            "commit-k-zero",
            "k must be at least 1 for commit proofs too.",
            c64,
            seed,
            0,
            new CommitProof(64, List.of()).encode(),
            refused(Reason.INVALID_VALUE)));
    cases.add(
        Case.commit(
            "commit-k-above-4096",
            "At most 4096 commit challenges.",
            c64,
            seed,
            Challenges.MAX_CHALLENGES + 1,
            p64.proveCommit(seed, 2).encode(),
            refused(Reason.INVALID_VALUE)));
    cases.add(
        Case.commit(
            "commit-seed-of-257-bytes",
            "A commit seed is at most 256 bytes.",
            c64,
            longSeed,
            2,
            p64.proveCommit(seed, 2).encode(),
            refused(Reason.INVALID_VALUE)));
    cases.add(
        Case.commit(
            "commit-label-not-from-parents",
            "The prover committed to a forged label for the challenged node (and ground gamma until"
                + " that node was challenged); the label does not recompute from mu, v and the"
                + " parents' labels.",
            forgedCommitment(p64, small, seed),
            seed,
            1,
            forgedProof(p64, small, seed),
            refused(Reason.BAD_LABEL)));
    CommitProof commit = p64.proveCommit(seed, 2);
    CommitOpening c0 = commit.openings().get(0);
    List<LabelOpening> fewer = c0.parents().subList(0, c0.parents().size() - 1);
    cases.add(
        Case.commit(
            "commit-parent-missing",
            "A commit opening must open every parent of the challenged node, repeats included.",
            c64,
            seed,
            2,
            new CommitProof(
                    64, List.of(new CommitOpening(c0.node(), fewer), commit.openings().get(1)))
                .encode(),
            refused(Reason.WRONG_CHALLENGE)));
    cases.add(
        Case.commit(
            "commit-too-many-openings",
            "The verifier asks for 1 commit challenge; a proof with 2 openings is refused.",
            c64,
            seed,
            1,
            commit.encode(),
            refused(Reason.WRONG_CHALLENGE)));
    cases.add(
        Case.storage(
            "proof-not-protobuf",
            "Bytes that are not a PosStorageProof.",
            c64,
            r64,
            seed,
            8,
            Bytes.utf8("not a proof"),
            refused(Reason.MALFORMED)));
    cases.add(
        Case.storage(
            "proof-with-unknown-field",
            "A trailing unknown field (15, varint 0) is not the canonical encoding.",
            c64,
            r64,
            seed,
            8,
            honest.encode().concat(Bytes.of(new byte[] {0x78, 0x00})),
            refused(Reason.MALFORMED)));
    CommitmentVectors.add(cases, victim);
    return cases;
  }

  /** Valid vectors on graphs whose node count and layer width are not powers of two. */
  private static void odd(List<Case> cases, Bytes seed) {
    record Odd(String name, String why, long n, GraphParameters graph, int kc, int ks) {}
    List<Odd> odd =
        List.of(
            new Odd(
                "n30-3-layers-width-10",
                "30 nodes in 3 layers of 10: neither n nor the width is a power of two, so no"
                    + " modulus is a mask.",
                30,
                new GraphParameters(3, 4, 5, PospaceVectorGenerator.name("graph 30")),
                4,
                6),
            new Odd(
                "n2-1-layer-no-expander",
                "The smallest graph: 2 nodes in one layer, in-layer degree 1, expander degree 0.",
                2,
                new GraphParameters(1, 1, 0, PospaceVectorGenerator.name("graph 2")),
                2,
                3),
            new Odd(
                "n90-6-layers-width-15-max-degrees",
                "90 nodes in 6 layers of 15, with the largest degrees: 16 in the layer, 32 from the"
                    + " layer below (48 parents).",
                90,
                new GraphParameters(6, 16, 32, PospaceVectorGenerator.name("graph 90")),
                3,
                5),
            new Odd(
                "n21-7-layers-width-3",
                "21 nodes in 7 layers of 3 (n = 3 L, just above the minimum 2 L).",
                21,
                new GraphParameters(7, 3, 2, PospaceVectorGenerator.name("graph 21")),
                4,
                4));
    for (Odd o : odd) {
      SpaceProver p =
          SpaceProver.initInMemory(
              PospaceVectorGenerator.name("prover " + o.name()), o.n(), o.graph());
      Bytes c = p.commitment().encode();
      cases.add(
          Case.commit(
              "commit-" + o.name(),
              o.why(),
              c,
              seed,
              o.kc(),
              p.proveCommit(seed, o.kc()).encode(),
              VALID));
      cases.add(
          Case.storage(
              "storage-" + o.name(),
              o.why(),
              c,
              Registration.of(p),
              seed,
              o.ks(),
              p.proveStorage(seed, o.ks()).encode(),
              VALID));
    }
  }

  private static StorageProof withOpening(StorageProof proof, int j, LabelOpening replacement) {
    List<LabelOpening> openings = new ArrayList<>(proof.openings());
    openings.set(j, replacement);
    return new StorageProof(proof.nodeCount(), openings);
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
   * Checks one vector as a verifier does: decode the commitment; for a commit vector decode and
   * check the commit proof; for a storage vector decode and check the registration's commit proof,
   * then decode the storage proof and check it against the commitment that verified.
   *
   * @throws InvalidStorageProofException with the reason of the first failed check
   */
  static void verify(Case c) throws InvalidStorageProofException {
    SpaceCommitment commitment = SpaceCommitment.decode(c.commitment());
    switch (c.kind()) {
      case COMMITMENT -> {}
      case COMMIT ->
          SpaceVerifier.checkCommit(commitment, c.seed(), c.k(), CommitProof.decode(c.proof()));
      case STORAGE -> {
        VerifiedSpaceCommitment verified =
            SpaceVerifier.checkCommit(
                commitment, c.commitSeed(), c.commitK(), CommitProof.decode(c.commitProof()));
        SpaceVerifier.checkStorage(verified, c.seed(), c.k(), StorageProof.decode(c.proof()));
      }
    }
  }

  /**
   * The vector as read back from its JSON object.
   *
   * @param v one element of the file's {@code vectors}
   * @return the case, with empty values for the fields its kind does not have
   */
  static Case read(JsonObject v) {
    Kind kind = Kind.of(v.get("kind").getAsString());
    return new Case(
        v.get("name").getAsString(),
        v.get("why").getAsString(),
        kind,
        hex(v, "commitment"),
        hex(v, "commit_seed"),
        v.has("commit_k") ? v.get("commit_k").getAsInt() : 0,
        hex(v, "commit_proof"),
        hex(v, "challenge_seed"),
        v.has("k") ? v.get("k").getAsInt() : 0,
        hex(v, "proof"),
        v.has("reason") ? Optional.of(Reason.valueOf(v.get("reason").getAsString())) : VALID);
  }

  private static Bytes hex(JsonObject v, String field) {
    return v.has(field) ? Bytes.fromHex(v.get(field).getAsString()) : Bytes.EMPTY;
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
        "CyberVein proof of space: commitments alone, and with commit and storage proofs, to accept"
            + " or refuse; see README.md");
    root.addProperty("format_version", 2);
    JsonArray vectors = new JsonArray();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Case c : cases()) {
      if (!names.add(c.name())) {
        throw new IllegalStateException("two vectors named " + c.name());
      }
      try {
        verify(c);
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
      v.addProperty("kind", c.kind().json());
      v.addProperty("commitment", c.commitment().toHex());
      if (c.kind() == Kind.STORAGE) {
        v.addProperty("commit_seed", c.commitSeed().toHex());
        v.addProperty("commit_k", c.commitK());
        v.addProperty("commit_proof", c.commitProof().toHex());
      }
      if (c.kind() != Kind.COMMITMENT) {
        v.addProperty("challenge_seed", c.seed().toHex());
        v.addProperty("k", c.k());
        v.addProperty("proof", c.proof().toHex());
      }
      vectors.add(v);
    }
    root.add("vectors", vectors);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
  }
}
