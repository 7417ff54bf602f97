package org.cybervein.ledger.chain;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
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
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.pospace.VerifiedSpaceCommitment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <h2>Logging</h2>
 *
 * Through SLF4J, under this class's name: each reorganisation at {@code INFO} (fork height, depth,
 * old and new tip), each refused block at {@code DEBUG} with its reason, and each switch that
 * failed and restored the old chain at {@code WARN}.
 *
 * <p>Deterministic and single-threaded; every held block is also kept in memory. The rules of one
 * block, the block tree with its fork choice and bounds, and this class's reorganisation and
 * storage are kept apart (package-private {@code BlockValidator} and {@code ForkChoice}).
 */
public final class Chain {
  /** The tag of the genesis id. */
  public static final DomainTag GENESIS_TAG = DomainTag.of("cybervein/ledger/chain-genesis/v1");

  /**
   * The most blocks signed by one contributor at one height that a chain holds at a time (best or
   * not, valid or found invalid); more are refused with {@code DUPLICATE}. An honest contributor
   * signs one block per parent it builds on, so it reaches this only if it won the same height on
   * as many competing branches; a contributor that equivocates or grinds its claimed bandwidth on a
   * branch whose state this node has not seen gets no more room than that.
   */
  public static final int MAX_BLOCKS_PER_CONTRIBUTOR_AT_HEIGHT = 3;

  private static final Logger LOG = LoggerFactory.getLogger(Chain.class);

  private final ChainParameters parameters;
  private final BlockValidator validator;
  private final ForkChoice tree;
  private final LedgerState state;
  private final Hash genesisId;
  private final Hash genesisRoot;
  private final ChainStore store;
  private boolean broken;
  // The undo data of the best chain's last blocks, oldest first: how deep fork choice can reach.
  private final Deque<BlockEffects> undo = new ArrayDeque<>();
  // The best-chain blocks that carry DAG checkpoints, by checkpoint number.
  private final TreeMap<Long, BlockNode> checkpoints = new TreeMap<>();

