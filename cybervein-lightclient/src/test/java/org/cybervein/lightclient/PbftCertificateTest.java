package org.cybervein.lightclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.consensus.pbft.CertifiedUpload;
import org.cybervein.consensus.pbft.InvalidPbftMessageException;
import org.cybervein.consensus.pbft.UploadCertificateVerifier;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;
import org.junit.jupiter.api.Test;

/**
 * PBFT database-log certificates through the light client: the published UPLOAD certificate vectors
 * get their verdicts (refusals as {@code BAD_CERTIFICATE} carrying the PBFT reason), and a frozen
 * client checks none.
 */
class PbftCertificateTest {
  private static final Path FILE = Path.of("..", "vectors", "pbft-upload-certificate.json");

  @Test
  void theUploadCertificateVectorsGetTheirVerdicts() throws Exception {
    LightClientState client = LedgerChains.standard().newClient();
    JsonObject root =
        JsonParser.parseString(Files.readString(FILE, StandardCharsets.UTF_8)).getAsJsonObject();
    int valid = 0;
    int invalid = 0;
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
        valid++;
        CertifiedUpload u = LightClient.verifyDatabaseLog(client, verifier, n, frames, log);
        assertEquals(n, u.sequence(), name);
      } else {
        invalid++;
        InvalidLightClientInputException refused =
            assertThrows(
                InvalidLightClientInputException.class,
                () -> LightClient.verifyDatabaseLog(client, verifier, n, frames, log),
                name);
        assertEquals(Reason.BAD_CERTIFICATE, refused.reason(), name);
        assertEquals(
            v.get("reason").getAsString(),
            ((InvalidPbftMessageException) refused.getCause()).reason().name(),
            name);
      }
    }
    assertTrue(valid > 0 && invalid > 0);
  }

  @Test
  void aFrozenClientChecksNoCertificate() {
    LightClientState frozen =
        LightClient.updateStateOnMisbehaviour(LedgerChains.standard().newClient(), 1);
    UploadCertificateVerifier verifier =
        UploadCertificateVerifier.of(List.of(PublicKey.ed25519(new byte[32])), 65536);
    InvalidLightClientInputException e =
        assertThrows(
            InvalidLightClientInputException.class,
            () -> LightClient.verifyDatabaseLog(frozen, verifier, 1, List.of(), Bytes.EMPTY));
    assertEquals(Reason.FROZEN, e.reason());
  }
}
