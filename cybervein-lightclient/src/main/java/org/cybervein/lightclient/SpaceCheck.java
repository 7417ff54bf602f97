package org.cybervein.lightclient;

import org.cybervein.api.Hash;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.pospace.SpaceVerifier;

/**
 * The one place the light client asks storage-proofs' verifier whether a proof of space answers a
 * challenge: the seed is the challenge's 32 bytes and k the chain's {@code storageChallenges}. Kept
 * alone so that a change of the verifier's API touches one small class.
 */
final class SpaceCheck {
  private SpaceCheck() {}

  /**
   * Checks that {@code c}'s storage proof answers {@code challenge} against its commitment.
   *
   * @throws InvalidLightClientInputException {@code BAD_PROOF} naming what failed
   */
  static void check(Contribution c, Hash challenge, int k) throws InvalidLightClientInputException {
    try {
      SpaceVerifier.checkStorage(c.commitment(), challenge.toBytes(), k, c.proof());
    } catch (InvalidStorageProofException e) {
      throw new InvalidLightClientInputException(
          Reason.BAD_PROOF, "proof of space: " + e.getMessage(), e);
    }
  }
}
