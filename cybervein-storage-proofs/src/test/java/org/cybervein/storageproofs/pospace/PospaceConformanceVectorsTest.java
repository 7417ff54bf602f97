package org.cybervein.storageproofs.pospace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.cybervein.api.Bytes;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published proof-of-space conformance vectors are what the generator writes, and the verifier
 * gives each its stated verdict. Regenerate with {@code -Dvectors.write=true}.
 */
class PospaceConformanceVectorsTest {
  /** With {@code -Dvectors.write=true}, first rewrites the committed file. */
  @BeforeAll
  static void regenerateIfAsked() throws Exception {
    if (Boolean.getBoolean("vectors.write")) {
      Files.writeString(
          PospaceConformanceVectorGenerator.FILE,
          PospaceConformanceVectorGenerator.generate(),
          StandardCharsets.UTF_8);
    }
  }

  @Test
  void theCommittedVectorsAreTheGeneratorsOutputByteForByte() throws Exception {
    String generated = PospaceConformanceVectorGenerator.generate();
    assertEquals(
        generated,
        Files.readString(PospaceConformanceVectorGenerator.FILE, StandardCharsets.UTF_8),
        "vectors/pospace.json differs from the generator's output");
  }

  @Test
  void theVerifierGivesEveryVectorItsVerdict() throws Exception {
    JsonObject root =
        JsonParser.parseString(
                Files.readString(PospaceConformanceVectorGenerator.FILE, StandardCharsets.UTF_8))
            .getAsJsonObject();
    for (JsonElement e : root.getAsJsonArray("vectors")) {
      JsonObject v = e.getAsJsonObject();
      Bytes commitment = Bytes.fromHex(v.get("commitment").getAsString());
      Bytes seed = Bytes.fromHex(v.get("challenge_seed").getAsString());
      ProofKind kind =
          v.get("kind").getAsString().equals("storage") ? ProofKind.STORAGE : ProofKind.COMMIT;
      int k = v.get("k").getAsInt();
      Bytes proof = Bytes.fromHex(v.get("proof").getAsString());
      String name = v.get("name").getAsString();
      if (v.get("verdict").getAsString().equals("valid")) {
        PospaceConformanceVectorGenerator.verify(commitment, seed, kind, k, proof);
      } else {
        assertEquals(
            v.get("reason").getAsString(),
            assertThrows(
                    InvalidStorageProofException.class,
                    () ->
                        PospaceConformanceVectorGenerator.verify(commitment, seed, kind, k, proof),
                    name)
                .reason()
                .name(),
            name);
      }
    }
  }
}
