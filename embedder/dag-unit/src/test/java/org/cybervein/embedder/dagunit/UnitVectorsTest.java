package org.cybervein.embedder.dagunit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.Timer;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.InvalidUnitException;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitLimits;
import org.cybervein.dag.validation.UnitVerifier;
import org.junit.jupiter.api.Test;

/** Every published DAG unit vector gets its verdict from the public decoder and verifier alone. */
class UnitVectorsTest {
  private static final Path FILE = Path.of("..", "..", "vectors", "dag-unit-attestation.json");

  /** The vector's clock: verification only reads it. */
  private record StoppedClock(Instant now) implements Clock {
    @Override
    public Timer schedule(Duration delay, Runnable action) {
      throw new UnsupportedOperationException("unit verification does not schedule");
    }
  }

  @Test
  void validUnitsAreAcceptedAndInvalidOnesRefusedForTheirReason() throws Exception {
    JsonObject root =
        JsonParser.parseString(Files.readString(FILE, StandardCharsets.UTF_8)).getAsJsonObject();
    JsonArray vectors = root.getAsJsonArray("vectors");
    int valid = 0;
    int invalid = 0;
    for (JsonElement e : vectors) {
      JsonObject v = e.getAsJsonObject();
      String name = v.get("name").getAsString();
      JsonObject config = v.getAsJsonObject("config");
      List<PublicKey> keys = new ArrayList<>();
      config
          .getAsJsonArray("validators")
          .forEach(k -> keys.add(PublicKey.ed25519(Bytes.fromHex(k.getAsString()).toByteArray())));
      JsonObject l = config.getAsJsonObject("limits");
      UnitLimits limits =
          new UnitLimits(
              l.get("max_parents").getAsInt(),
              l.get("max_inline_bytes").getAsInt(),
              l.get("max_encoded_size").getAsInt(),
              Duration.ofMillis(l.get("max_clock_skew_millis").getAsLong()));
      UnitVerifier verifier =
          new UnitVerifier(
              limits,
              ValidatorSet.of(keys),
              new StoppedClock(Instant.ofEpochMilli(config.get("now_millis").getAsLong())),
              Runnable::run,
              1);
      Bytes encoded = Bytes.fromHex(v.get("unit").getAsString());
      if (v.get("verdict").getAsString().equals("valid")) {
        valid++;
        Unit unit = Unit.decode(encoded, limits);
        verifier.verify(unit);
        JsonObject expected = v.getAsJsonObject("expected");
        assertEquals(expected.get("unit_id").getAsString(), unit.id().toHex(), name);
        assertEquals(expected.get("author").getAsString(), unit.author().encoded().toHex(), name);
        assertEquals(expected.get("sequence").getAsLong(), unit.sequence(), name);
        if (unit.body().payload() instanceof Attestation a) {
          assertEquals(
              expected.get("verification_id").getAsString(),
              a.record().verificationId().toHex(),
              name);
          assertEquals(expected.get("batch_root").getAsString(), a.batchRoot().toHex(), name);
        }
      } else {
        invalid++;
        InvalidUnitException refused =
            assertThrows(
                InvalidUnitException.class,
                () -> verifier.verify(Unit.decode(encoded, limits)),
                name);
        assertEquals(v.get("reason").getAsString(), refused.reason().name(), name);
        assertFalse(v.get("why").getAsString().isBlank(), name);
      }
    }
    assertFalse(valid == 0 || invalid == 0, "vectors of both verdicts");
  }
}
