package org.cybervein.lightclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.storageproofs.pospace.GraphParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published light-client vectors are what the generator writes, and the light client gives each
 * its stated verdict. Regenerate with {@code -Dvectors.write=true}.
 */
class LightClientVectorsTest {
  /** With {@code -Dvectors.write=true}, first rewrites the committed file. */
  @BeforeAll
  static void regenerateIfAsked() throws Exception {
    if (Boolean.getBoolean("vectors.write")) {
      Files.writeString(
          LightClientVectorGenerator.FILE,
          LightClientVectorGenerator.generate(),
          StandardCharsets.UTF_8);
    }
  }

  @Test
  void theCommittedVectorsAreTheGeneratorsOutputByteForByte() throws Exception {
    assertEquals(
        LightClientVectorGenerator.generate(),
        Files.readString(LightClientVectorGenerator.FILE, StandardCharsets.UTF_8),
        "vectors/lightclient.json differs from the generator's output");
  }

  static ProvenEntry entry(JsonObject o) {
    return new ProvenEntry(
        o.has("value")
            ? Optional.of(Bytes.fromHex(o.get("value").getAsString()))
            : Optional.empty(),
        Bytes.fromHex(o.get("proof").getAsString()));
  }

  static HeaderUpdate update(JsonObject o) {
    return new HeaderUpdate(
        Bytes.fromHex(o.get("block").getAsString()),
        entry(o.getAsJsonObject("registration")),
        entry(o.getAsJsonObject("bandwidth")),
        entry(o.getAsJsonObject("previous_bandwidth")));
  }

  static LightClientParameters parameters(JsonObject p) {
    JsonObject g = p.getAsJsonObject("graph");
    return new LightClientParameters(
        p.get("challenge_lag").getAsInt(),
        p.get("storage_challenges").getAsInt(),
        p.get("block_interval_millis").getAsLong(),
        p.get("max_clock_drift_millis").getAsLong(),
        new GraphParameters(
            g.get("layers").getAsInt(),
            g.get("in_layer_degree").getAsInt(),
            g.get("expander_degree").getAsInt(),
            Hash.fromHex(g.get("graph_seed").getAsString())),
        p.get("min_node_count").getAsLong(),
        p.get("max_node_count").getAsLong(),
        p.get("window_blocks").getAsLong(),
        p.get("trusted_heights").getAsInt());
  }

  /** What an embedder does with one vector; returns the state after it. */
  static LightClientState run(JsonObject root, JsonObject v)
      throws InvalidLightClientInputException {
    JsonObject genesis = root.getAsJsonObject("genesis");
    LightClientState s =
        LightClient.initialise(
            parameters(root.getAsJsonObject("parameters")),
            Hash.fromHex(genesis.get("state_root").getAsString()),
            genesis.get("time_millis").getAsLong());
    int after = v.get("after").getAsInt();
    for (int i = 0; i < after; i++) {
      JsonObject u = root.getAsJsonArray("chain").get(i).getAsJsonObject();
      s = LightClient.update(s, update(u), u.get("now_millis").getAsLong());
    }
    switch (v.get("kind").getAsString()) {
      case "update" ->
          s =
              LightClient.update(
                  s, update(v.getAsJsonObject("update")), v.get("now_millis").getAsLong());
      case "misbehaviour" ->
          s =
              LightClient.submitMisbehaviour(
                  s,
                  new Misbehaviour(
                      update(v.getAsJsonObject("first")), update(v.getAsJsonObject("second"))),
                  v.get("now_millis").getAsLong());
      case "membership" ->
          LightClient.verifyMembership(
              s,
              v.get("height").getAsLong(),
              Hash.fromHex(v.get("key").getAsString()),
              Bytes.fromHex(v.get("value").getAsString()),
              Bytes.fromHex(v.get("proof").getAsString()));
      case "non_membership" ->
          LightClient.verifyNonMembership(
              s,
              v.get("height").getAsLong(),
              Hash.fromHex(v.get("key").getAsString()),
              Bytes.fromHex(v.get("proof").getAsString()));
      default -> throw new IllegalArgumentException("unknown kind " + v.get("kind"));
    }
    return s;
  }

  @Test
  void theLightClientGivesEveryVectorItsVerdict() throws Exception {
    JsonObject root =
        JsonParser.parseString(
                Files.readString(LightClientVectorGenerator.FILE, StandardCharsets.UTF_8))
            .getAsJsonObject();
    Set<String> names = new HashSet<>();
    int valid = 0;
    int invalid = 0;
    for (JsonElement e : root.getAsJsonArray("vectors")) {
      JsonObject v = e.getAsJsonObject();
      String name = v.get("name").getAsString();
      assertTrue(names.add(name), "unique name " + name);
      assertFalse(v.get("why").getAsString().isBlank(), name);
      if (v.get("verdict").getAsString().equals("valid")) {
        valid++;
        LightClientState s = run(root, v);
        if (v.has("expected")) {
          JsonObject x = v.getAsJsonObject("expected");
          if (x.has("frozen_height")) {
            assertEquals(Optional.of(x.get("frozen_height").getAsLong()), s.frozenHeight(), name);
          } else {
            TrustedBlock t = s.consensusState(x.get("height").getAsLong()).orElseThrow();
            assertEquals(x.get("block_id").getAsString(), t.blockId().toHex(), name);
            assertEquals(x.get("state_root").getAsString(), t.stateRoot().toHex(), name);
          }
        }
      } else {
        invalid++;
        InvalidLightClientInputException refused =
            assertThrows(InvalidLightClientInputException.class, () -> run(root, v), name);
        assertEquals(v.get("reason").getAsString(), refused.reason().name(), name);
      }
    }
    assertTrue(valid > 0 && invalid > 0, "vectors of both verdicts");
  }
}
