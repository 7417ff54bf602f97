package org.cybervein.storageproofs.poc;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * Counts verified bandwidth receipts into each provider's {@code M_i}, each receipt at most once.
 *
 * <h2>Bound</h2>
 *
 * The ledger accounts the {@code windowsRetained} most recent windows {@code [current -
 * windowsRetained + 1, current]} and remembers at most {@code maxReceiptsPerWindow} receipt ids per
 * window, so it holds at most {@code windowsRetained * maxReceiptsPerWindow} ids (32 bytes each
 * plus the collection's overhead). A receipt for an older window is refused as {@link
 * Reason#STALE}, so forgetting the ids of a dropped window cannot let its receipts count again; a
 * receipt for a window after {@code current} is also {@link Reason#STALE} until the host advances
 * the ledger. A window that is full refuses further receipts with {@link Reason#OVERSIZED}.
 *
 * <p>Deterministic (sorted maps only) and not thread-safe: a ledger belongs to one state machine.
 * Validation happens before any change, so a refused receipt leaves the ledger as it was.
 */
public final class BandwidthLedger {
  private final int windowsRetained;
  private final int maxReceiptsPerWindow;
  private long current;
  private final NavigableMap<Long, TreeSet<Hash>> seen = new TreeMap<>();
  private final NavigableMap<Long, TreeMap<Bytes, Long>> totals = new TreeMap<>();

  /**
   * A ledger whose current window is {@code current}.
   *
   * @param windowsRetained windows accounted, at least 1
   * @param maxReceiptsPerWindow receipts remembered per window, at least 1
   * @param current the window number to start at, zero or more
   */
  public BandwidthLedger(int windowsRetained, int maxReceiptsPerWindow, long current) {
    if (windowsRetained < 1 || maxReceiptsPerWindow < 1 || current < 0) {
      throw new IllegalArgumentException(
          "need windowsRetained >= 1, maxReceiptsPerWindow >= 1, current >= 0");
    }
    this.windowsRetained = windowsRetained;
    this.maxReceiptsPerWindow = maxReceiptsPerWindow;
    this.current = current;
  }

  /**
   * The current (newest accounted) window.
   *
   * @return the current window number
   */
  public long currentWindow() {
    return current;
  }

  /**
   * The oldest window still accounted.
   *
   * @return the oldest accounted window number, zero or more
   */
  public long oldestWindow() {
    return Math.max(0, current - windowsRetained + 1);
  }

  /**
   * Moves the current window forward and forgets the windows that fall out of the retained range.
   *
   * @param window the new current window, not before the current one
   * @throws IllegalArgumentException if {@code window} is before the current window
   */
  public void advanceTo(long window) {
    if (window < current) {
      throw new IllegalArgumentException("windows only move forward: " + window + " < " + current);
    }
    current = window;
    long oldest = oldestWindow();
    seen.headMap(oldest, false).clear();
    totals.headMap(oldest, false).clear();
  }

  /**
   * Verifies a signed receipt and counts it.
   *
   * @param envelope the downloader's signed receipt
   * @return the verified receipt
   * @throws InvalidStorageProofException any reason of {@link
   *     BandwidthReceipt#open(SignedEnvelope)}, {@link Reason#STALE} for a window outside the
   *     accounted range, {@link Reason#DUPLICATE} if already counted, {@link Reason#OVERSIZED} if
   *     the window is full or its total would overflow
   */
  public VerifiedReceipt accept(SignedEnvelope envelope) throws InvalidStorageProofException {
    VerifiedReceipt verified = BandwidthReceipt.open(envelope);
    BandwidthReceipt receipt = verified.receipt();
    long window = receipt.window();
    if (window < oldestWindow() || window > current) {
      throw new InvalidStorageProofException(
          Reason.STALE,
          "window "
              + window
              + " is outside the accounted ["
              + oldestWindow()
              + ", "
              + current
              + "]");
    }
    TreeSet<Hash> ids = seen.get(window);
    if (ids != null && ids.contains(verified.id())) {
      throw new InvalidStorageProofException(Reason.DUPLICATE, "receipt already counted");
    }
    if (ids != null && ids.size() >= maxReceiptsPerWindow) {
      throw new InvalidStorageProofException(
          Reason.OVERSIZED, "window " + window + " is full (" + maxReceiptsPerWindow + ")");
    }
    Bytes provider = providerKey(receipt.provider());
    Map<Bytes, Long> windowTotals = totals.get(window);
    long before = windowTotals == null ? 0 : windowTotals.getOrDefault(provider, 0L);
    if (before > Long.MAX_VALUE - receipt.bytes()) {
      throw new InvalidStorageProofException(Reason.OVERSIZED, "bandwidth total overflows");
    }
    seen.computeIfAbsent(window, w -> new TreeSet<>()).add(verified.id());
    totals.computeIfAbsent(window, w -> new TreeMap<>()).put(provider, before + receipt.bytes());
    return verified;
  }

  /**
   * The bytes counted for {@code provider} in {@code window}, zero outside the accounted range.
   *
   * @param provider the node that served the bytes
   * @param window the accounting window
   * @return the total bytes of the accepted receipts, zero or more
   */
  public long bandwidth(PublicKey provider, long window) {
    Map<Bytes, Long> windowTotals = totals.get(window);
    return windowTotals == null ? 0 : windowTotals.getOrDefault(providerKey(provider), 0L);
  }

  /**
   * Receipt ids remembered now, over all accounted windows (at most the documented bound).
   *
   * @return the count of remembered receipt ids
   */
  public int rememberedReceipts() {
    int n = 0;
    for (TreeSet<Hash> ids : seen.values()) {
      n += ids.size();
    }
    return n;
  }

  private static Bytes providerKey(PublicKey key) {
    Objects.requireNonNull(key, "provider");
    return KeyBytes.of(key);
  }

  @Override
  public String toString() {
    return "BandwidthLedger[current=" + current + ", remembered=" + rememberedReceipts() + "]";
  }
}
