package org.cybervein.ledger.chain;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.store.StoreException;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.BlockEffects;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.state.StateKeys;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.pospace.SpaceCommitment;
import org.cybervein.storageproofs.pospace.SpaceVerifier;

/**
 * One node's view of the chain: every block it accepted (a tree rooted at genesis), the best chain
 * by fork choice, and the {@link LedgerState} positioned at the best chain's tip.
 *
 * <h2>Validation</h2>
 *
 * {@link #submit} checks a block in three steps. Without state: the parent is known and valid, the
 * index is the parent's plus one, the timestamp is at least {@link
 * ChainParameters#blockIntervalMillis()} after the parent's and at most {@link
 * ChainParameters#maxClockDriftMillis()} ahead of the caller's clock, the challenge is the one
 * {@link ChallengeSchedule} fixes, the bounds below hold, the three signatures verify, every proof
 * of space verifies against its commitment and challenge, the commitments follow the {@code poc}
 * rules, the contributors are distinct, {@code phi}'s contribution wins the round against every one
 * in {@code tau} ({@link ProofQuality#ORDER}, as {@code Election.winner}) and carried DAG
 * checkpoints are numbered in sequence.
 *
 * <p>Then the weights, in the parent's post-state: phi's commitment and every one in tau is the one
 * its contributor registered ({@code NOT_FOUND}), and every claimed bandwidth is the one the {@code
 * poc} contract records for the block's index ({@code BAD_PROOF}). This is checked before the block
 * is stored or weighed by fork choice whenever the parent's post-state is known: the parent is
 * genesis or was applied at some time (every block of the best chain, and a block once applied and
 * since reverted), so its state root was verified and the state tree under it is still readable
 * ({@link LedgerState#valueAt}). A claimed bandwidth, which fork choice trusts, therefore cannot
 * make a block look better than it is and force a reorganisation for nothing. A block whose parent
 * was never applied here (a side branch this node has not tried) is stored after the stateless
 * checks, and its weights are checked when its parent has been applied: before a switch reverts
 * anything, for the blocks of the branch whose parent has been applied by then, and at the latest
 * when the block itself is applied. Such a block can still cost one attempted switch; the bounds
 * below limit how many there can be. The rule is the same everywhere (the same function on the same
 * entries), so a block refused early is one that applying would refuse for the same reason, and a
 * block valid before stays valid.
 *
 * <p>Last, when the block joins the best chain: the weights again, and the transactions apply (all
 * or nothing) and give the claimed state root. Any refusal leaves the state (and its root) exactly
 * as before.
 *
 * <h2>Bounds on what is held</h2>
 *
 * <ul>
 *   <li>A block whose branch forks from the best chain below the undo window (more than the undo
 *       data held, at most {@link ChainParameters#maxReorgDepth()}, below the tip) is refused with
 *       {@code REORG_TOO_DEEP}, whether or not it is better: it could never be adopted. The lowest
 *       index the window can revert to never decreases, so side branches that fall below it are
 *       dropped, from memory and from the store.
 *   <li>At most {@link #MAX_BLOCKS_PER_CONTRIBUTOR_AT_HEIGHT} held blocks per contributor and
 *       height (phi's contributor, who signs the block); more are refused with {@code DUPLICATE}.
 * </ul>
 *
 * These are local policy, not consensus rules: a refused block changes nothing and may be offered
 * again later. Held side blocks are thus at most about {@code maxReorgDepth} heights times the
 * contributors (registered keys, and keys with one labelling of their own on a branch this node
 * never applied) times the per-contributor bound.
 *
 * <h2>Fork choice</h2>
 *
 * The best chain is the valid chain with the largest accumulated quality, the sum of {@link
 * ProofQuality#of} over its blocks; equal sums go to the smaller tip id so that nodes holding the
 * same blocks pick the same chain. Within one round (siblings answer the same challenge) the better
 * block is {@code Election.winner}'s. Blocks that do not beat the best chain are stored and
 * validated against state only if their branch becomes the best.
 *
 * <h2>Reorganisation</h2>
 *
 * Switching to another branch reverts the best chain's blocks down to the fork point with the undo
 * data ({@link BlockEffects}) kept for the last {@link ChainParameters#maxReorgDepth()} blocks,
 * then applies the branch; the undo data of every block above the fork is kept until the switch
 * ends, so a branch longer than the window that fails halfway is reverted and the old chain
 * restored. If a block of the branch fails, it and its descendants are marked invalid, the old
 * chain is restored, and the next best valid branch, if better, is tried.
 *
 * <h2>Durability</h2>
 *
 * A chain opened with {@link ChainGenesis#open} keeps its genesis, every held block, its tip and
 * the undo data of its undo window in the key-value store of its state ({@link ChainStore} has the
 * layout). The tip and undo records change in the same atomic batch as the state ({@link
 * LedgerState#apply(BlockContext, List, org.cybervein.ledger.state.CoupledWrites)}), one batch per
 * block applied or reverted, so after a crash at any moment the store holds a chain whose tip's
 * state root is the state's. A block is stored before it can join the best chain, so reopening
 * finishes an interrupted switch: it runs fork choice over the stored blocks, exactly as {@link
 * #submit} would have continued, and the node resumes either before or after the block it was
 * adopting. Blocks found invalid and side branches dropped below the undo window are deleted
 * (reopening drops any a crash left behind); refused blocks are never stored. Which side blocks
 * were once applied is not kept: after a restart, blocks on them are checked as on a branch never
 * applied. If the store throws a {@link org.cybervein.api.store.StoreException} (or anything else
 * fails halfway), this object stops accepting blocks ({@link IllegalStateException}); reopen the
 * chain from the store. A chain made by {@link #start} keeps nothing.
 *
 * <p>Deterministic and single-threaded; every held block is also kept in memory.
 */
