package org.cybervein.bitcoin.chain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;
import org.cybervein.bitcoin.header.BlockHeader;

/**
 * An in-memory store of Bitcoin headers above a trusted checkpoint, fed by anyone: it keeps every
 * valid header whose parent it knows, picks the best chain by accumulated chainwork (the first seen
 * wins a tie, as in Bitcoin Core) and answers confirmations on it.
 *
 * <p>Bounded, since relayers are not trusted: at most {@code maxForks} branch tips are tracked
 * ({@code TOO_MANY_FORKS} beyond), a header may fork off the best chain at most {@code
 * maxReorgDepth} blocks below its tip ({@code FORK_TOO_DEEP}), and branches that fall that far
 * behind are dropped. Side branches therefore hold at most {@code maxForks * maxReorgDepth}
 * headers; the best chain grows only with real proof of work. Not thread-safe.
 */
public final class HeaderChain {
  private final BitcoinParameters parameters;
  private final int maxForks;
  private final int maxReorgDepth;
  private final ChainEntry checkpoint;
  private final Map<Hash256, ChainEntry> entries = new HashMap<>();
  private final Map<Hash256, Integer> childCount = new HashMap<>();
  private final Set<Hash256> tips = new LinkedHashSet<>();
  // The best chain by height, from the checkpoint: bestChain.get(h - checkpoint.height()).
  private final List<Hash256> bestChain = new ArrayList<>();
  private ChainEntry best;

  private HeaderChain(
      ChainEntry checkpoint, BitcoinParameters parameters, int maxForks, int maxReorgDepth) {
    this.parameters = parameters;
    this.maxForks = maxForks;
    this.maxReorgDepth = maxReorgDepth;
    this.checkpoint = checkpoint;
    entries.put(checkpoint.hash(), checkpoint);
    tips.add(checkpoint.hash());
    bestChain.add(checkpoint.hash());
    best = checkpoint;
  }

