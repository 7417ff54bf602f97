package org.cybervein.storageproofs.contribution;

import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;

/**
 * A receipt whose downloader signature has verified; only {@link
 * BandwidthReceipt#open(org.cybervein.api.wire.SignedEnvelope)} makes one.
 *
 * @param receipt the receipt
 * @param downloader the key that signed it
 * @param id the receipt's identity: SHA-256 tagged {@link BandwidthReceipt#ID_TAG} over the
 *     downloader's algorithm byte and key, then the exact signed body; two copies of one receipt
 *     have the same id whatever their signatures
 */
public record VerifiedReceipt(BandwidthReceipt receipt, PublicKey downloader, Hash id) {
  /** Checks that no field is null. */
  public VerifiedReceipt {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(downloader, "downloader");
    Objects.requireNonNull(id, "id");
  }
}
