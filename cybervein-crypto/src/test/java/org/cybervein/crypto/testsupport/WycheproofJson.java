package org.cybervein.crypto.testsupport;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cybervein.api.Bytes;

/** Reads a Wycheproof file from {@code src/test/resources/vectors/wycheproof/}. */
public final class WycheproofJson {
  /** One test case with the parameters of its group. */
  public record Case(JsonObject group, JsonObject test) {
    public int tcId() {
      return test.get("tcId").getAsInt();
    }

    public String result() {
      return test.get("result").getAsString();
    }

    public boolean isValid() {
      return result().equals("valid");
    }

    public boolean isInvalid() {
      return result().equals("invalid");
    }

    public boolean isAcceptable() {
      return result().equals("acceptable");
    }

    public Set<String> flags() {
      Set<String> flags = new TreeSet<>();
      for (JsonElement e : test.getAsJsonArray("flags")) {
        flags.add(e.getAsString());
      }
      return flags;
    }

    public Bytes hex(String field) {
      return Bytes.fromHex(test.get(field).getAsString());
    }

    public int testInt(String field) {
      return test.get(field).getAsInt();
    }

    public int groupInt(String field) {
      return group.get(field).getAsInt();
    }

    @Override
    public String toString() {
      return "tcId " + tcId() + " (" + test.get("comment").getAsString() + ", " + flags() + ")";
    }
  }

  private final JsonObject root;

  private WycheproofJson(JsonObject root) {
    this.root = root;
  }

  /** Loads {@code vectors/wycheproof/<fileName>} from the test class path. */
  public static WycheproofJson load(String fileName) {
    String path = "/vectors/wycheproof/" + fileName;
    try (InputStream in = WycheproofJson.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new WycheproofJson(
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String algorithm() {
    return root.get("algorithm").getAsString();
  }

  public int numberOfTests() {
    return root.get("numberOfTests").getAsInt();
  }

  /** Every case in file order; checks that the count matches {@code numberOfTests}. */
  public List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    JsonArray groups = root.getAsJsonArray("testGroups");
    for (JsonElement g : groups) {
      JsonObject group = g.getAsJsonObject();
      for (JsonElement t : group.getAsJsonArray("tests")) {
        cases.add(new Case(group, t.getAsJsonObject()));
      }
    }
    if (cases.size() != numberOfTests()) {
      throw new IllegalStateException(
          "file declares " + numberOfTests() + " tests but holds " + cases.size());
    }
    return cases;
  }
}
