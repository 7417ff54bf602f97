package org.cybervein.embedder.pbftupload;

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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.consensus.pbft.CertifiedUpload;
import org.cybervein.consensus.pbft.InvalidPbftMessageException;
import org.cybervein.consensus.pbft.LoggedOperation;
import org.cybervein.consensus.pbft.UploadCertificateVerifier;
import org.junit.jupiter.api.Test;

/** Every published UPLOAD certificate vector gets its verdict from the public verifier alone. */
class UploadCertificateVectorsTest {
  private static final Path FILE = Path.of("..", "..", "vectors", "pbft-upload-certificate.json");

  private static final String LOG_TAG = "cybervein/pbft/log/v1";

  /** TH(tag, data) = SHA-256(u8(len(tag)) || ascii(tag) || data), as vectors/README.md states. */
  private static String taggedHash(String tag, Bytes data) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
    sha256.update((byte) t.length);
    sha256.update(t);
    sha256.update(data.toByteArray());
    return Bytes.of(sha256.digest()).toHex();
  }

  private static List<Bytes> hexList(JsonArray array) {
    List<Bytes> out = new ArrayList<>();
    array.forEach(e -> out.add(Bytes.fromHex(e.getAsString())));
    return out;
  }

  @Test
  void validCertificatesAreAcceptedAndInvalidOnesRefusedForTheirReason() throws Exception {
    JsonObject root =
        JsonParser.parseString(Files.readString(FILE, StandardCharsets.UTF_8)).getAsJsonObject();
    assertEquals(2, root.get("format_version").getAsInt(), "UPLOAD <n, d> and the log");
    assertEquals(LOG_TAG, root.get("log_digest_tag").getAsString());
    JsonArray vectors = root.getAsJsonArray("vectors");
    assertFalse(vectors.isEmpty());
    int valid = 0;
    int invalid = 0;
    for (JsonElement e : vectors) {
      JsonObject v = e.getAsJsonObject();
      String name = v.get("name").getAsString();
      JsonObject config = v.getAsJsonObject("config");
      List<PublicKey> keys = new ArrayList<>();
      for (Bytes k : hexList(config.getAsJsonArray("replica_keys"))) {
        keys.add(PublicKey.ed25519(k.toByteArray()));
      }
      assertEquals(config.get("n").getAsInt(), keys.size(), name);
      UploadCertificateVerifier verifier =
          UploadCertificateVerifier.of(keys, config.get("max_frame_bytes").getAsInt());
      assertEquals(config.get("f").getAsInt(), verifier.f(), name);
      long sequence = v.get("sequence").getAsLong();
      List<Bytes> frames = hexList(v.getAsJsonArray("frames"));
      Bytes log = Bytes.fromHex(v.get("log").getAsString());
      if (v.get("verdict").getAsString().equals("valid")) {
        valid++;
        CertifiedUpload c = verifier.verify(sequence, frames, log);
        JsonObject expected = v.getAsJsonObject("expected");
        List<Integer> signers = new ArrayList<>();
        expected.getAsJsonArray("signers").forEach(s -> signers.add(s.getAsInt()));
        assertEquals(signers, c.signers(), name);
        assertEquals(
            expected.get("log_digest").getAsString(), c.upload().logDigest().toHex(), name);
        // The log digest rule of vectors/README.md, computed here without the SDK's hashing.
        assertEquals(expected.get("log_digest").getAsString(), taggedHash(LOG_TAG, log), name);
        assertEquals(log, c.encodedLog(), name);
        assertEquals(sequence, c.sequence(), name);
        JsonArray ops = expected.getAsJsonArray("operations");
        assertEquals(ops.size(), c.log().operations().size(), name);
        for (int i = 0; i < ops.size(); i++) {
          JsonObject o = ops.get(i).getAsJsonObject();
          LoggedOperation op = c.log().operations().get(i);
          assertEquals(o.get("client").getAsString(), op.client().value(), name);
          assertEquals(o.get("client_key").getAsString(), op.clientKey().encoded().toHex(), name);
          assertEquals(o.get("timestamp").getAsLong(), op.timestamp(), name);
          assertEquals(o.get("operation").getAsString(), op.operation().toHex(), name);
        }
      } else {
        invalid++;
        InvalidPbftMessageException refused =
            assertThrows(
                InvalidPbftMessageException.class,
                () -> verifier.verify(sequence, frames, log),
                name);
        assertEquals(v.get("reason").getAsString(), refused.reason().name(), name);
        assertFalse(v.get("why").getAsString().isBlank(), name);
      }
    }
    assertFalse(valid == 0 || invalid == 0, "vectors of both verdicts");
  }
}
