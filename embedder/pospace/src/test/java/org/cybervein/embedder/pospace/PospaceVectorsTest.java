package org.cybervein.embedder.pospace;

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
import org.cybervein.api.Bytes;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.pospace.CommitProof;
import org.cybervein.storageproofs.pospace.SpaceCommitment;
import org.cybervein.storageproofs.pospace.SpaceVerifier;
import org.cybervein.storageproofs.pospace.StorageProof;
import org.cybervein.storageproofs.pospace.VerifiedSpaceCommitment;
import org.junit.jupiter.api.Test;

/** Every published proof-of-space vector gets its verdict from the public decoders and verifier. */
class PospaceVectorsTest {
  private static final Path FILE = Path.of("..", "..", "vectors", "pospace.json");

  private static Bytes hex(JsonObject v, String field) {
    return Bytes.fromHex(v.get(field).getAsString());
  }

  /**
   * What an embedder does with a vector: decode the commitment; for a commit vector check the
   * commit proof; for a storage vector check the registration's commit proof first, and the storage
   * proof against the commitment that verified, the only kind {@code checkStorage} takes.
   */
  private static void verify(JsonObject v) throws InvalidStorageProofException {
    SpaceCommitment commitment = SpaceCommitment.decode(hex(v, "commitment"));
    switch (v.get("kind").getAsString()) {
      case "commitment" -> assertEquals(hex(v, "commitment"), commitment.encode());
      case "commit" ->
          SpaceVerifier.checkCommit(
              commitment,
              hex(v, "challenge_seed"),
              v.get("k").getAsInt(),
              CommitProof.decode(hex(v, "proof")));
      case "storage" -> {
        VerifiedSpaceCommitment verified =
            SpaceVerifier.checkCommit(
                commitment,
                hex(v, "commit_seed"),
                v.get("commit_k").getAsInt(),
                CommitProof.decode(hex(v, "commit_proof")));
        SpaceVerifier.checkStorage(
            verified,
            hex(v, "challenge_seed"),
            v.get("k").getAsInt(),
            StorageProof.decode(hex(v, "proof")));
      }
      default -> throw new IllegalArgumentException("unknown kind " + v.get("kind"));
    }
  }

  @Test
  void validProofsAreAcceptedAndInvalidOnesRefusedForTheirReason() throws Exception {
    JsonObject root =
        JsonParser.parseString(Files.readString(FILE, StandardCharsets.UTF_8)).getAsJsonObject();
    assertEquals(2, root.get("format_version").getAsInt());
    JsonArray vectors = root.getAsJsonArray("vectors");
    int valid = 0;
    int invalid = 0;
    for (JsonElement e : vectors) {
      JsonObject v = e.getAsJsonObject();
      String name = v.get("name").getAsString();
      if (v.get("verdict").getAsString().equals("valid")) {
        valid++;
        verify(v);
      } else {
        invalid++;
        InvalidStorageProofException refused =
            assertThrows(InvalidStorageProofException.class, () -> verify(v), name);
        assertEquals(v.get("reason").getAsString(), refused.reason().name(), name);
        assertFalse(v.get("why").getAsString().isBlank(), name);
      }
    }
    assertFalse(valid == 0 || invalid == 0, "vectors of both verdicts");
  }
}
