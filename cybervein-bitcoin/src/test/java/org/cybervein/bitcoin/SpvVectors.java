package org.cybervein.bitcoin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.cybervein.api.Bytes;

/** The summa-tx/bitcoin-spv mainnet vectors (see vectors/bitcoin/README.md). */
public final class SpvVectors {
  private static final JsonObject ROOT = load();

  private SpvVectors() {}

  private static JsonObject load() {
    try (InputStream in =
        SpvVectors.class.getResourceAsStream("/vectors/bitcoin/spv-vectors.json")) {
      if (in == null) {
        throw new IllegalStateException("spv-vectors.json missing from the test resources");
      }
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cases of one group. */
  public static JsonArray group(String name) {
    JsonArray a = ROOT.getAsJsonArray(name);
    if (a == null || a.isEmpty()) {
      throw new IllegalStateException("no vector group " + name);
    }
    return a;
  }

  /** Bytes from a {@code 0x}-prefixed hex string. */
  public static Bytes hex(JsonElement e) {
    String s = e.getAsString();
    return Bytes.fromHex(s.startsWith("0x") ? s.substring(2) : s);
  }
}
