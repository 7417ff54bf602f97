package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published UPLOAD certificate vectors are what the generator writes, and the verifier gives
 * each its stated verdict. Regenerate with {@code -Dvectors.write=true}.
 */
class UploadCertificateVectorsTest {
  /** With {@code -Dvectors.write=true}, first rewrites the committed file. */
  @BeforeAll
  static void regenerateIfAsked() throws Exception {
    if (Boolean.getBoolean("vectors.write")) {
      Files.writeString(
          UploadCertificateVectorGenerator.FILE,
          UploadCertificateVectorGenerator.generate(),
          StandardCharsets.UTF_8);
    }
  }

  @Test
  void theCommittedVectorsAreTheGeneratorsOutputByteForByte() throws Exception {
    String generated = UploadCertificateVectorGenerator.generate();
    assertEquals(
        generated,
        Files.readString(UploadCertificateVectorGenerator.FILE, StandardCharsets.UTF_8),
        "vectors/pbft-upload-certificate.json differs from the generator's output");
  }

  @Test
  void theVerifierGivesEveryVectorItsVerdict() throws Exception {
    JsonObject root =
        JsonParser.parseString(
                Files.readString(UploadCertificateVectorGenerator.FILE, StandardCharsets.UTF_8))
            .getAsJsonObject();
    for (JsonElement e : root.getAsJsonArray("vectors")) {
      JsonObject v = e.getAsJsonObject();
      JsonObject config = v.getAsJsonObject("config");
      List<PublicKey> keys = new ArrayList<>();
      config
          .getAsJsonArray("replica_keys")
          .forEach(k -> keys.add(PublicKey.ed25519(Bytes.fromHex(k.getAsString()).toByteArray())));
      UploadCertificateVerifier verifier =
          UploadCertificateVerifier.of(keys, config.get("max_frame_bytes").getAsInt());
      List<Bytes> frames = new ArrayList<>();
      v.getAsJsonArray("frames").forEach(f -> frames.add(Bytes.fromHex(f.getAsString())));
      Bytes log = Bytes.fromHex(v.get("log").getAsString());
      long n = v.get("sequence").getAsLong();
      String name = v.get("name").getAsString();
      if (v.get("verdict").getAsString().equals("valid")) {
        CertifiedUpload c = verifier.verify(n, frames, log);
        assertEquals(
            v.getAsJsonObject("expected").get("log_digest").getAsString(),
            c.upload().logDigest().toHex(),
            name);
        assertEquals(log, c.encodedLog(), name);
      } else {
        assertEquals(
            v.get("reason").getAsString(),
            assertThrows(
                    InvalidPbftMessageException.class, () -> verifier.verify(n, frames, log), name)
                .reason()
                .name(),
            name);
      }
    }
  }
}