public final class Chain {
  /** The tag of the genesis id. */
  public static final DomainTag GENESIS_TAG = DomainTag.of("cybervein/ledger/chain-genesis/v1");

  private final ChainParameters parameters;
  private final PocContract poc;
  private final LedgerState state;
  private final Hash genesisId;
  private final Hash genesisRoot;
  private final Node genesis;
  private final ChainStore store;
  private boolean broken;
  // Looked up only, never iterated where order matters (see bestCandidate).
  private final Map<Hash, Node> nodes = new HashMap<>();
  private final List<Node> best = new ArrayList<>();
  private final Deque<BlockEffects> undo = new ArrayDeque<>();
  private final TreeMap<Long, Node> checkpoints = new TreeMap<>();
  // How many held blocks (valid or found invalid) each contributor signed at each height; looked
  // up only.
  private final Map<HeldKey, Integer> heldByContributor = new HashMap<>();
  // Side branches forking below this index were dropped (see prune).
  private long prunedBelow;

  /**
   * The most blocks signed by one contributor at one height that a chain holds at a time (best or
   * not, valid or found invalid); more are refused with {@code DUPLICATE}. An honest contributor
   * signs one block per parent it builds on, so it reaches this only if it won the same height on
   * as many competing branches; a contributor that equivocates or grinds its claimed bandwidth on a
   * branch whose state this node has not seen gets no more room than that.
   */
  public static final int MAX_BLOCKS_PER_CONTRIBUTOR_AT_HEIGHT = 3;

  private record HeldKey(long index, Bytes contributor) {}

  private static final class Node {
    final Block block; // null for genesis
    final Hash id;
    final Node parent;
    final long index;
    final long timeMillis;
    final long totalQuality;
    final long nextCheckpoint;
    final Hash sigmaDigest;
    // Held children, to walk subtrees (invalid marks, pruning) without scanning every node.
    final List<Node> children = new ArrayList<>(1);
    InvalidLedgerInputException invalid;
    // Genesis, or applied at some time: its state root was verified and the tree under it stays
    // readable (state tree nodes are content-addressed and never deleted), so its children can be
    // checked against its post-state without applying anything.
    boolean applied;
    // Its contributions were found registered with the claimed bandwidths in the parent's state.
    boolean contributionsChecked;

    Node(Block block, Hash id, Node parent, long index, long time, long total, long next, Hash sd) {
      this.block = block;
      this.id = id;
      this.parent = parent;
      this.index = index;
      this.timeMillis = time;
      this.totalQuality = total;
      this.nextCheckpoint = next;
      this.sigmaDigest = sd;
    }

    PublicKey contributor() {
      return block.contributor();
    }

    boolean betterThan(Node other) {
      return totalQuality != other.totalQuality
          ? totalQuality > other.totalQuality
          : id.compareTo(other.id) < 0;
    }

    /** Set on a block found invalid and on all its descendants ({@link #markInvalid}). */
    InvalidLedgerInputException invalidAncestor() {
      return invalid;
    }
  }

