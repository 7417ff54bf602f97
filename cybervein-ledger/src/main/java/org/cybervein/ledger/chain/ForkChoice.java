package org.cybervein.ledger.chain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.block.Block;

/**
 * A chain's block tree and its fork choice: every held block (a tree rooted at genesis), the best
 * chain, the order that picks the best (larger accumulated quality, then smaller tip id: {@link
 * BlockNode#betterThan}), and the bounds on what is held beside the best chain.
 *
 * <p>The best chain is what the owner has applied: this class does not move it by itself. The owner
 * extends and retracts it as it applies and reverts blocks ({@link #extendBest}, {@link
 * #retractBest}), and tells each query how many blocks it can revert (the undo data it holds),
 * which decides what is within reach:
 *
 * <ul>
 *   <li>a branch that forks more than that below the tip could never be adopted: it is refused
 *       ({@link #admit}), never a candidate ({@link #bestCandidate}), and dropped once the lowest
 *       revertible index passes its fork point ({@link #prune});
 *   <li>at most {@code maxPerContributorAtHeight} held blocks per contributor and height, found
 *       invalid or not ({@link #admit}).
 * </ul>
 *
 * Deterministic; not thread-safe.
 */
final class ForkChoice {
  private record HeldKey(long index, Bytes contributor) {}

  private final BlockNode genesis;
  private final int maxPerContributorAtHeight;
  // Looked up only, never iterated where order matters (see bestCandidate).
  private final Map<Hash, BlockNode> nodes = new HashMap<>();
  private final List<BlockNode> best = new ArrayList<>();
  // How many held blocks (valid or found invalid) each contributor signed at each height; looked
  // up only.
  private final Map<HeldKey, Integer> heldByContributor = new HashMap<>();
  // Side branches forking below this index were dropped (see prune).
  private long prunedBelow;

  /**
   * A tree holding only {@code genesis}, the best chain's tip.
   *
   * @param maxPerContributorAtHeight the most blocks one contributor may have held at one height
   */
  ForkChoice(BlockNode genesis, int maxPerContributorAtHeight) {
    if (!genesis.isGenesis()) {
      throw new IllegalArgumentException("the tree's root must be a genesis node");
    }
    if (maxPerContributorAtHeight < 1) {
      throw new IllegalArgumentException("hold at least one block per contributor and height");
    }
    this.genesis = genesis;
    this.maxPerContributorAtHeight = maxPerContributorAtHeight;
    nodes.put(genesis.id, genesis);
    best.add(genesis);
  }

  // ------------------------------------------------------------------ the tree

  BlockNode genesis() {
    return genesis;
  }

  /** The held node of {@code id}, or genesis's. */
  Optional<BlockNode> node(Hash id) {
    return Optional.ofNullable(nodes.get(Objects.requireNonNull(id, "id")));
  }

  /**
   * The held node of {@code id}, or genesis's.
   *
   * @throws IllegalArgumentException if it is neither
   */
  BlockNode known(Hash id) {
    return node(id).orElseThrow(() -> new IllegalArgumentException("unknown block " + id));
  }

  /** The number of blocks held, genesis excluded. */
  int heldCount() {
    return nodes.size() - 1;
  }

  /** Adds a checked block whose parent is held; it counts against its contributor's bound. */
  void hold(BlockNode n) {
    if (n.isGenesis() || nodes.get(n.parent.id) != n.parent) {
      throw new IllegalArgumentException("the parent of " + n + " is not held");
    }
    if (nodes.putIfAbsent(n.id, n) != null) {
      throw new IllegalArgumentException(n + " is held already");
    }
    n.parent.children.add(n);
    heldByContributor.merge(key(n.block), 1, Integer::sum);
  }

  // ------------------------------------------------------------------ the best chain

  BlockNode tip() {
    return best.get(best.size() - 1);
  }

  boolean onBest(BlockNode n) {
    return n.index < best.size() && best.get((int) n.index) == n;
  }

  /** The best-chain node at {@code index}, if the best chain is that long (genesis at 0). */
  Optional<BlockNode> bestAt(long index) {
    return index >= 0 && index < best.size()
        ? Optional.of(best.get((int) index))
        : Optional.empty();
  }

  /** The best chain above {@code index} up to the tip, oldest first. */
  List<BlockNode> bestAbove(long index) {
    return Collections.unmodifiableList(best.subList((int) index + 1, best.size()));
  }

  /** Makes {@code n}, a held child of the tip, the tip. */
  void extendBest(BlockNode n) {
    if (n.parent != tip() || nodes.get(n.id) != n) {
      throw new IllegalArgumentException(n + " is not a held child of the tip");
    }
    best.add(n);
  }

  /**
   * Makes the tip's parent the tip.
   *
   * @return the former tip
   * @throws IllegalStateException at genesis
   */
  BlockNode retractBest() {
    if (best.size() == 1) {
      throw new IllegalStateException("genesis cannot be retracted");
    }
    return best.remove(best.size() - 1);
  }

  /** The deepest ancestor of {@code n} on the best chain ({@code n} itself if it is on it). */
  BlockNode forkOf(BlockNode n) {
    BlockNode fork = n;
    while (!onBest(fork)) {
      fork = fork.parent;
    }
    return fork;
  }

