package org.cybervein.storageproofs.pospace;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

/**
 * Writes the published proof-of-space test vectors ({@code vectors/pospace/pospace-vectors.json},
 * format in the README beside it). Run {@link #main} with the output path, or run {@code
 * PospaceVectorsTest} with {@code -Dpospace.vectors.write=<path>}. The inputs are fixed, so the
 * output only changes when the algorithms do.
 */
public final class PospaceVectorGenerator {
  /** Where the vectors live, relative to the module directory. */
  static final String RESOURCE = "vectors/pospace/pospace-vectors.json";

  private PospaceVectorGenerator() {}

  /** Writes the vectors to {@code args[0]} (default: the test resource in the module). */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/" + RESOURCE);
    Files.writeString(out, generate(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }

  /** One case of the vector file: its inputs. */
  record Case(
      String name,
      String muName,
      long n,
      GraphParameters graph,
      String seed,
      int kStorage,
      int kCommit,
      long[] parentSample) {}

  static final List<Case> CASES =
      List.of(
          new Case(
              "n64-default-graph",
              "vector prover 1",
              64,
              GraphParameters.DEFAULT,
              "block 1",
              8,
              2,
              new long[] {0, 1, 2, 7, 8, 9, 15, 33, 63}),
          new Case(
              "n256-4-layers-own-seed",
              "vector prover 2",
              256,
              new GraphParameters(4, 6, 8, name("vector graph seed")),
              "block 2",
              16,
              3,
              new long[] {0, 1, 5, 63, 64, 65, 128, 200, 255}));

  /** The tagged SHA-256 under {@code cybervein/test/vector/v1} of the UTF-8 name. */
  static Hash name(String text) {
    return HashFunction.SHA256.hash(DomainTag.of("cybervein/test/vector/v1"), Bytes.utf8(text));
  }

  static String generate() {
    JsonObject root = new JsonObject();
    root.addProperty(
        "description",
        "CyberVein proof of space (stacked DRG + expander, Algorithms 1-3); see README.md");
    root.addProperty("format_version", 1);
    JsonArray vectors = new JsonArray();
    for (Case c : CASES) {
      vectors.add(vector(c));
    }
    root.add("vectors", vectors);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
  }

  private static JsonObject vector(Case c) {
    Hash mu = name(c.muName());
    SpaceProver prover = SpaceProver.initInMemory(mu, c.n(), c.graph());
    SpaceCommitment commitment = prover.commitment();
    Bytes seed = Bytes.utf8(c.seed());
    JsonObject v = new JsonObject();
    v.addProperty("name", c.name());
    v.addProperty("mu", mu.toHex());
    v.addProperty("node_count", c.n());
    JsonObject graph = new JsonObject();
    graph.addProperty("layers", c.graph().layers());
    graph.addProperty("in_layer_degree", c.graph().inLayerDegree());
    graph.addProperty("expander_degree", c.graph().expanderDegree());
    graph.addProperty("graph_seed", c.graph().graphSeed().toHex());
    graph.addProperty("graph_key", String.format("%016x", prover.graph().key()));
    v.add("graph", graph);
    JsonArray parents = new JsonArray();
    for (long node : c.parentSample()) {
      JsonObject p = new JsonObject();
      p.addProperty("node", node);
      JsonArray list = new JsonArray();
      prover.graph().parents(node).forEach(list::add);
      p.add("parents", list);
      parents.add(p);
    }
    v.add("parents", parents);
    JsonArray labels = new JsonArray();
    for (long node = 0; node < c.n(); node++) {
      labels.add(prover.label(node).toHex());
    }
    v.add("labels", labels);
    v.addProperty("gamma", commitment.gamma().toHex());
    v.addProperty("commitment", commitment.encode().toHex());
    v.addProperty("challenge_seed", seed.toHex());
    v.add(
        "storage",
        proof(
            c.kStorage(),
            Challenges.derive(ProofKind.STORAGE, commitment, seed, c.kStorage()),
            prover.proveStorage(seed, c.kStorage()).encode()));
    v.add(
        "commit",
        proof(
            c.kCommit(),
            Challenges.derive(ProofKind.COMMIT, commitment, seed, c.kCommit()),
            prover.proveCommit(seed, c.kCommit()).encode()));
    return v;
  }

  private static JsonObject proof(int k, List<Long> challenges, Bytes encoded) {
    JsonObject o = new JsonObject();
    o.addProperty("k", k);
    JsonArray list = new JsonArray();
    challenges.forEach(list::add);
    o.add("challenges", list);
    o.addProperty("proof", encoded.toHex());
    return o;
  }
}
