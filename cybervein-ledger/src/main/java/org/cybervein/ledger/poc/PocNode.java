package org.cybervein.ledger.poc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.chain.ChainUpdate;
import org.cybervein.ledger.chain.ProofQuality;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.storageproofs.poc.ElectionContribution;

/**
 * One node of Proof of Contribution block production: a pure core, events in ({@link #onStart},
 * {@link #onMessage}, {@link #onTimer}, {@link #submitTransaction}), {@link PocAction}s out. No
 * threads, clocks or randomness inside; the host passes the time with each event.
 *
 * <h2>A round</h2>
 *
 * Whenever the best chain's tip changes, a round starts for the tip's child: a contributor node
 * answers the round's challenge and sends its contribution to every peer; contributions received
 * for the round are checked against the tip ({@link Chain#checkContributionForNextBlock}) and kept.
 * At the slot, one block interval after the tip's timestamp, the contributor whose contribution
 * wins among those it holds ({@link ProofQuality#ORDER}, which is storage-proofs' {@code
 * Election.winner}) produces the block and sends it to every peer; a contributor ranked {@code
 * r}-th waits {@code r} times {@link PocConfig#fallbackDelay()} more, so a lost winner is replaced,
 * and fork choice keeps the best block of the round if several appear.
 *
 * <h2>Blocks</h2>
 *
 * A new valid block is relayed to every peer once. A block whose parent is unknown is held (at most
 * {@link PocConfig#maxOrphans()} blocks and 32 MiB, the oldest dropped first, since such blocks
 * cannot be checked yet) and the parent is asked of the peer that sent it, so a node that missed
 * blocks (loss, a partition) fetches the branch back to what it knows. Contributions for a parent
 * not yet known are held the same way (256 and 8 MiB).
 *
 * <h2>Mempool</h2>
 *
 * Transactions wait in arrival order (at most {@link PocConfig#maxMempool()}); a block takes those
 * that apply and fit in {@link Block#MAX_ENCODED_SIZE}. A transaction leaves when a block of the
 * best chain includes it or when the chain has passed its nonce.
 */
public final class PocNode {
  private final NodeId self;
  private final List<NodeId> peers;
  private final Chain chain;
  private final Optional<BlockProducer> producer;
  private final PocConfig config;

  private Hash roundParent;
  private long slotMillis;
  private long roundStartMillis;
  private final TreeMap<Bytes, ContributionProof> contributions = new TreeMap<>();
  private long timerToken;
  private final Map<Hash, List<Block>> orphans = new TreeMap<>();
  // The held orphans by id in arrival order, so that the oldest make room for new ones: blocks
  // with an unknown parent are unchecked, and junk that never connects must not keep out the
  // blocks a node needs to catch up.
  private final LinkedHashMap<Hash, Block> orphanOrder = new LinkedHashMap<>();
  private long orphanBytes;
  private final LinkedHashMap<Hash, SignedTransaction> mempool = new LinkedHashMap<>();
  private long produced;
  // Contributions for a parent not yet known, held until it arrives; bounded by count and bytes,
  // in arrival order, the oldest dropped first for the same reason as orphans.
  private final ArrayDeque<PocWire.ContributionMessage> early = new ArrayDeque<>();
  private long earlyBytes;
  private static final int MAX_EARLY = 256;

  /** The most bytes of unchecked contributions held for parents not yet known. */
  static final long MAX_EARLY_BYTES = 8L << 20;

  /** The most bytes of orphan blocks held (besides {@link PocConfig#maxOrphans()} by count). */
  static final long MAX_ORPHAN_BYTES = 32L << 20;

  // Room left in a block for everything but its transactions (phi, sigma, tau's fixed fields and
  // the framing of each part); contributions are counted one by one.
  private static final int BLOCK_OVERHEAD = 8 << 10;

  /**
   * A node.
   *
   * @param self this node's address
   * @param peers every other node's address
   * @param chain this node's chain (it owns it from now on)
   * @param producer the contributor this node runs, if any
   * @param config the round timing and limits
   */
  public PocNode(
      NodeId self,
      List<NodeId> peers,
      Chain chain,
      Optional<BlockProducer> producer,
      PocConfig config) {
    this.self = Objects.requireNonNull(self, "self");
    this.peers = List.copyOf(peers);
    this.chain = Objects.requireNonNull(chain, "chain");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.config = Objects.requireNonNull(config, "config");
    if (this.peers.contains(self)) {
      throw new IllegalArgumentException("a node is not its own peer");
    }
  }

  /**
   * The node's chain (read it; do not submit to it directly).
   *
   * @return the chain
   */
  public Chain chain() {
    return chain;
  }

  /**
   * The node's address.
   *
   * @return the address
   */
  public NodeId self() {
    return self;
  }

  /**
   * The number of blocks this node produced.
   *
   * @return the count of produced blocks
   */
  public long producedCount() {
    return produced;
  }

