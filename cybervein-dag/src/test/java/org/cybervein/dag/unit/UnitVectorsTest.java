package org.cybervein.dag.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.validation.UnitVerifier;
import org.cybervein.testing.ManualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published DAG unit vectors are what the generator writes, and decoding plus verification give
 * each its stated verdict. Regenerate with {@code -Dvectors.write=true}.
 */
class UnitVectorsTest {
  /** With {@code -Dvectors.write=true}, first rewrites the committed file. */
  @BeforeAll
  static void regenerateIfAsked() throws Exception {
    if (Boolean.getBoolean("vectors.write")) {
      Files.writeString(
          UnitVectorGenerator.FILE, UnitVectorGenerator.generate(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theCommittedVectorsAreTheGeneratorsOutputByteForByte() throws Exception {
    String generated = UnitVectorGenerator.generate();
    assertEquals(
        generated,
        Files.readString(UnitVectorGenerator.FILE, StandardCharsets.UTF_8),
        "vectors/dag-unit-attestation.json differs from the generator's output");
  }

  @Test
  void decodingAndVerifyingGiveEveryVectorItsVerdict() throws Exception {
    JsonObject root =
        JsonParser.parseString(Files.readString(UnitVectorGenerator.FILE, StandardCharsets.UTF_8))
            .getAsJsonObject();
    for (JsonElement e : root.getAsJsonArray("vectors")) {
      JsonObject v = e.getAsJsonObject();
      JsonObject config = v.getAsJsonObject("config");
      List<PublicKey> keys = new ArrayList<>();
      config
          .getAsJsonArray("validators")
          .forEach(k -> keys.add(PublicKey.ed25519(Bytes.fromHex(k.getAsString()).toByteArray())));
      UnitVerifier verifier =
          new UnitVerifier(
              UnitLimits.DEFAULT,
              ValidatorSet.of(keys),
              new ManualClock(Instant.ofEpochMilli(config.get("now_millis").getAsLong())),
              Runnable::run,
              1);
      Bytes encoded = Bytes.fromHex(v.get("unit").getAsString());
      String name = v.get("name").getAsString();
      if (v.get("verdict").getAsString().equals("valid")) {
        Unit unit = Unit.decode(encoded, UnitLimits.DEFAULT);
        verifier.verify(unit);
        assertEquals(
            v.getAsJsonObject("expected").get("unit_id").getAsString(), unit.id().toHex(), name);
      } else {
        assertEquals(
            v.get("reason").getAsString(),
            assertThrows(
                    InvalidUnitException.class,
                    () -> verifier.verify(Unit.decode(encoded, UnitLimits.DEFAULT)),
                    name)
                .reason()
                .name(),
            name);
      }
    }
  }
}