  private Chain(
      ChainParameters parameters,
      LedgerState state,
      Hash genesisRoot,
      long genesisTimeMillis,
      ChainStore store) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.state = Objects.requireNonNull(state, "state");
    this.store = store;
    this.poc = new PocContract(parameters.poc());
    this.genesisRoot = genesisRoot;
    this.genesisId = genesisId(genesisRoot, genesisTimeMillis);
    this.genesis = new Node(null, genesisId, null, 0, genesisTimeMillis, 0, 0, genesisId);
    genesis.applied = true;
    nodes.put(genesisId, genesis);
    best.add(genesis);
  }

  /**
   * A chain whose genesis is {@code state} as it is now (its root and the genesis time make the
   * genesis id). The chain owns the state from now on: it applies and reverts blocks on it. It
   * keeps its blocks in memory only; {@link ChainGenesis#open} makes one that survives a restart.
   */
  public static Chain start(ChainParameters parameters, LedgerState state, long genesisTimeMillis) {
    Objects.requireNonNull(state, "state");
    return new Chain(parameters, state, state.root(), genesisTimeMillis, ChainStore.NONE);
  }

  /**
   * The chain kept in {@code store} (the store of {@code state}), with its genesis record written:
   * reloads the block tree, the best chain and the undo window without applying any block, checks
   * them against each other and against the state, then finishes a switch that a crash interrupted.
   *
   * @throws StoreException if a record is missing or damaged, or the records disagree with the
   *     state
   */
  static Chain resume(ChainParameters parameters, LedgerState state, ChainStore store) {
    ChainStore.Genesis g =
        store.genesis().orElseThrow(() -> new StoreException("no chain genesis record"));
    Chain chain = new Chain(parameters, state, g.root(), g.timeMillis(), store);
    chain.load();
    return chain;
  }

  private void load() {
    Hash tipId = store.tip();
    for (Block b : store.blocks()) {
      Node parent = nodes.get(b.parent());
      if (parent == null || parent.index + 1 != b.index()) {
        throw new StoreException("stored block " + b.id() + " has no stored parent");
      }
      Hash challenge = challenge(parent, b.index());
      if (!b.phi().challenge().equals(challenge)) {
        throw new StoreException("stored block " + b.id() + " answers another challenge");
      }
      long next = parent.nextCheckpoint;
      if (b.tau().checkpoint().isPresent()) {
        if (b.tau().checkpoint().get().number() != next) {
          throw new StoreException("stored block " + b.id() + " has a checkpoint out of sequence");
        }
        next++;
      }
      long total =
          Math.addExact(parent.totalQuality, ProofQuality.of(b.phi().proof().election(challenge)));
      hold(
          new Node(
              b, b.id(), parent, b.index(), b.tau().timeMillis(), total, next, b.sigmaDigest()));
    }
    Node tip = nodes.get(tipId);
    if (tip == null) {
      throw new StoreException("the chain's tip " + tipId + " is not stored");
    }
    List<Node> path = new ArrayList<>();
    for (Node n = tip; n != genesis; n = n.parent) {
      path.add(n);
    }
    Collections.reverse(path);
    for (Node n : path) {
      best.add(n);
      n.applied = true;
      n.block.tau().checkpoint().ifPresent(cp -> checkpoints.put(cp.number(), n));
    }
    if (!state.root().equals(rootOf(tip))) {
      throw new StoreException("the state root is not the chain tip's " + tipId);
    }
    List<BlockEffects> stored = store.undo();
    if (stored.size() > tip.index) {
      throw new StoreException("more undo data is stored than the best chain has blocks");
    }
    long first = tip.index - stored.size() + 1;
    for (int i = 0; i < stored.size(); i++) {
      BlockEffects fx = stored.get(i);
      long index = first + i;
      if (fx.blockIndex() != index
          || !fx.rootAfter().equals(rootOf(best.get((int) index)))
          || !fx.rootBefore().equals(rootOf(best.get((int) index - 1)))) {
        throw new StoreException("stored undo data does not match the best chain at " + index);
      }
    }
    int keep = Math.min(stored.size(), parameters.maxReorgDepth());
    if (keep < stored.size()) {
      // The node runs with a smaller depth than before: the older undo data is of no more use.
      store.trimUndoBelow(tip.index - keep + 1);
    }
    undo.addAll(stored.subList(stored.size() - keep, stored.size()));
    List<Block> ignored = new ArrayList<>();
    settle(bestCandidate(), ignored, ignored);
    // Side branches that fell below the undo window before a crash (or below a smaller depth).
    prune();
  }

  private Hash rootOf(Node n) {
    return n == genesis ? genesisRoot : n.block.tau().stateRoot();
  }

  /** The genesis id: {@code TH(tag, genesis state root || u64be(genesis time))}. */
  public static Hash genesisId(Hash genesisRoot, long genesisTimeMillis) {
    return HashFunction.SHA256
        .newHasher(GENESIS_TAG)
        .update(genesisRoot)
        .updateLong(genesisTimeMillis)
        .digest();
  }

  // ------------------------------------------------------------------ queries

  /** The rules. */
  public ChainParameters parameters() {
    return parameters;
  }

  /** The genesis id, the parent of block 1. */
  public Hash genesisId() {
    return genesisId;
  }

  /** The ledger state at the best chain's tip. Read it; do not apply or revert on it. */
  public LedgerState state() {
    return state;
  }

  /** The id of the best chain's tip (the genesis id before any block). */
  public Hash tipId() {
    return tip().id;
  }

  /** The index of the best chain's tip, 0 at genesis. */
  public long height() {
    return tip().index;
  }

  /** The tip's timestamp (the genesis time before any block). */
  public long tipTimeMillis() {
    return tip().timeMillis;
  }

  /** The accumulated quality of the best chain. */
  public long totalQuality() {
    return tip().totalQuality;
  }

  /** The ids of the best chain from block 1 to the tip. */
  public List<Hash> bestChain() {
    List<Hash> ids = new ArrayList<>(best.size() - 1);
    for (int i = 1; i < best.size(); i++) {
      ids.add(best.get(i).id);
    }
    return Collections.unmodifiableList(ids);
  }

  /** The block on the best chain at {@code index}, if the chain is that long (index from 1). */
  public Optional<Block> bestBlockAt(long index) {
    return index >= 1 && index < best.size()
        ? Optional.of(best.get((int) index).block)
        : Optional.empty();
  }

  /** A block this chain holds (best or not, valid or not yet known to be invalid). */
  public Optional<Block> block(Hash id) {
    Node n = nodes.get(id);
    return n == null || n.block == null ? Optional.empty() : Optional.of(n.block);
  }

  /** True if {@code id} is genesis or a block this chain holds. */
  public boolean contains(Hash id) {
    return nodes.containsKey(id);
  }

  /** The number of blocks held, genesis excluded. */
  public int blockCount() {
    return nodes.size() - 1;
  }

  /**
   * The challenge a child of {@code parentId} answers.
   *
   * @throws IllegalArgumentException if the parent is unknown
   */
  public Hash challengeForChildOf(Hash parentId) {
    Node parent = known(parentId);
    return challenge(parent, parent.index + 1);
  }

  /**
   * The digest a child of {@code parentId} signs in its sigma as the previous sigma.
   *
   * @throws IllegalArgumentException if the parent is unknown
   */
  public Hash sigmaDigestOf(Hash parentId) {
    return known(parentId).sigmaDigest;
  }

  /** The timestamp of a held block, or of genesis. */
  public long timeMillisOf(Hash id) {
    return known(id).timeMillis;
  }

  /** The number the next DAG checkpoint carried by a child of {@code parentId} must have. */
  public long nextCheckpointNumber(Hash parentId) {
    return known(parentId).nextCheckpoint;
  }

  /** The best-chain block that carries DAG checkpoint {@code number}, if any. */
  public Optional<Block> checkpointBlock(long number) {
    Node n = checkpoints.get(number);
    return n == null ? Optional.empty() : Optional.of(n.block);
  }

  /** The commitment {@code owner} registered, as of the tip. */
  public Optional<SpaceCommitment> registeredCommitment(PublicKey owner) {
    return PocContract.registeredCommitment(entries(), owner);
  }

  /** The bandwidth {@code M} of {@code contributor} for a child of the tip. */
  public long bandwidthForNextBlock(PublicKey contributor) {
    return poc.bandwidthForBlock(entries(), contributor, height() + 1);
  }

  /**
   * The context in which a block with these contributions is applied: the block reward, split (with
   * the fees) by the weights {@code N M} of the winner and the others, in that order.
   */
  public BlockContext blockContext(
      long index, long timeMillis, ContributionProof winner, List<ContributionProof> others) {
    List<RewardShare> shares = new ArrayList<>(others.size() + 1);
    shares.add(share(winner));
    for (ContributionProof c : others) {
      shares.add(share(c));
    }
    return new BlockContext(index, timeMillis, parameters.blockReward(), shares);
  }

  private static RewardShare share(ContributionProof c) {
    return new RewardShare(
        Address.of(c.contributor()),
        BigInteger.valueOf(c.space()).multiply(BigInteger.valueOf(c.bandwidth())));
  }

  /**
   * Checks a contribution offered for the round that extends the tip, as the tip's child would be
   * checked: the commitment follows the rules and is the one its contributor registered, the proof
   * answers the round's challenge, and the bandwidth is the one the ledger records.
   *
   * @return its election input for the round
   * @throws InvalidLedgerInputException the first rule it breaks
   */
  public ElectionContribution checkContributionForNextBlock(ContributionProof contribution)
      throws InvalidLedgerInputException {
    ElectionContribution e = checkContribution(contribution, challenge(tip(), tip().index + 1));
    checkRegistered(entries(), contribution, tip().index + 1);
    return e;
  }

  // ------------------------------------------------------------------ submission

  /** {@link #submit(Block, long)} of an encoded block. */
  public ChainUpdate submit(Bytes encoded, long nowMillis) throws InvalidLedgerInputException {
    return submit(Block.decode(encoded), nowMillis);
  }

  /**
   * Validates {@code block} and adds it to the tree; if its branch becomes the best, switches the
   * state to it.
   *
   * @param nowMillis the caller's clock, for the timestamp bound
   * @return what changed in the best chain
   * @throws InvalidLedgerInputException the first rule or bound the block breaks (state untouched;
   *     a block refused before it was stored is not held)
   */
  public ChainUpdate submit(Block block, long nowMillis) throws InvalidLedgerInputException {
    Objects.requireNonNull(block, "block");
    if (broken) {
      throw new IllegalStateException(
          "a store write failed during an earlier submit: reopen the chain from its store");
    }
    Node existing = nodes.get(block.id());
    if (existing != null) {
      if (existing.block == null || !existing.block.equals(block)) {
        throw new InvalidLedgerInputException(
            Reason.DUPLICATE, "another block with the same phi is known");
      }
      if (existing.invalid != null) {
        throw existing.invalid;
      }
      return ChainUpdate.NONE;
    }
    Node node = checkWithoutState(block, nowMillis);
    if (node.parent.applied) {
      // The parent's post-state is known: check the weights fork choice is about to use.
      checkContributions(node);
    }
    boolean better = node.betterThan(tip());
    Node before = tip();
    List<Block> reverted = new ArrayList<>();
    List<Block> applied = new ArrayList<>();
    try {
      // Stored before it can join the best chain, so that a reopened chain can finish the switch.
      store.putBlock(block);
      hold(node);
      if (better) {
        settle(node, reverted, applied);
      }
      prune();
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
    if (node.invalidAncestor() != null) {
      // The submitted block is refused; report net changes only if the best chain moved anyway.
      throw node.invalidAncestor();
    }
    return net(before, reverted, applied);
  }

  /**
   * Switches to {@code target} if it is not the tip, then to the best valid candidate within reach
   * until the tip is the best: on failure the failing block and its descendants are marked invalid
   * and the next candidate is tried.
   */
  private void settle(Node target, List<Block> reverted, List<Block> applied) {
    while (target != tip()) {
      try {
        switchTo(target, reverted, applied);
      } catch (InvalidLedgerInputException e) {
        if (e.reason() == Reason.REORG_TOO_DEEP) {
          markInvalid(target, e);
        }
      }
      target = bestCandidate();
    }
  }

  private InvalidLedgerInputException tooDeep(Node target) {
    return new InvalidLedgerInputException(
        Reason.REORG_TOO_DEEP,
        "the branch forks "
            + (tip().index - forkOf(target).index)
            + " blocks below the tip, undo is kept for "
            + undo.size()
            + ": it can never be adopted");
  }

  /** The deepest ancestor of {@code n} on the best chain ({@code n} itself if it is on it). */
  private Node forkOf(Node n) {
    Node fork = n;
    while (!onBest(fork)) {
      fork = fork.parent;
    }
    return fork;
  }

  /** Adds a checked block to the tree. */
  private void hold(Node n) {
    nodes.put(n.id, n);
    n.parent.children.add(n);
    heldByContributor.merge(new HeldKey(n.index, n.contributor().encoded()), 1, Integer::sum);
  }

  /** Forgets {@code n} and its subtree, in memory only, adding their ids to {@code dropped}. */
  private void drop(Node n, List<Hash> dropped) {
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(n);
    while (!todo.isEmpty()) {
      Node m = todo.pop();
      nodes.remove(m.id);
      dropped.add(m.id);
      heldByContributor.computeIfPresent(
          new HeldKey(m.index, m.contributor().encoded()), (k, v) -> v == 1 ? null : v - 1);
      for (Node c : m.children) {
        todo.push(c);
      }
    }
  }

  /**
   * Drops the side branches that fork below the undo window, in memory and in the store (one
   * write): they can never be adopted. The window's lowest revertible index, {@code tip index -
   * undo size}, never decreases (applying a block raises both, reverting lowers both, trimming the
   * undo data raises it), so whatever forks below it stays there.
   */
  private void prune() {
    long floor = tip().index - undo.size();
    if (floor <= prunedBelow) {
      return;
    }
    List<Hash> dropped = new ArrayList<>();
    for (long i = prunedBelow; i < floor; i++) {
      Node kept = best.get((int) i + 1);
      List<Node> children = best.get((int) i).children;
      for (Node c : children) {
        if (c != kept) {
          drop(c, dropped);
        }
      }
      children.clear();
      children.add(kept);
    }
    prunedBelow = floor;
    store.deleteBlocks(dropped);
  }

  private ChainUpdate net(Node before, List<Block> reverted, List<Block> applied) {
    if (tip() == before) {
      return ChainUpdate.NONE;
    }
    // Reduce the history of switches to the difference between the old and new best chains.
    Node fork = before;
    while (!onBest(fork)) {
      fork = fork.parent;
    }
    List<Block> out = new ArrayList<>();
    for (Node n = before; n != fork; n = n.parent) {
      out.add(n.block);
    }
    List<Block> in = new ArrayList<>();
    for (int i = (int) fork.index + 1; i < best.size(); i++) {
      in.add(best.get(i).block);
    }
    return new ChainUpdate(out, in);
  }

  /**
   * Marks {@code n} and every descendant held (rare: only when a branch fails to apply), and
   * deletes them from the store: they will be refused again if offered.
   */
  private void markInvalid(Node n, InvalidLedgerInputException e) {
    List<Hash> marked = new ArrayList<>();
    n.invalid = e;
    marked.add(n.id);
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(n);
    while (!todo.isEmpty()) {
      for (Node c : todo.pop().children) {
        // A child already marked had its whole subtree marked with it.
        if (c.invalid == null) {
          c.invalid = e;
          marked.add(c.id);
          todo.push(c);
        }
      }
    }
    store.deleteBlocks(marked);
  }

  private Node tip() {
    return best.get(best.size() - 1);
  }

  private boolean onBest(Node n) {
    return n.index < best.size() && best.get((int) n.index) == n;
  }

  private Node known(Hash id) {
    Node n = nodes.get(Objects.requireNonNull(id, "id"));
    if (n == null) {
      throw new IllegalArgumentException("unknown block " + id);
    }
    return n;
  }

  private Node bestCandidate() {
    Node candidate = tip();
    for (Node n : nodes.values()) {
      // The order of visits does not matter: betterThan is a total order.
      if (n.betterThan(candidate) && n.invalidAncestor() == null && withinReach(n)) {
        candidate = n;
      }
    }
    return candidate;
  }

  private boolean withinReach(Node n) {
    return tip().index - forkOf(n).index <= undo.size();
  }

  private Hash challenge(Node parent, long index) {
    long sourceIndex = ChallengeSchedule.sourceIndex(index, parameters.challengeLag());
    Node source = parent;
    while (source.index > sourceIndex) {
      source = source.parent;
    }
    return ChallengeSchedule.challenge(index, source.id);
  }

  private Node checkWithoutState(Block block, long nowMillis) throws InvalidLedgerInputException {
    Node parent = nodes.get(block.parent());
    if (parent == null) {
      throw new InvalidLedgerInputException(Reason.BAD_LINK, "unknown parent " + block.parent());
    }
    InvalidLedgerInputException parentInvalid = parent.invalidAncestor();
    if (parentInvalid != null) {
      throw new InvalidLedgerInputException(
          Reason.BAD_LINK, "the parent is invalid: " + parentInvalid.getMessage());
    }
    if (block.index() != parent.index + 1) {
      throw new InvalidLedgerInputException(
          Reason.BAD_LINK, "index " + block.index() + " after parent " + parent.index);
    }
    long time = block.tau().timeMillis();
    if (time - parent.timeMillis < parameters.blockIntervalMillis()) {
      throw new InvalidLedgerInputException(
          Reason.BAD_TIME, "less than the block interval after the parent");
    }
    long latest =
        nowMillis > Long.MAX_VALUE - parameters.maxClockDriftMillis()
            ? Long.MAX_VALUE
            : nowMillis + parameters.maxClockDriftMillis();
    if (time > latest) {
      throw new InvalidLedgerInputException(Reason.BAD_TIME, "timestamp in the future");
    }
    Hash challenge = challenge(parent, block.index());
    if (!block.phi().challenge().equals(challenge)) {
      throw new InvalidLedgerInputException(
          Reason.WRONG_CHALLENGE, "phi answers another challenge than its position fixes");
    }
    // The bounds on what is held, before the costlier checks: a forger cannot use them to keep out
    // an honest block (refusing a forged block early changes no count).
    if (tip().index - forkOf(parent).index > undo.size()) {
      throw tooDeep(parent);
    }
    if (heldByContributor.getOrDefault(new HeldKey(block.index(), block.contributor().encoded()), 0)
        >= MAX_BLOCKS_PER_CONTRIBUTOR_AT_HEIGHT) {
      throw new InvalidLedgerInputException(
          Reason.DUPLICATE,
          "the contributor already signed "
              + MAX_BLOCKS_PER_CONTRIBUTOR_AT_HEIGHT
              + " held blocks at height "
              + block.index());
    }
    block.checkSignatures(parent.sigmaDigest);
    ElectionContribution winner = checkContribution(block.phi().proof(), challenge);
    TreeSet<Bytes> contributors = new TreeSet<>();
    contributors.add(block.contributor().encoded());
    for (ContributionProof c : block.tau().contributions()) {
      ElectionContribution e = checkContribution(c, challenge);
      if (!contributors.add(c.contributor().encoded())) {
        throw new InvalidLedgerInputException(
            Reason.DUPLICATE, "two contributions of one contributor");
      }
      if (ProofQuality.ORDER.compare(winner, e) >= 0) {
        throw new InvalidLedgerInputException(
            Reason.NOT_ELECTED, "tau carries a contribution that beats phi's");
      }
    }
    long next = parent.nextCheckpoint;
    if (block.tau().checkpoint().isPresent()) {
      if (block.tau().checkpoint().get().number() != parent.nextCheckpoint) {
        throw new InvalidLedgerInputException(
            Reason.BAD_LINK, "DAG checkpoint out of sequence, expected " + parent.nextCheckpoint);
      }
      next++;
    }
    long total = Math.addExact(parent.totalQuality, ProofQuality.of(winner));
    return new Node(
        block, block.id(), parent, block.index(), time, total, next, block.sigmaDigest());
  }

  private ElectionContribution checkContribution(ContributionProof c, Hash challenge)
      throws InvalidLedgerInputException {
    poc.checkCommitmentRules(c.commitment(), c.contributor());
    try {
      SpaceVerifier.checkStorage(
          c.commitment(),
          ContributionProof.seed(challenge),
          parameters.storageChallenges(),
          c.proof());
    } catch (InvalidStorageProofException e) {
      throw new InvalidLedgerInputException(
          Reason.BAD_PROOF, "proof of space: " + e.getMessage(), e);
    }
    if (c.bandwidth() == 0) {
      throw new InvalidLedgerInputException(
          Reason.BAD_PROOF, "a contribution without bandwidth has no weight");
    }
    return c.election(challenge);
  }

  // ------------------------------------------------------------------ state

  private Function<Bytes, Optional<Bytes>> entries() {
    return key -> state.contractEntry(PocContract.ID, key);
  }

  private void switchTo(Node target, List<Block> reverted, List<Block> applied)
      throws InvalidLedgerInputException {
    List<Node> path = new ArrayList<>();
    Node fork = target;
    while (!onBest(fork)) {
      path.add(fork);
      fork = fork.parent;
    }
    Collections.reverse(path);
    if (tip().index - fork.index > undo.size()) {
      throw tooDeep(target);
    }
    // Blocks that arrived before their parent was applied, checked now if it since was: a lie
    // found here costs no revert.
    for (Node n : path) {
      if (n.parent.applied && !n.contributionsChecked) {
        try {
          checkContributions(n);
        } catch (InvalidLedgerInputException e) {
          markInvalid(n, e);
          throw e;
        }
      }
    }
    try {
      applyPath(fork, path, reverted, applied);
    } catch (InvalidLedgerInputException e) {
      trimUndo();
      throw e;
    }
    trimUndo();
  }

  /**
   * Reverts to {@code fork} and applies {@code path}; if a block fails, restores the old chain.
   * Keeps the undo data of every block above the fork meanwhile, so that the path can be reverted
   * however long it is.
   */
  private void applyPath(Node fork, List<Node> path, List<Block> reverted, List<Block> applied)
      throws InvalidLedgerInputException {
    List<Node> old = new ArrayList<>();
    while (tip() != fork) {
      Node n = revertTip();
      old.add(n);
      reverted.add(n.block);
    }
    Collections.reverse(old);
    int done = 0;
    try {
      for (Node n : path) {
        push(n, applyBlock(n, fork.index), fork.index);
        applied.add(n.block);
        done++;
      }
    } catch (InvalidLedgerInputException e) {
      markInvalid(path.get(done), e);
      for (int i = 0; i < done; i++) {
        revertTip();
      }
      for (Node n : old) {
        try {
          push(n, applyBlock(n, fork.index), fork.index);
        } catch (InvalidLedgerInputException again) {
          throw new IllegalStateException("a block that applied before no longer applies", again);
        }
      }
      throw e;
    }
  }

  /** Reverts the tip, in the state and in the store in one batch. */
  private Node revertTip() {
    Node n = tip();
    state.revert(undo.getLast(), store.revertWrites(n.parent.id, n.index));
    best.remove(best.size() - 1);
    undo.removeLast();
    unindex(n);
    return n;
  }

  /**
   * True if applying a block on the tip drops the oldest undo data in the same batch: the window is
   * full and that data is of a block at or below {@code forkIndex}, which the switch under way will
   * not revert (so a plain extension keeps one write per block).
   */
  private boolean trimsOnApply(long forkIndex) {
    return undo.size() + 1 > parameters.maxReorgDepth()
        && tip().index - undo.size() + 1 <= forkIndex;
  }

  private void push(Node n, BlockEffects effects, long forkIndex) {
    if (trimsOnApply(forkIndex)) {
      undo.removeFirst();
    }
    best.add(n);
    undo.addLast(effects);
    n.applied = true;
    n.block.tau().checkpoint().ifPresent(cp -> checkpoints.put(cp.number(), n));
  }

  /** Drops the undo data beyond the depth after a switch longer than the window (one write). */
  private void trimUndo() {
    if (undo.size() > parameters.maxReorgDepth()) {
      while (undo.size() > parameters.maxReorgDepth()) {
        undo.removeFirst();
      }
      store.trimUndoBelow(tip().index - undo.size() + 1);
    }
  }

  private void unindex(Node n) {
    n.block.tau().checkpoint().ifPresent(cp -> checkpoints.remove(cp.number()));
  }

  /**
   * Applies {@code n} on the state at its parent, in a switch from {@code forkIndex}; on failure
   * the state is as before.
   */
  private BlockEffects applyBlock(Node n, long forkIndex) throws InvalidLedgerInputException {
    Block block = n.block;
    checkRegistered(entries(), block.phi().proof(), block.index());
    for (ContributionProof c : block.tau().contributions()) {
      checkRegistered(entries(), c, block.index());
    }
    List<SignedTransaction> transactions = new ArrayList<>(block.tau().transactions().size());
    for (Bytes t : block.tau().transactions()) {
      transactions.add(SignedTransaction.decode(t));
    }
    BlockContext context =
        blockContext(
            block.index(),
            block.tau().timeMillis(),
            block.phi().proof(),
            block.tau().contributions());
    // As push does next: the oldest undo data leaves the window in the same batch if it can.
    OptionalLong trimmed =
        trimsOnApply(forkIndex)
            ? OptionalLong.of(tip().index - undo.size() + 1)
            : OptionalLong.empty();
    return state.apply(
        context,
        transactions,
        effects -> {
          if (!effects.rootAfter().equals(block.tau().stateRoot())) {
            throw new InvalidLedgerInputException(
                Reason.BAD_STATE_ROOT, "the transactions give another state root than tau claims");
          }
          return store.applyWrites(block, effects, trimmed);
        });
  }

  /**
   * Checks {@code n}'s contributions (phi's, then tau's in order) against the post-state of its
   * parent, which must have been applied at some time: exactly the check {@link #applyBlock} makes
   * first, on the same entries, so a block refused here would be refused there for the same reason.
   */
  private void checkContributions(Node n) throws InvalidLedgerInputException {
    Function<Bytes, Optional<Bytes>> entries = entriesAfter(n.parent);
    Block block = n.block;
    checkRegistered(entries, block.phi().proof(), block.index());
    for (ContributionProof c : block.tau().contributions()) {
      checkRegistered(entries, c, block.index());
    }
    n.contributionsChecked = true;
  }

  /** The {@code poc} entries in the post-state of a block that was applied at some time. */
  private Function<Bytes, Optional<Bytes>> entriesAfter(Node n) {
    if (!n.applied) {
      throw new IllegalStateException("the state after " + n.id + " was never verified");
    }
    if (n == tip()) {
      return entries();
    }
    Hash root = rootOf(n);
    return key -> state.valueAt(root, StateKeys.contractEntry(PocContract.ID, key));
  }

  private void checkRegistered(
      Function<Bytes, Optional<Bytes>> entries, ContributionProof c, long index)
      throws InvalidLedgerInputException {
    Optional<SpaceCommitment> registered =
        PocContract.registeredCommitment(entries, c.contributor());
    if (registered.isEmpty() || !registered.get().equals(c.commitment())) {
      throw new InvalidLedgerInputException(
          Reason.NOT_FOUND, "the contributor did not register this commitment");
    }
    long m = poc.bandwidthForBlock(entries, c.contributor(), index);
    if (m != c.bandwidth()) {
      throw new InvalidLedgerInputException(
          Reason.BAD_PROOF, "claimed bandwidth " + c.bandwidth() + ", the ledger records " + m);
    }
  }

  @Override
  public String toString() {
    return "Chain[height=" + height() + ", tip=" + tipId() + ", blocks=" + blockCount() + "]";
  }
}
