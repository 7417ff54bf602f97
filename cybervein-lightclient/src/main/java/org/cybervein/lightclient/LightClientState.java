package org.cybervein.lightclient;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Hash;

/**
 * The client state (ICS-02's {@code ClientState}) together with the consensus states it keeps: the
 * chain rules, the genesis it follows, one trusted block per height for the latest {@link
 * LightClientParameters#trustedHeights()} heights, and whether misbehaviour froze it. Immutable:
 * every update returns a new state.
 *
 * @param parameters the chain rules headers are checked against
 * @param genesisId the id of the chain's genesis
 * @param trusted the consensus state of each kept height, without gaps, ending at the latest
 * @param frozenHeight the height of the misbehaviour that froze the client, or empty
 */
public record LightClientState(
    LightClientParameters parameters,
    Hash genesisId,
    NavigableMap<Long, TrustedBlock> trusted,
    Optional<Long> frozenHeight) {

  /**
   * Copies the map and checks that it is a gapless run of heights, each under its own height.
   *
   * @param parameters the chain rules
   * @param genesisId the genesis id
   * @param trusted the consensus states by height; copied
   * @param frozenHeight the freezing height, or empty
   * @throws IllegalArgumentException if {@code trusted} is empty, has gaps, holds a block under
   *     another height, or holds more than {@code trustedHeights} entries
   */
  public LightClientState {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(genesisId, "genesisId");
    Objects.requireNonNull(frozenHeight, "frozenHeight");
    trusted = Collections.unmodifiableNavigableMap(new TreeMap<>(trusted));
    if (trusted.isEmpty() || trusted.size() > parameters.trustedHeights()) {
      throw new IllegalArgumentException("1 to trustedHeights consensus states");
    }
    long expected = trusted.firstKey();
    for (Map.Entry<Long, TrustedBlock> e : trusted.entrySet()) {
      if (e.getKey() != expected || e.getValue().height() != expected) {
        throw new IllegalArgumentException("consensus states must be gapless and at their height");
      }
      expected++;
    }
  }

  /**
   * The latest trusted height.
   *
   * @return the height of the newest consensus state
   */
  public long latestHeight() {
    return trusted.lastKey();
  }

  /**
   * The consensus state at {@code height}, if kept.
   *
   * @param height a block index
   * @return its trusted block, or empty if not (or no longer) kept
   */
  public Optional<TrustedBlock> consensusState(long height) {
    return Optional.ofNullable(trusted.get(height));
  }

  /**
   * Whether misbehaviour froze the client; a frozen client accepts nothing.
   *
   * @return true once frozen
   */
  public boolean isFrozen() {
    return frozenHeight.isPresent();
  }

  /** The same state with {@code block} trusted as the new latest height, old heights dropped. */
  LightClientState extendedBy(TrustedBlock block) {
    TreeMap<Long, TrustedBlock> next = new TreeMap<>(trusted);
    next.put(block.height(), block);
    while (next.size() > parameters.trustedHeights()) {
      next.pollFirstEntry();
    }
    return new LightClientState(parameters, genesisId, next, frozenHeight);
  }

  /** The same state, frozen at {@code height}. */
  LightClientState frozenAt(long height) {
    return new LightClientState(parameters, genesisId, trusted, Optional.of(height));
  }

  @Override
  public String toString() {
    return "LightClientState[latest="
        + latestHeight()
        + ", kept="
        + trusted.size()
        + (isFrozen() ? ", frozen at " + frozenHeight.get() : "")
        + "]";
  }
}
