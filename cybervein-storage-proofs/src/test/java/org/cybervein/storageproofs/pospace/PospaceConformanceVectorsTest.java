package org.cybervein.storageproofs.pospace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
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
    assertEquals(2, root.get("format_version").getAsInt());
    Map<String, Integer> counts = new TreeMap<>();
    for (JsonElement e : root.getAsJsonArray("vectors")) {
      PospaceConformanceVectorGenerator.Case c =
          PospaceConformanceVectorGenerator.read(e.getAsJsonObject());
      String name = c.name();
      assertFalse(c.why().isBlank(), name);
      counts.merge(c.kind() + (c.reason().isEmpty() ? " valid" : " invalid"), 1, Integer::sum);
      if (c.reason().isEmpty()) {
        PospaceConformanceVectorGenerator.verify(c);
      } else {
        assertEquals(
            c.reason().get(),
            assertThrows(
                    InvalidStorageProofException.class,
                    () -> PospaceConformanceVectorGenerator.verify(c),
                    name)
                .reason(),
            name);
      }
    }
    // Every kind has vectors of both verdicts.
    assertEquals(6, counts.size(), counts.toString());
  }

  @Test
  void everyCommitmentRuleHasARefusedVectorWithItsReason() throws Exception {
    Map<Reason, Integer> refused = new EnumMap<>(Reason.class);
    for (PospaceConformanceVectorGenerator.Case c : PospaceConformanceVectorGenerator.cases()) {
      if (c.kind() == PospaceConformanceVectorGenerator.Kind.COMMITMENT) {
        c.reason().ifPresent(r -> refused.merge(r, 1, Integer::sum));
      }
    }
    for (Reason r :
        List.of(
            Reason.INVALID_VALUE,
            Reason.WRONG_LENGTH,
            Reason.MISSING_FIELD,
            Reason.MALFORMED,
            Reason.TRUNCATED,
            Reason.OVERSIZED)) {
      assertTrue(refused.containsKey(r), "no commitment vector refused for " + r);
    }
  }
}
