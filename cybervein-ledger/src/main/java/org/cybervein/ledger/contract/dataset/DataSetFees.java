package org.cybervein.ledger.contract.dataset;

import java.util.Objects;
import org.cybervein.api.Amount;

/**
 * The fee schedule of the data set contract, fixed when the contract is put in the ledger's
 * registry (so every node applies the same rules).
 *
 * <p>The upload fee of {@code s} bytes is {@code uploadBase + uploadPerMebibyte * ceil(s / 2^20)};
 * it is paid as a network fee, to the block's contributors who store and carry the data. The
 * network fee taken from a download fee {@code d} is {@code floor(d * networkFeeBasisPoints /
 * 10000)}; the uploader receives the rest.
 *
 * @param uploadBase the part of every upload fee that does not depend on the size
 * @param uploadPerMebibyte the fee per started mebibyte
 * @param networkFeeBasisPoints the network's share of a download fee, in 1/10000, 0 to 10000
 */
public record DataSetFees(Amount uploadBase, Amount uploadPerMebibyte, int networkFeeBasisPoints) {
  private static final long MEBIBYTE = 1L << 20;

  /**
   * Checks the parts.
   *
   * @param uploadBase the part of every upload fee that does not depend on the size
   * @param uploadPerMebibyte the fee per started mebibyte
   * @param networkFeeBasisPoints the network's share of a download fee, in 1/10000, 0 to 10000
   */
  public DataSetFees {
    Objects.requireNonNull(uploadBase, "uploadBase");
    Objects.requireNonNull(uploadPerMebibyte, "uploadPerMebibyte");
    if (networkFeeBasisPoints < 0 || networkFeeBasisPoints > 10_000) {
      throw new IllegalArgumentException("basis points are 0..10000, got " + networkFeeBasisPoints);
    }
  }

  /**
   * The upload fee for {@code size} bytes.
   *
   * @param size the data set size in bytes, zero or more
   * @return the fee
   * @throws ArithmeticException if it exceeds the range of {@link Amount}
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public Amount uploadFee(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size");
    }
    long mebibytes = size / MEBIBYTE + (size % MEBIBYTE == 0 ? 0 : 1);
    return uploadBase.plus(uploadPerMebibyte.times(mebibytes));
  }

  /**
   * The network's share of the download fee {@code downloadFee}, rounded down.
   *
   * @param downloadFee the download fee
   * @return the network's share
   */
  public Amount networkFee(Amount downloadFee) {
    // Split the multiplication so that no amount up to Long.MAX_VALUE overflows.
    long units = downloadFee.baseUnits();
    long whole = (units / 10_000) * networkFeeBasisPoints;
    long part = (units % 10_000) * networkFeeBasisPoints / 10_000;
    return Amount.ofBaseUnits(whole + part);
  }
}