  private Chain(
      ChainParameters parameters,
      LedgerState state,
      Hash genesisRoot,
      long genesisTimeMillis,
      ChainStore store) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.state = Objects.requireNonNull(state, "state");
    this.store = store;
    this.validator = new BlockValidator(parameters);
    this.genesisRoot = genesisRoot;
    this.genesisId = genesisId(genesisRoot, genesisTimeMillis);
    this.tree =
        new ForkChoice(
            BlockNode.genesis(genesisId, genesisTimeMillis), MAX_BLOCKS_PER_CONTRIBUTOR_AT_HEIGHT);
  }

  /**
   * A chain whose genesis is {@code state} as it is now (its root and the genesis time make the
   * genesis id). The chain owns the state from now on: it applies and reverts blocks on it. It
   * keeps its blocks in memory only; {@link ChainGenesis#open} makes one that survives a restart.
   *
   * @param parameters the consensus rules
   * @param state the state at genesis
   * @param genesisTimeMillis the genesis time
   * @return the chain at genesis
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
      BlockNode parent =
          tree.node(b.parent())
              .orElseThrow(
                  () -> new StoreException("stored block " + b.id() + " has no stored parent"));
      tree.hold(validator.reload(b, parent));
    }
    BlockNode tip =
        tree.node(tipId)
            .orElseThrow(() -> new StoreException("the chain's tip " + tipId + " is not stored"));
    for (BlockNode n : tree.branchTo(tip)) {
      tree.extendBest(n);
      n.applied = true;
      index(n);
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
          || !fx.rootAfter().equals(rootOf(tree.bestAt(index).orElseThrow()))
          || !fx.rootBefore().equals(rootOf(tree.bestAt(index - 1).orElseThrow()))) {
        throw new StoreException("stored undo data does not match the best chain at " + index);
      }
    }
    int keep = Math.min(stored.size(), parameters.maxReorgDepth());
    if (keep < stored.size()) {
      // The node runs with a smaller depth than before: the older undo data is of no more use.
      store.trimUndoBelow(tip.index - keep + 1);
    }
    undo.addAll(stored.subList(stored.size() - keep, stored.size()));
    // Finishes a switch that a crash interrupted, as submit would have.
    settle(tree.bestCandidate(undo.size()));
    net(tip);
    // Side branches that fell below the undo window before a crash (or below a smaller depth).
    prune();
  }

  private Hash rootOf(BlockNode n) {
    return n.isGenesis() ? genesisRoot : n.block.tau().stateRoot();
  }

  /**
   * The genesis id: {@code TH(tag, genesis state root || u64be(genesis time))}.
   *
   * @param genesisRoot the state root at genesis
   * @param genesisTimeMillis the genesis time
   * @return the id block 1 names as its parent
   */
  public static Hash genesisId(Hash genesisRoot, long genesisTimeMillis) {
    return HashFunction.SHA256
        .newHasher(GENESIS_TAG)
        .update(genesisRoot)
        .updateLong(genesisTimeMillis)
        .digest();
  }

  // ------------------------------------------------------------------ queries

  /**
   * The rules.
   *
   * @return the consensus rules this chain runs
   */
  public ChainParameters parameters() {
    return parameters;
  }

  /**
   * The genesis id, the parent of block 1.
   *
   * @return the genesis id
   */
  public Hash genesisId() {
    return genesisId;
  }

  /**
   * The ledger state at the best chain's tip. Read it; do not apply or revert on it.
   *
   * @return the state
   */
  public LedgerState state() {
    return state;
  }

  /**
   * The id of the best chain's tip.
   *
   * @return the tip's id (the genesis id before any block)
   */
  public Hash tipId() {
    return tree.tip().id;
  }

  /**
   * The index of the best chain's tip.
   *
   * @return the height, 0 at genesis
   */
  public long height() {
    return tree.tip().index;
  }

  /**
   * The tip's timestamp.
   *
   * @return the tip's time (the genesis time before any block)
   */
  public long tipTimeMillis() {
    return tree.tip().timeMillis;
  }

  /**
   * The accumulated quality of the best chain.
   *
   * @return the sum of {@link ProofQuality#of} over the best chain's blocks
   */
  public long totalQuality() {
    return tree.tip().totalQuality;
  }

  /**
   * The ids of the best chain.
   *
   * @return the ids from block 1 to the tip
   */
  public List<Hash> bestChain() {
    List<Hash> ids = new ArrayList<>();
    for (BlockNode n : tree.bestAbove(0)) {
      ids.add(n.id);
    }
    return Collections.unmodifiableList(ids);
  }

  /**
   * The block on the best chain at {@code index}.
   *
   * @param index the index, from 1
   * @return the block, if the chain is that long
   */
  public Optional<Block> bestBlockAt(long index) {
    return index >= 1 ? tree.bestAt(index).map(n -> n.block) : Optional.empty();
  }

  /**
   * A block this chain holds (best or not, valid or not yet known to be invalid).
   *
   * @param id the block's id
   * @return the block, if held
   */
  public Optional<Block> block(Hash id) {
    return tree.node(id).filter(n -> !n.isGenesis()).map(n -> n.block);
  }

  /**
   * True if {@code id} is genesis or a block this chain holds.
   *
   * @param id a block id
   * @return whether it is known
   */
  public boolean contains(Hash id) {
    return tree.node(id).isPresent();
  }

  /**
   * The number of blocks held.
   *
   * @return the count, genesis excluded
   */
  public int blockCount() {
    return tree.heldCount();
  }

  /**
   * The challenge a child of {@code parentId} answers.
   *
   * @param parentId a held block or genesis
   * @return the challenge
   * @throws IllegalArgumentException if the parent is unknown
   */
  public Hash challengeForChildOf(Hash parentId) {
    BlockNode parent = tree.known(parentId);
    return validator.challenge(parent, parent.index + 1);
  }

  /**
   * The digest a child of {@code parentId} signs in its sigma as the previous sigma.
   *
   * @param parentId a held block or genesis
   * @return the digest
   * @throws IllegalArgumentException if the parent is unknown
   */
  public Hash sigmaDigestOf(Hash parentId) {
    return tree.known(parentId).sigmaDigest;
  }

  /**
   * The timestamp of a held block, or of genesis.
   *
   * @param id a held block or genesis
   * @return its time
   * @throws IllegalArgumentException if the block is unknown
   */
  public long timeMillisOf(Hash id) {
    return tree.known(id).timeMillis;
  }

  /**
   * The number the next DAG checkpoint carried by a child of {@code parentId} must have.
   *
   * @param parentId a held block or genesis
   * @return the checkpoint number
   * @throws IllegalArgumentException if the parent is unknown
   */
  public long nextCheckpointNumber(Hash parentId) {
    return tree.known(parentId).nextCheckpoint;
  }

  /**
   * The best-chain block that carries DAG checkpoint {@code number}.
   *
   * @param number a checkpoint number
   * @return the block, if the best chain carries that checkpoint
   */
  public Optional<Block> checkpointBlock(long number) {
    BlockNode n = checkpoints.get(number);
    return n == null ? Optional.empty() : Optional.of(n.block);
  }

  /**
   * The commitment {@code owner} registered, as of the tip.
   *
   * @param owner a contributor's key
   * @return its registered commitment, verified when it was registered, if any
   */
  public Optional<VerifiedSpaceCommitment> registeredCommitment(PublicKey owner) {
    return validator.registeredCommitment(tipEntries(), owner);
  }

  /**
   * The bandwidth {@code M} of {@code contributor} for a child of the tip.
   *
   * @param contributor a contributor's key
   * @return the bandwidth the ledger records for it
   */
  public long bandwidthForNextBlock(PublicKey contributor) {
    return validator.bandwidth(tipEntries(), contributor, height() + 1);
  }

  /**
   * The context in which a block with these contributions is applied: the block reward, split (with
   * the fees) by the weights {@code N M} of the winner and the others, in that order.
   *
   * @param index the block's index
   * @param timeMillis the block's time
   * @param winner phi's contribution
   * @param others tau's contributions
   * @return the block context
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
   * @param contribution the contribution
   * @return its election input for the round
   * @throws InvalidLedgerInputException the first rule it breaks
   */
  public ElectionContribution checkContributionForNextBlock(ContributionProof contribution)
      throws InvalidLedgerInputException {
    BlockNode tip = tree.tip();
    Hash challenge = validator.challenge(tip, tip.index + 1);
    ElectionContribution e = validator.checkContribution(contribution, challenge);
    validator.checkWeight(contribution, challenge, tip.index + 1, tipEntries());
    return e;
  }

  // ------------------------------------------------------------------ submission

  /**
   * {@link #submit(Block, long)} of an encoded block.
   *
   * @param encoded the block's encoding
   * @param nowMillis the caller's clock, for the timestamp bound
   * @return what changed in the best chain
   * @throws InvalidLedgerInputException if it does not decode, or as {@link #submit(Block, long)}
   */
  public ChainUpdate submit(Bytes encoded, long nowMillis) throws InvalidLedgerInputException {
    Block block;
    try {
      block = Block.decode(encoded);
    } catch (InvalidLedgerInputException e) {
      LOG.debug(
          "refused a block of {} bytes that does not decode: {}: {}",
          encoded.size(),
          e.reason(),
          e.getMessage());
      throw e;
    }
    return submit(block, nowMillis);
  }

  /**
   * Validates {@code block} and adds it to the tree; if its branch becomes the best, switches the
   * state to it.
   *
   * @param block the block
   * @param nowMillis the caller's clock, for the timestamp bound
   * @return what changed in the best chain
   * @throws InvalidLedgerInputException the first rule or bound the block breaks (state untouched;
   *     a block refused before it was stored is not held)
   * @throws IllegalStateException if a store write failed during an earlier call
   */
  public ChainUpdate submit(Block block, long nowMillis) throws InvalidLedgerInputException {
    Objects.requireNonNull(block, "block");
    if (broken) {
      throw new IllegalStateException(
          "a store write failed during an earlier submit: reopen the chain from its store");
    }
    try {
      return add(block, nowMillis);
    } catch (InvalidLedgerInputException e) {
      LOG.debug(
          "refused block {} at height {}: {}: {}",
          block.id(),
          block.index(),
          e.reason(),
          e.getMessage());
      throw e;
    }
  }

  private ChainUpdate add(Block block, long nowMillis) throws InvalidLedgerInputException {
    Optional<BlockNode> existing = tree.node(block.id());
    if (existing.isPresent()) {
      BlockNode n = existing.get();
      if (n.isGenesis() || !n.block.equals(block)) {
        throw new InvalidLedgerInputException(
            Reason.DUPLICATE, "another block with the same phi is known");
      }
      if (n.invalid != null) {
        throw n.invalid;
      }
      return ChainUpdate.NONE;
    }
    BlockNode node = check(block, nowMillis);
    BlockNode before = tree.tip();
    try {
      // Stored before it can join the best chain, so that a reopened chain can finish the switch.
      store.putBlock(block);
      tree.hold(node);
      if (node.betterThan(before)) {
        settle(node);
      }
      prune();
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
    ChainUpdate update = net(before);
    if (node.invalid != null) {
      // The submitted block is refused; the best chain may have moved anyway (logged by net).
      throw node.invalid;
    }
    return update;
  }

  /**
   * Runs every check a block can pass before it is held: its position, the bounds on what is held
   * (before the costlier checks), its proofs, and its weights if its parent's post-state is known.
   */
  private BlockNode check(Block block, long nowMillis) throws InvalidLedgerInputException {
    BlockNode parent =
        tree.node(block.parent())
            .orElseThrow(
                () ->
                    new InvalidLedgerInputException(
                        Reason.BAD_LINK, "unknown parent " + block.parent()));
    Hash challenge = validator.checkPosition(block, parent, nowMillis);
    tree.admit(parent, block, undo.size());
    BlockNode node = validator.checkProofs(block, parent, challenge);
    if (parent.applied) {
      // The parent's post-state is known: check the weights fork choice is about to use.
      checkWeights(node);
    }
    return node;
  }

  /**
   * Switches to {@code target} if it is not the tip, then to the best valid candidate within reach
   * until the tip is the best: on failure the failing block and its descendants are marked invalid
   * and the next candidate is tried.
   */
  private void settle(BlockNode target) {
    while (target != tree.tip()) {
      try {
        switchTo(target);
      } catch (InvalidLedgerInputException e) {
        if (e.reason() == Reason.REORG_TOO_DEEP) {
          markInvalid(target, e);
        }
      }
      target = tree.bestCandidate(undo.size());
    }
  }

  // ------------------------------------------------------------------ reorganisation

  private void switchTo(BlockNode target) throws InvalidLedgerInputException {
    BlockNode fork = tree.forkOf(target);
    List<BlockNode> path = tree.branchTo(target);
    if (!tree.withinReach(target, undo.size())) {
      throw tree.tooDeep(target, undo.size());
    }
    // Blocks that arrived before their parent was applied, checked now if it since was: a lie
    // found here costs no revert.
    for (BlockNode n : path) {
      if (n.parent.applied && !n.contributionsChecked) {
        try {
          checkWeights(n);
        } catch (InvalidLedgerInputException e) {
          markInvalid(n, e);
          throw e;
        }
      }
    }
    try {
      applyPath(fork, path);
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
  private void applyPath(BlockNode fork, List<BlockNode> path) throws InvalidLedgerInputException {
    List<BlockNode> old = new ArrayList<>();
    while (tree.tip() != fork) {
      old.add(revertTip());
    }
    Collections.reverse(old);
    int done = 0;
    try {
      for (BlockNode n : path) {
        push(n, applyBlock(n, fork.index), fork.index);
        done++;
      }
    } catch (InvalidLedgerInputException e) {
      BlockNode failed = path.get(done);
      markInvalid(failed, e);
      for (int i = 0; i < done; i++) {
        revertTip();
      }
      for (BlockNode n : old) {
        try {
          push(n, applyBlock(n, fork.index), fork.index);
        } catch (InvalidLedgerInputException again) {
          throw new IllegalStateException("a block that applied before no longer applies", again);
        }
      }
      LOG.warn(
          "switch to the branch of {} failed at block {} (height {}, {} blocks above the fork at"
              + " height {}): {}: {}; the old chain is restored at tip {}",
          path.get(path.size() - 1).id,
          failed.id,
          failed.index,
          done + 1,
          fork.index,
          e.reason(),
          e.getMessage(),
          tree.tip().id);
      throw e;
    }
  }

  /** Reverts the tip, in the state and in the store in one batch. */
  private BlockNode revertTip() {
    BlockNode n = tree.tip();
    state.revert(undo.getLast(), store.revertWrites(n.parent.id, n.index));
    tree.retractBest();
    undo.removeLast();
    n.block.tau().checkpoint().ifPresent(cp -> checkpoints.remove(cp.number()));
    return n;
  }

  /**
   * True if applying a block on the tip drops the oldest undo data in the same batch: the window is
   * full and that data is of a block at or below {@code forkIndex}, which the switch under way will
   * not revert (so a plain extension keeps one write per block).
   */
  private boolean trimsOnApply(long forkIndex) {
    return undo.size() + 1 > parameters.maxReorgDepth()
        && tree.tip().index - undo.size() + 1 <= forkIndex;
  }

  private void push(BlockNode n, BlockEffects effects, long forkIndex) {
    if (trimsOnApply(forkIndex)) {
      undo.removeFirst();
    }
    tree.extendBest(n);
    undo.addLast(effects);
    n.applied = true;
    index(n);
  }

  private void index(BlockNode n) {
    n.block.tau().checkpoint().ifPresent(cp -> checkpoints.put(cp.number(), n));
  }

  /** Drops the undo data beyond the depth after a switch longer than the window (one write). */
  private void trimUndo() {
    if (undo.size() > parameters.maxReorgDepth()) {
      while (undo.size() > parameters.maxReorgDepth()) {
        undo.removeFirst();
      }
      store.trimUndoBelow(tree.tip().index - undo.size() + 1);
    }
  }

  /**
   * Applies {@code n} on the state at its parent, in a switch from {@code forkIndex}; on failure
   * the state is as before.
   */
  private BlockEffects applyBlock(BlockNode n, long forkIndex) throws InvalidLedgerInputException {
    Block block = n.block;
    validator.checkWeights(block, tipEntries());
    List<SignedTransaction> transactions = BlockValidator.transactions(block);
    BlockContext context =
        blockContext(
            block.index(),
            block.tau().timeMillis(),
            block.phi().proof(),
            block.tau().contributions());
    // As push does next: the oldest undo data leaves the window in the same batch if it can.
    OptionalLong trimmed =
        trimsOnApply(forkIndex)
            ? OptionalLong.of(tree.tip().index - undo.size() + 1)
            : OptionalLong.empty();
    return state.apply(
        context,
        transactions,
        effects -> {
          BlockValidator.checkStateRoot(block, effects);
          return store.applyWrites(block, effects, trimmed);
        });
  }

  /**
   * Marks {@code n} and every descendant held invalid, and deletes them from the store: they will
   * be refused again if offered.
   */
  private void markInvalid(BlockNode n, InvalidLedgerInputException e) {
    store.deleteBlocks(tree.markInvalid(n, e));
  }

  /** Drops the side branches that fork below the undo window, in memory and in the store. */
  private void prune() {
    store.deleteBlocks(tree.prune(undo.size()));
  }

  /**
   * The difference between the best chain before and now, logged if blocks were reverted: the
   * history of switches reduced to what left the best chain and what joined it.
   */
  private ChainUpdate net(BlockNode before) {
    BlockNode tip = tree.tip();
    if (tip == before) {
      return ChainUpdate.NONE;
    }
    BlockNode fork = tree.forkOf(before);
    List<Block> out = new ArrayList<>();
    for (BlockNode n = before; n != fork; n = n.parent) {
      out.add(n.block);
    }
    List<Block> in = new ArrayList<>();
    for (BlockNode n : tree.bestAbove(fork.index)) {
      in.add(n.block);
    }
    if (!out.isEmpty()) {
      LOG.info(
          "reorganised at fork height {}, depth {}: tip {} (height {}) -> {} (height {})",
          fork.index,
          out.size(),
          before.id,
          before.index,
          tip.id,
          tip.index);
    }
    return new ChainUpdate(out, in);
  }

  // ------------------------------------------------------------------ state

  /**
   * Checks {@code n}'s weights against the post-state of its parent, which must have been applied
   * at some time: exactly the check {@link #applyBlock} makes first, on the same entries, so a
   * block refused here would be refused there for the same reason.
   */
  private void checkWeights(BlockNode n) throws InvalidLedgerInputException {
    validator.checkWeights(n.block, entriesAfter(n.parent));
    n.contributionsChecked = true;
  }

  /** The {@code poc} entries at the tip. */
  private Function<Bytes, Optional<Bytes>> tipEntries() {
    return key -> state.contractEntry(PocContract.ID, key);
  }

  /** The {@code poc} entries in the post-state of a block that was applied at some time. */
  private Function<Bytes, Optional<Bytes>> entriesAfter(BlockNode n) {
    if (!n.applied) {
      throw new IllegalStateException("the state after " + n.id + " was never verified");
    }
    if (n == tree.tip()) {
      return tipEntries();
    }
    Hash root = rootOf(n);
    return key -> state.valueAt(root, StateKeys.contractEntry(PocContract.ID, key));
  }

  @Override
  public String toString() {
    return "Chain[height=" + height() + ", tip=" + tipId() + ", blocks=" + blockCount() + "]";
  }
}
