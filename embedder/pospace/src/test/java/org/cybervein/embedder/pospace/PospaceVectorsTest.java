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
import org.junit.jupiter.api.Test;

/** Every published proof-of-space vector gets its verdict from the public decoders and verifier. */
class PospaceVectorsTest {
  private static final Path FILE = Path.of("..", "..", "vectors", "pospace.json");

  /** What an embedder does with a vector: decode the commitment and the proof, then verify. */
  private static void verify(JsonObject v) throws InvalidStorageProofException {
    SpaceCommitment commitment =
        SpaceCommitment.decode(Bytes.fromHex(v.get("commitment").getAsString()));
    Bytes seed = Bytes.fromHex(v.get("challenge_seed").getAsString());
    int k = v.get("k").getAsInt();
    Bytes proof = Bytes.fromHex(v.get("proof").getAsString());
    switch (v.get("kind").getAsString()) {
      case "storage" -> SpaceVerifier.checkStorage(commitment, seed, k, StorageProof.decode(proof));
      case "commit" -> SpaceVerifier.checkCommit(commitment, seed, k, CommitProof.decode(proof));
      default -> throw new IllegalArgumentException("unknown kind " + v.get("kind"));
    }
  }

  @Test
  void validProofsAreAcceptedAndInvalidOnesRefusedForTheirReason() throws Exception {
    JsonObject root =
        JsonParser.parseString(Files.readString(FILE, StandardCharsets.UTF_8)).getAsJsonObject();
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
