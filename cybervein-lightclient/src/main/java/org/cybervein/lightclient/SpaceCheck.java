package org.cybervein.lightclient;

import org.cybervein.api.Hash;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.pospace.SpaceVerifier;

/**
 * The one place the light client asks storage-proofs' verifier whether a proof of space answers a
 * challenge: the seed is the challenge's 32 bytes and k the chain's {@code storageChallenges}. A
 * storage proof counts only against a commitment whose commit proof passed; the client has that
 * only for a commitment it proved registered in the {@code poc} contract's state (whose
 * registration checked the commit proof), so this is the client's one call of {@link
 * SpaceVerifier#restoreRegistered}.
 */
final class SpaceCheck {
  private SpaceCheck() {}

  /**
   * Checks that {@code c}'s storage proof answers {@code challenge} against its commitment, which
   * the caller has proved is the one registered under the parent's state root.
   *
   * @throws InvalidLightClientInputException {@code BAD_PROOF} naming what failed
   */
  static void checkRegistered(Contribution c, Hash challenge, int k)
      throws InvalidLightClientInputException {
    try {
      SpaceVerifier.checkStorage(
          SpaceVerifier.restoreRegistered(c.commitment()), challenge.toBytes(), k, c.proof());
    } catch (InvalidStorageProofException e) {
      throw new InvalidLightClientInputException(
          Reason.BAD_PROOF, "proof of space: " + e.getMessage(), e);
    }
  }
}