  /**
   * A store that starts at {@code checkpoint}.
   *
   * @param checkpoint the trusted first entry ({@link ChainEntry#checkpoint})
   * @param parameters the chain's parameters
   * @param maxForks the most branch tips tracked at once, 1 or more
   * @param maxReorgDepth how far below the best tip a new branch may start, 1 or more
   * @return the store
   */
  public static HeaderChain startingAt(
      ChainEntry checkpoint, BitcoinParameters parameters, int maxForks, int maxReorgDepth) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(parameters, "parameters");
    if (maxForks < 1 || maxReorgDepth < 1) {
      throw new IllegalArgumentException("maxForks and maxReorgDepth are 1 or more");
    }
    return new HeaderChain(checkpoint, parameters, maxForks, maxReorgDepth);
  }

  /**
   * Adds one header. On refusal nothing changes.
   *
   * @param header the header, from anyone
   * @return what it did
   * @throws InvalidBitcoinDataException {@code UNKNOWN_PARENT}, {@code FORK_TOO_DEEP}, {@code
   *     TOO_MANY_FORKS}, or a reason of {@link ChainEntry#connect}
   */
  public HeaderOutcome add(BlockHeader header) throws InvalidBitcoinDataException {
    Objects.requireNonNull(header, "header");
    Hash256 hash = header.hash();
    if (entries.containsKey(hash)) {
      return HeaderOutcome.ALREADY_KNOWN;
    }
    ChainEntry parent = entries.get(header.previousBlock());
    if (parent == null) {
      throw new InvalidBitcoinDataException(
          Reason.UNKNOWN_PARENT, "no stored header " + header.previousBlock());
    }
    if (parent.height() + maxReorgDepth < best.height()) {
      throw new InvalidBitcoinDataException(
          Reason.FORK_TOO_DEEP,
          "parent at height " + parent.height() + ", best tip at " + best.height());
    }
    boolean opensFork = !tips.contains(parent.hash());
    if (opensFork && tips.size() >= maxForks) {
      throw new InvalidBitcoinDataException(
          Reason.TOO_MANY_FORKS, "already tracking " + tips.size() + " branches");
    }
    ChainEntry child = parent.connect(header, parameters);
    entries.put(hash, child);
    childCount.merge(parent.hash(), 1, Integer::sum);
    tips.remove(parent.hash());
    tips.add(hash);
    HeaderOutcome outcome;
    if (child.chainWork().compareTo(best.chainWork()) > 0) {
      outcome =
          parent.hash().equals(best.hash())
              ? HeaderOutcome.EXTENDED_BEST
              : HeaderOutcome.REORGANISED;
      switchBestTo(child);
    } else {
      outcome = HeaderOutcome.SIDE_BRANCH;
    }
    pruneStaleBranches();
    return outcome;
  }

  /**
   * Adds headers in order, stopping at the first refusal (the ones before it stay added).
   *
   * @param headers the headers, each following an earlier one or a stored header
   * @return the outcome of the last header
   * @throws InvalidBitcoinDataException the first refusal
   */
  public HeaderOutcome addAll(List<BlockHeader> headers) throws InvalidBitcoinDataException {
    HeaderOutcome last = HeaderOutcome.ALREADY_KNOWN;
    for (BlockHeader h : headers) {
      last = add(h);
    }
    return last;
  }

  private void switchBestTo(ChainEntry tip) {
    Deque<Hash256> path = new ArrayDeque<>();
    ChainEntry e = tip;
    while (!onBestChain(e)) {
      path.push(e.hash());
      e = entries.get(e.header().previousBlock());
    }
    int keep = (int) (e.height() - checkpoint.height()) + 1;
    bestChain.subList(keep, bestChain.size()).clear();
    bestChain.addAll(path);
    best = tip;
  }

  private boolean onBestChain(ChainEntry e) {
    long index = e.height() - checkpoint.height();
    return index < bestChain.size() && bestChain.get((int) index).equals(e.hash());
  }

  // A branch whose tip is more than maxReorgDepth below the best tip can never be extended again:
  // drop its headers back to where it joins another branch.
  private void pruneStaleBranches() {
    List<Hash256> stale = new ArrayList<>();
    for (Hash256 tip : tips) {
      ChainEntry t = entries.get(tip);
      if (t.height() + maxReorgDepth < best.height() && !onBestChain(t)) {
        stale.add(tip);
      }
    }
    for (Hash256 tip : stale) {
      tips.remove(tip);
      ChainEntry e = entries.get(tip);
      while (!onBestChain(e) && childCount.getOrDefault(e.hash(), 0) == 0) {
        entries.remove(e.hash());
        Hash256 parent = e.header().previousBlock();
        childCount.merge(parent, -1, (a, b) -> a + b == 0 ? null : a + b);
        e = entries.get(parent);
      }
    }
  }

  /**
   * The tip of the best chain.
   *
   * @return the entry with the most accumulated chainwork (first seen on a tie)
   */
  public ChainEntry best() {
    return best;
  }

  /**
   * The checkpoint the store started at.
   *
   * @return the checkpoint entry
   */
  public ChainEntry checkpoint() {
    return checkpoint;
  }

  /**
   * A stored header, on any branch.
   *
   * @param hash the block hash
   * @return its entry, or empty if it is not stored
   */
  public Optional<ChainEntry> entry(Hash256 hash) {
    return Optional.ofNullable(entries.get(Objects.requireNonNull(hash, "hash")));
  }

  /**
   * The best chain's block at {@code height}.
   *
   * @param height a height from the checkpoint to the best tip
   * @return its hash, or empty outside that range
   */
  public Optional<Hash256> bestAt(long height) {
    long index = height - checkpoint.height();
    if (index < 0 || index >= bestChain.size()) {
      return Optional.empty();
    }
    return Optional.of(bestChain.get((int) index));
  }

  /**
   * The confirmations of a block on the best chain: 1 for the tip, 2 for its parent, and so on.
   *
   * @param hash the block hash
   * @return the confirmations, or 0 if the block is not on the best chain
   */
  public long confirmations(Hash256 hash) {
    ChainEntry e = entries.get(Objects.requireNonNull(hash, "hash"));
    if (e == null || !onBestChain(e)) {
      return 0;
    }
    return best.height() - e.height() + 1;
  }

  /**
   * The number of branch tips tracked now (the best tip included).
   *
   * @return 1 to {@code maxForks}
   */
  public int forkCount() {
    return tips.size();
  }

  /**
   * The number of headers stored, on all branches.
   *
   * @return the count, 1 or more
   */
  public int size() {
    return entries.size();
  }

  @Override
  public String toString() {
    return "HeaderChain[best " + best + ", " + tips.size() + " tips, " + size() + " headers]";
  }
}