  /**
   * Starts the first round.
   *
   * @param nowMillis the current time in milliseconds
   * @return the actions to carry out
   */
  public List<PocAction> onStart(long nowMillis) {
    List<PocAction> out = new ArrayList<>();
    newRound(nowMillis, out);
    return out;
  }

  /**
   * Queues a transaction for the blocks this node produces (not gossiped).
   *
   * @param transaction the transaction
   */
  public void submitTransaction(SignedTransaction transaction) {
    Objects.requireNonNull(transaction, "transaction");
    if (mempool.size() < config.maxMempool()) {
      mempool.putIfAbsent(transaction.id(), transaction);
    }
  }

  /**
   * Handles a message from a peer; undecodable or invalid input is dropped.
   *
   * @param from the sender
   * @param message the received bytes
   * @param nowMillis the current time in milliseconds
   * @return the actions to carry out
   */
  public List<PocAction> onMessage(NodeId from, Bytes message, long nowMillis) {
    List<PocAction> out = new ArrayList<>();
    PocWire.Message m;
    try {
      m = PocWire.decode(message);
    } catch (InvalidLedgerInputException e) {
      return out;
    }
    if (m instanceof PocWire.BlockMessage b) {
      onBlock(from, b.block(), nowMillis, out);
    } else if (m instanceof PocWire.ContributionMessage c) {
      onContribution(c.parent(), c.contribution());
    } else if (m instanceof PocWire.GetBlock g) {
      chain.block(g.id()).ifPresent(b -> out.add(new PocAction.Send(from, PocWire.block(b))));
    }
    return out;
  }

  /**
   * Handles a timer the node set; stale tokens are ignored.
   *
   * @param token the timer's token
   * @param nowMillis the current time in milliseconds
   * @return the actions to carry out
   */
  public List<PocAction> onTimer(long token, long nowMillis) {
    List<PocAction> out = new ArrayList<>();
    if (token != timerToken || producer.isEmpty() || !chain.tipId().equals(roundParent)) {
      return out;
    }
    BlockProducer p = producer.get();
    ContributionProof own = contributions.get(p.publicKey().encoded());
    if (own == null) {
      return out;
    }
    Hash challenge = chain.challengeForChildOf(roundParent);
    ElectionContribution ownElection = own.election(challenge);
    int rank = 0;
    List<ContributionProof> others = new ArrayList<>();
    for (ContributionProof c : contributions.values()) {
      if (c != own) {
        others.add(c);
        if (ProofQuality.ORDER.compare(c.election(challenge), ownElection) < 0) {
          rank++;
        }
      }
    }
    long due =
        Math.max(slotMillis, roundStartMillis + config.contributionWindow().toMillis())
            + rank * config.fallbackDelay().toMillis();
    if (nowMillis < due) {
      out.add(new PocAction.SetTimer(token, Duration.ofMillis(due - nowMillis)));
      return out;
    }
    Block block;
    try {
      block =
          p.produce(
              chain,
              others,
              candidatesFitting(own, others),
              Math.max(nowMillis, slotMillis),
              Optional.empty());
    } catch (InvalidLedgerInputException e) {
      return out;
    }
    produced++;
    out.add(new PocAction.Produced(block));
    onBlock(self, block, nowMillis, out);
    return out;
  }

  /**
   * The mempool's transactions, in order, as far as they fit in one block beside the contributions
   * it may carry: a block above {@link Block#MAX_ENCODED_SIZE} cannot be built, and the mempool can
   * hold more than that (large contract calls, or the transactions of several reverted blocks).
   */
  private List<SignedTransaction> candidatesFitting(
      ContributionProof own, List<ContributionProof> others) {
    long budget = Block.MAX_ENCODED_SIZE - BLOCK_OVERHEAD - 2L * framed(own);
    for (ContributionProof c : others) {
      budget -= framed(c);
    }
    List<SignedTransaction> out = new ArrayList<>();
    for (SignedTransaction t : mempool.values()) {
      long size = t.encoded().size() + 8L;
      if (size <= budget) {
        out.add(t);
        budget -= size;
      }
    }
    return out;
  }

  private static long framed(ContributionProof c) {
    return c.toProto().getSerializedSize() + 8L;
  }

  private void onContribution(Hash parent, ContributionProof c) {
    if (!parent.equals(roundParent) || !chain.tipId().equals(parent)) {
      // Perhaps for a round this node has not reached yet: its block is still on the way.
      if (!chain.contains(parent)) {
        holdEarly(new PocWire.ContributionMessage(parent, c));
      }
      return;
    }
    Bytes key = c.contributor().encoded();
    if (contributions.containsKey(key)
        || contributions.size() > org.cybervein.ledger.block.Block.MAX_CONTRIBUTIONS) {
      return;
    }
    try {
      chain.checkContributionForNextBlock(c);
    } catch (InvalidLedgerInputException e) {
      return;
    }
    contributions.put(key, c);
  }

