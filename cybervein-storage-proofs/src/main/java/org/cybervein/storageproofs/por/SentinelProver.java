package org.cybervein.storageproofs.por;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The storage node's side of the sentinel POR: it needs no key, only the stored file, and answers a
 * challenge with the blocks asked for.
 */
public final class SentinelProver {
  private SentinelProver() {}

  /**
   * Answers {@code challenge} from the stored file.
   *
   * @param stored the stored copy of the encoded file
   * @param challenge the verifier's challenge
   * @return the challenged blocks
   * @throws InvalidStorageProofException {@link Reason#INVALID_VALUE} if a challenged position is
   *     outside the file, or the stored copy is not whole blocks
   */
  public static SentinelResponse respond(Bytes stored, SentinelChallenge challenge)
      throws InvalidStorageProofException {
    Objects.requireNonNull(stored, "stored");
    if (stored.size() % SentinelPor.BLOCK_SIZE != 0) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "stored file is not whole 16-byte blocks");
    }
    long blocks = stored.size() / SentinelPor.BLOCK_SIZE;
    for (long p : challenge.positions()) {
      if (p >= blocks) {
        throw new InvalidStorageProofException(
            Reason.INVALID_VALUE, "position " + p + " outside the file's " + blocks + " blocks");
      }
    }
    byte[] out = new byte[challenge.positions().size() * SentinelPor.BLOCK_SIZE];
    int o = 0;
    for (long p : challenge.positions()) {
      stored
          .slice((int) p * SentinelPor.BLOCK_SIZE, (int) (p + 1) * SentinelPor.BLOCK_SIZE)
          .copyTo(out, o);
      o += SentinelPor.BLOCK_SIZE;
    }
    return new SentinelResponse(challenge.fileId(), Bytes.of(out));
  }
}