  /** The blocks from {@link #forkOf}{@code (target)} (excluded) to {@code target}, oldest first. */
  List<BlockNode> branchTo(BlockNode target) {
    List<BlockNode> path = new ArrayList<>();
    for (BlockNode n = target; !onBest(n); n = n.parent) {
      path.add(n);
    }
    Collections.reverse(path);
    return path;
  }

  /** How many best-chain blocks adopting {@code n}'s branch would revert. */
  long depthOf(BlockNode n) {
    return tip().index - forkOf(n).index;
  }

  // ------------------------------------------------------------------ choice and bounds

  /** True if {@code n}'s branch forks no more than {@code revertible} blocks below the tip. */
  boolean withinReach(BlockNode n, int revertible) {
    return depthOf(n) <= revertible;
  }

  /**
   * The best held node not known invalid whose branch is within reach: the tip if none is better.
   */
  BlockNode bestCandidate(int revertible) {
    BlockNode candidate = tip();
    for (BlockNode n : nodes.values()) {
      // The order of visits does not matter: betterThan is a total order.
      if (n.betterThan(candidate) && n.invalid == null && withinReach(n, revertible)) {
        candidate = n;
      }
    }
    return candidate;
  }

  /**
   * Checks the bounds on what is held for {@code block}, a child of the held {@code parent}: its
   * branch is within reach and its contributor is below its bound at the block's height. Cheap, so
   * it runs before the costly checks of the block; a forger cannot use it to keep out an honest
   * block (refusing a forged block early changes no count).
   *
   * @param revertible how many blocks the owner can revert
   * @throws InvalidLedgerInputException {@code REORG_TOO_DEEP} or {@code DUPLICATE}
   */
  void admit(BlockNode parent, Block block, int revertible) throws InvalidLedgerInputException {
    if (!withinReach(parent, revertible)) {
      throw tooDeep(parent, revertible);
    }
    if (heldByContributor.getOrDefault(key(block), 0) >= maxPerContributorAtHeight) {
      throw new InvalidLedgerInputException(
          Reason.DUPLICATE,
          "the contributor already signed "
              + maxPerContributorAtHeight
              + " held blocks at height "
              + block.index());
    }
  }

  /** The refusal of a branch through {@code target} that forks below the undo window. */
  InvalidLedgerInputException tooDeep(BlockNode target, int revertible) {
    return new InvalidLedgerInputException(
        Reason.REORG_TOO_DEEP,
        "the branch forks "
            + depthOf(target)
            + " blocks below the tip, undo is kept for "
            + revertible
            + ": it can never be adopted");
  }

  // ------------------------------------------------------------------ removal

  /**
   * Marks {@code n} and every held descendant invalid (rare: only when a branch fails to apply):
   * they stay held, so that they are refused again if offered, and keep counting against their
   * contributors' bounds.
   *
   * @return the ids newly marked, {@code n}'s first
   */
  List<Hash> markInvalid(BlockNode n, InvalidLedgerInputException e) {
    Objects.requireNonNull(e, "e");
    if (n.isGenesis()) {
      throw new IllegalArgumentException("genesis cannot be invalid");
    }
    List<Hash> marked = new ArrayList<>();
    n.invalid = e;
    marked.add(n.id);
    Deque<BlockNode> todo = new ArrayDeque<>();
    todo.push(n);
    while (!todo.isEmpty()) {
      for (BlockNode c : todo.pop().children) {
        // A child already marked had its whole subtree marked with it.
        if (c.invalid == null) {
          c.invalid = e;
          marked.add(c.id);
          todo.push(c);
        }
      }
    }
    return marked;
  }

  /**
   * Drops the side branches that fork below the undo window: they can never be adopted. The
   * window's lowest revertible index, {@code tip index - revertible}, never decreases in a chain
   * (applying a block raises both, reverting lowers both, trimming the undo data raises it), so
   * whatever forks below it stays there.
   *
   * @param revertible how many blocks the owner can revert
   * @return the ids dropped
   */
  List<Hash> prune(int revertible) {
    long floor = tip().index - revertible;
    List<Hash> dropped = new ArrayList<>();
    if (floor <= prunedBelow) {
      return dropped;
    }
    for (long i = prunedBelow; i < floor; i++) {
      BlockNode kept = best.get((int) i + 1);
      List<BlockNode> children = best.get((int) i).children;
      for (BlockNode c : children) {
        if (c != kept) {
          drop(c, dropped);
        }
      }
      children.clear();
      children.add(kept);
    }
    prunedBelow = floor;
    return dropped;
  }

  /** Forgets {@code n} and its subtree, adding their ids to {@code dropped}. */
  private void drop(BlockNode n, List<Hash> dropped) {
    Deque<BlockNode> todo = new ArrayDeque<>();
    todo.push(n);
    while (!todo.isEmpty()) {
      BlockNode m = todo.pop();
      nodes.remove(m.id);
      dropped.add(m.id);
      heldByContributor.computeIfPresent(key(m.block), (k, v) -> v == 1 ? null : v - 1);
      for (BlockNode c : m.children) {
        todo.push(c);
      }
    }
  }

  private static HeldKey key(Block block) {
    return new HeldKey(block.index(), block.contributor().encoded());
  }

  @Override
  public String toString() {
    return "ForkChoice[tip=" + tip() + ", held=" + heldCount() + "]";
  }
}
