package org.cybervein.storageproofs.pospace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.junit.jupiter.api.Test;

/**
 * Recomputes every value of the published vectors from their inputs alone, with both the fast
 * prover and the reference implementation, and checks the encoded proofs decode and verify.
 * Regenerate with {@code
 * -Dpospace.vectors.write=src/test/resources/vectors/pospace/pospace-vectors.json}.
 */
class PospaceVectorsTest {
  private static JsonObject load() throws IOException {
    String write = System.getProperty("pospace.vectors.write");
    if (write != null) {
      PospaceVectorGenerator.main(new String[] {write});
    }
    try (InputStream in =
        PospaceVectorsTest.class.getResourceAsStream("/" + PospaceVectorGenerator.RESOURCE)) {
      assertTrue(in != null, "missing " + PospaceVectorGenerator.RESOURCE);
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
    }
  }

  @Test
  void publishedVectorsAreReproducedFromTheirInputs() throws Exception {
    JsonArray vectors = load().getAsJsonArray("vectors");
    assertEquals(PospaceVectorGenerator.CASES.size(), vectors.size());
    for (JsonElement e : vectors) {
      check(e.getAsJsonObject());
    }
  }

  @Test
  void generatorReproducesTheFileExactly() throws Exception {
    try (InputStream in =
        PospaceVectorsTest.class.getResourceAsStream("/" + PospaceVectorGenerator.RESOURCE)) {
      assertEquals(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), PospaceVectorGenerator.generate());
    }
  }

  private static void check(JsonObject v) throws Exception {
    String name = v.get("name").getAsString();
    Hash mu = Hash.fromHex(v.get("mu").getAsString());
    long n = v.get("node_count").getAsLong();
    JsonObject g = v.getAsJsonObject("graph");
    GraphParameters params =
        new GraphParameters(
            g.get("layers").getAsInt(),
            g.get("in_layer_degree").getAsInt(),
            g.get("expander_degree").getAsInt(),
            Hash.fromHex(g.get("graph_seed").getAsString()));
    SpaceProver prover = SpaceProver.initInMemory(mu, n, params);
    ReferenceSpaceInit reference = new ReferenceSpaceInit(mu, n, params);
    assertEquals(g.get("graph_key").getAsString(), String.format("%016x", reference.key), name);
    for (JsonElement pe : v.getAsJsonArray("parents")) {
      JsonObject p = pe.getAsJsonObject();
      long node = p.get("node").getAsLong();
      List<Long> expected = longs(p.getAsJsonArray("parents"));
      assertEquals(expected, prover.graph().parents(node), name + " parents of " + node);
      assertEquals(expected, reference.parents(node), name + " reference parents of " + node);
    }
    JsonArray labels = v.getAsJsonArray("labels");
    assertEquals(n, labels.size());
    for (int i = 0; i < n; i++) {
      assertEquals(labels.get(i).getAsString(), prover.label(i).toHex(), name + " label " + i);
      assertEquals(
          labels.get(i).getAsString(), reference.labels.get(i).toHex(), name + " ref " + i);
    }
    Hash gamma = Hash.fromHex(v.get("gamma").getAsString());
    assertEquals(gamma, prover.commitment().gamma(), name);
    assertEquals(gamma, reference.gamma, name);
    SpaceCommitment commitment =
        SpaceCommitment.decode(Bytes.fromHex(v.get("commitment").getAsString()));
    assertEquals(prover.commitment(), commitment, name);
    Bytes seed = Bytes.fromHex(v.get("challenge_seed").getAsString());

    JsonObject storage = v.getAsJsonObject("storage");
    int ks = storage.get("k").getAsInt();
    assertEquals(
        longs(storage.getAsJsonArray("challenges")),
        Challenges.derive(ProofKind.STORAGE, commitment, seed, ks),
        name);
    Bytes storageBytes = Bytes.fromHex(storage.get("proof").getAsString());
    assertEquals(storageBytes, prover.proveStorage(seed, ks).encode(), name);

    JsonObject commit = v.getAsJsonObject("commit");
    int kc = commit.get("k").getAsInt();
    assertEquals(
        longs(commit.getAsJsonArray("challenges")),
        Challenges.derive(ProofKind.COMMIT, commitment, seed, kc),
        name);
    Bytes commitBytes = Bytes.fromHex(commit.get("proof").getAsString());
    assertEquals(commitBytes, prover.proveCommit(seed, kc).encode(), name);
    VerifiedSpaceCommitment verified =
        SpaceVerifier.checkCommit(commitment, seed, kc, CommitProof.decode(commitBytes));
    SpaceVerifier.checkStorage(verified, seed, ks, StorageProof.decode(storageBytes));
  }

  private static List<Long> longs(JsonArray array) {
    List<Long> out = new ArrayList<>();
    array.forEach(x -> out.add(x.getAsLong()));
    return out;
  }
}
