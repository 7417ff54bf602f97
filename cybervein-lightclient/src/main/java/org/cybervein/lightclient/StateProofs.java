package org.cybervein.lightclient;

import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;

/** Reading a proven entry: decode its proof, check it under the root, hand back the value. */
final class StateProofs {
  private StateProofs() {}

  /**
   * The value {@code entry} proves for {@code key} under {@code root}.
   *
   * @throws InvalidLightClientInputException a decoding reason, or {@code BAD_STATE_PROOF}
   */
  static Optional<Bytes> provenValue(Hash root, Hash key, ProvenEntry entry)
      throws InvalidLightClientInputException {
    SparseMerkleProof proof = SparseMerkleProof.decode(entry.proof());
    if (!proof.proves(root, key, entry.value())) {
      throw new InvalidLightClientInputException(
          Reason.BAD_STATE_PROOF,
          "the proof does not show this "
              + (entry.value().isPresent() ? "value" : "absence")
              + " under the trusted root");
    }
    return entry.value();
  }
}
