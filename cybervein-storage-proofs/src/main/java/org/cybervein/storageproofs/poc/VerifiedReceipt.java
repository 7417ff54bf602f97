package org.cybervein.storageproofs.poc;

import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;

/**
 * A receipt whose downloader signature has verified. Only {@link
 * BandwidthReceipt#open(org.cybervein.api.wire.SignedEnvelope)} makes one (the constructor is not
 * public), so holding one means the check was made.
 *
 * <p>Its identity {@link #id()} is SHA-256 tagged {@link BandwidthReceipt#ID_TAG} over the
 * downloader's algorithm byte and key, then the exact signed body; two copies of one receipt have
 * the same id whatever their signatures. Equality is by value.
 */
public final class VerifiedReceipt {
  private final BandwidthReceipt receipt;
  private final PublicKey downloader;
  private final Hash id;

  VerifiedReceipt(BandwidthReceipt receipt, PublicKey downloader, Hash id) {
    this.receipt = Objects.requireNonNull(receipt, "receipt");
    this.downloader = Objects.requireNonNull(downloader, "downloader");
    this.id = Objects.requireNonNull(id, "id");
  }

  /**
   * The receipt.
   *
   * @return the decoded receipt
   */
  public BandwidthReceipt receipt() {
    return receipt;
  }

  /**
   * The key that signed it.
   *
   * @return the downloader's public key
   */
  public PublicKey downloader() {
    return downloader;
  }

  /**
   * The receipt's identity, the same for every copy of one signed body.
   *
   * @return the hash of the signed body bytes
   */
  public Hash id() {
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifiedReceipt other
        && receipt.equals(other.receipt)
        && downloader.equals(other.downloader)
        && id.equals(other.id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(receipt, downloader, id);
  }

  @Override
  public String toString() {
    return "VerifiedReceipt[" + receipt + ", id=" + id + "]";
  }
}
