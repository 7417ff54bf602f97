package org.cybervein.ledger.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerProto;
import org.cybervein.crypto.CanonicalMessage;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;

/**
 * What applying one block did to a {@link LedgerState}: the roots before and after, the fees paid
 * to the block's contributions, and the undo data, the previous value of every state entry the
 * block changed. {@link LedgerState#revert} takes it to undo the block; a chain keeps it (encoded)
 * for as many blocks as it may need to reorganise.
 *
 * @param blockIndex the index of the applied block
 * @param rootBefore the state root before the block
 * @param rootAfter the state root after it
 * @param fees the transaction fees plus the network fees contracts took
 * @param transactionCount how many transactions the block applied
 * @param undo the previous value of each changed entry, sorted by key without repeats
 */
public record BlockEffects(
    long blockIndex,
    Hash rootBefore,
    Hash rootAfter,
    Amount fees,
    int transactionCount,
    List<UndoEntry> undo) {
  /** The largest encoding {@link #decode} accepts: 64 MiB. */
  public static final int MAX_ENCODED_SIZE = 64 * 1024 * 1024;

  /**
   * A state entry as it was before the block.
   *
   * @param key the state key
   * @param previousValue its value before the block, or empty if it had none
   */
  public record UndoEntry(Hash key, Optional<Bytes> previousValue) {
    /**
     * Rejects null parts.
     *
     * @param key the state key of the changed entry ({@link StateKeys})
     * @param previousValue the entry's value before the block, or empty if the block created it
     * @throws NullPointerException if a part is null
     */
    public UndoEntry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(previousValue, "previousValue");
    }
  }

  /**
   * Copies the list and checks the parts.
   *
   * @param blockIndex the index of the applied block; zero or more
   * @param rootBefore the state root before the block, which {@link LedgerState#revert} returns to
   * @param rootAfter the state root after the block, the one its header commits to
   * @param fees the transaction fees plus the network fees contracts took, in base units; paid to
   *     the block's contributions
   * @param transactionCount how many transactions the block applied; zero or more
   * @param undo the previous value of each entry the block changed, strictly ascending by key;
   *     copied
   * @throws IllegalArgumentException if the index or count is negative, or the undo entries are not
   *     strictly ascending by key
   * @throws NullPointerException if a root, {@code fees}, {@code undo} or an entry is null
   */
  public BlockEffects {
    Objects.requireNonNull(rootBefore, "rootBefore");
    Objects.requireNonNull(rootAfter, "rootAfter");
    Objects.requireNonNull(fees, "fees");
    undo = List.copyOf(undo);
    if (blockIndex < 0 || transactionCount < 0) {
      throw new IllegalArgumentException("block index and transaction count are never negative");
    }
    for (int i = 1; i < undo.size(); i++) {
      if (undo.get(i - 1).key().compareTo(undo.get(i).key()) >= 0) {
        throw new IllegalArgumentException("undo entries must be strictly ascending by key");
      }
    }
  }

  /**
   * The canonical encoding ({@code LedgerBlockEffects}).
   *
   * @return the protobuf bytes that {@link #decode} reads back to equal effects
   */
  public Bytes encode() {
    LedgerProto.LedgerBlockEffects.Builder b =
        LedgerProto.LedgerBlockEffects.newBuilder()
            .setBlockIndex(blockIndex)
            .setRootBefore(ApiTypesCodec.toProto(rootBefore))
            .setRootAfter(ApiTypesCodec.toProto(rootAfter))
            .setFees(ApiTypesCodec.toProto(fees))
            .setTransactionCount(transactionCount);
    for (UndoEntry e : undo) {
      LedgerProto.LedgerUndoEntry.Builder u =
          LedgerProto.LedgerUndoEntry.newBuilder().setKey(ApiTypesCodec.toProto(e.key()));
      e.previousValue().ifPresent(v -> u.setPreviousValue(ApiTypesCodec.byteString(v)));
      b.addUndo(u);
    }
    return Bytes.of(b.build().toByteArray());
  }

  /**
   * Decodes effects, e.g. undo data a chain stored.
   *
   * @param encoded the canonical {@code LedgerBlockEffects} bytes, as {@link #encode} writes them;
   *     at most {@link #MAX_ENCODED_SIZE} bytes
   * @return the effects they encode
   * @throws InvalidLedgerInputException {@code OVERSIZED} above {@link #MAX_ENCODED_SIZE}, {@code
   *     MALFORMED} if it is not the canonical encoding of valid effects
   */
  public static BlockEffects decode(Bytes encoded) throws InvalidLedgerInputException {
    Objects.requireNonNull(encoded, "encoded");
    LedgerProto.LedgerBlockEffects p;
    try {
      p =
          CanonicalMessage.parse(
              encoded,
              MAX_ENCODED_SIZE,
              MAX_ENCODED_SIZE / 8 + 64,
              LedgerProto.LedgerBlockEffects.getDefaultInstance());
    } catch (InvalidCryptoInputException e) {
      throw new InvalidLedgerInputException(
          e.reason() == InvalidCryptoInputException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "block effects: " + e.getMessage(),
          e);
    }
    if (!p.hasRootBefore() || !p.hasRootAfter() || !p.hasFees()) {
      throw new InvalidLedgerInputException(
          Reason.MALFORMED, "block effects without roots or fees");
    }
    if (p.getBlockIndex() < 0 || p.getTransactionCount() < 0) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "block index or count out of range");
    }
    try {
      List<UndoEntry> undo = new ArrayList<>(p.getUndoCount());
      Hash previous = null;
      for (LedgerProto.LedgerUndoEntry u : p.getUndoList()) {
        if (!u.hasKey()) {
          throw new InvalidLedgerInputException(Reason.MALFORMED, "undo entry without key");
        }
        Hash key = ApiTypesCodec.fromProto(u.getKey());
        if (previous != null && previous.compareTo(key) >= 0) {
          throw new InvalidLedgerInputException(
              Reason.MALFORMED, "undo entries not strictly ascending by key");
        }
        previous = key;
        undo.add(
            new UndoEntry(
                key,
                u.hasPreviousValue()
                    ? Optional.of(ApiTypesCodec.bytes(u.getPreviousValue()))
                    : Optional.empty()));
      }
      return new BlockEffects(
          p.getBlockIndex(),
          ApiTypesCodec.fromProto(p.getRootBefore()),
          ApiTypesCodec.fromProto(p.getRootAfter()),
          ApiTypesCodec.fromProto(p.getFees()),
          p.getTransactionCount(),
          undo);
    } catch (InvalidEncodingException e) {
      throw new InvalidLedgerInputException(
          Reason.MALFORMED, "block effects: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "BlockEffects[block "
        + blockIndex
        + ", "
        + rootBefore.toHex().substring(0, 8)
        + " -> "
        + rootAfter.toHex().substring(0, 8)
        + ", "
        + transactionCount
        + " txs, "
        + undo.size()
        + " entries]";
  }
}