  private void onBlock(NodeId from, Block first, long nowMillis, List<PocAction> out) {
    Hash tipBefore = chain.tipId();
    Deque<Block> queue = new ArrayDeque<>();
    queue.add(first);
    while (!queue.isEmpty()) {
      Block block = queue.poll();
      if (chain.contains(block.id())) {
        continue;
      }
      if (!chain.contains(block.parent())) {
        holdOrphan(block);
        if (!from.equals(self)) {
          out.add(new PocAction.Send(from, PocWire.getBlock(block.parent())));
        }
        continue;
      }
      ChainUpdate update;
      try {
        update = chain.submit(block, nowMillis);
      } catch (InvalidLedgerInputException e) {
        continue;
      }
      Bytes encoded = PocWire.block(block);
      for (NodeId peer : peers) {
        if (!peer.equals(from)) {
          out.add(new PocAction.Send(peer, encoded));
        }
      }
      if (update.changedBest()) {
        out.add(new PocAction.ChainChanged(update));
        updateMempool(update);
      }
      List<Block> children = orphans.get(block.id());
      if (children != null) {
        List<Block> ready = List.copyOf(children);
        for (Block child : ready) {
          forgetOrphan(child);
        }
        queue.addAll(ready);
      }
    }
    if (!chain.tipId().equals(tipBefore)) {
      newRound(nowMillis, out);
    }
  }

  private void holdOrphan(Block block) {
    long size = block.encoded().size();
    if (orphanOrder.containsKey(block.id())
        || config.maxOrphans() == 0
        || size > MAX_ORPHAN_BYTES) {
      return;
    }
    while (orphanOrder.size() >= config.maxOrphans() || orphanBytes + size > MAX_ORPHAN_BYTES) {
      forgetOrphan(orphanOrder.values().iterator().next());
    }
    orphans.computeIfAbsent(block.parent(), k -> new ArrayList<>()).add(block);
    orphanOrder.put(block.id(), block);
    orphanBytes += size;
  }

  private void forgetOrphan(Block block) {
    orphanOrder.remove(block.id());
    orphanBytes -= block.encoded().size();
    List<Block> siblings = orphans.get(block.parent());
    siblings.remove(block);
    if (siblings.isEmpty()) {
      orphans.remove(block.parent());
    }
  }

  private void holdEarly(PocWire.ContributionMessage m) {
    long size = size(m);
    if (size > MAX_EARLY_BYTES) {
      return;
    }
    while (early.size() >= MAX_EARLY || earlyBytes + size > MAX_EARLY_BYTES) {
      earlyBytes -= size(early.removeFirst());
    }
    early.addLast(m);
    earlyBytes += size;
  }

  private static long size(PocWire.ContributionMessage m) {
    return m.contribution().toProto().getSerializedSize();
  }

  private void updateMempool(ChainUpdate update) {
    for (Block b : update.reverted()) {
      for (Bytes t : b.tau().transactions()) {
        try {
          submitTransaction(SignedTransaction.decode(t));
        } catch (InvalidLedgerInputException e) {
          // It applied once, so it decodes; nothing to put back otherwise.
        }
      }
    }
    for (Block b : update.applied()) {
      for (Bytes t : b.tau().transactions()) {
        try {
          mempool.remove(SignedTransaction.decode(t).id());
        } catch (InvalidLedgerInputException e) {
          // As above.
        }
      }
    }
    // A transaction whose nonce the chain has passed (another with the same nonce landed) can never
    // apply again on this chain; kept, it would fill the mempool for good.
    mempool
        .values()
        .removeIf(
            t ->
                t.transaction().nonce()
                    < chain.state().account(t.transaction().senderAddress()).nonce());
  }

  private void newRound(long nowMillis, List<PocAction> out) {
    roundParent = chain.tipId();
    contributions.clear();
    slotMillis = chain.tipTimeMillis() + chain.parameters().blockIntervalMillis();
    roundStartMillis = nowMillis;
    timerToken++;
    takeEarlyContributions();
    if (producer.isEmpty()) {
      return;
    }
    ContributionProof own = producer.get().contribute(chain);
    try {
      chain.checkContributionForNextBlock(own);
    } catch (InvalidLedgerInputException e) {
      return; // not registered, or no bandwidth yet: no part in this round
    }
    contributions.put(own.contributor().encoded(), own);
    Bytes encoded = PocWire.contribution(roundParent, own);
    for (NodeId peer : peers) {
      out.add(new PocAction.Send(peer, encoded));
    }
    out.add(
        new PocAction.SetTimer(
            timerToken,
            Duration.ofMillis(
                Math.max(slotMillis - nowMillis, config.contributionWindow().toMillis()))));
  }

  private void takeEarlyContributions() {
    List<PocWire.ContributionMessage> held = new ArrayList<>(early);
    early.clear();
    earlyBytes = 0;
    for (PocWire.ContributionMessage m : held) {
      if (m.parent().equals(roundParent)) {
        onContribution(m.parent(), m.contribution());
      } else if (!chain.contains(m.parent())) {
        holdEarly(m);
      }
    }
  }

  @Override
  public String toString() {
    return "PocNode[" + self + ", " + chain + "]";
  }
}
