package org.cybervein.lightclient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.chain.BlockBuilder;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.chain.ChainGenesis;
import org.cybervein.ledger.chain.ChainParameters;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.contract.poc.PocRules;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.ledger.transaction.Transfer;
import org.cybervein.storageproofs.poc.BandwidthReceipt;
import org.cybervein.storageproofs.poc.Election;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.pospace.GraphParameters;
import org.cybervein.storageproofs.pospace.SpaceProver;

/**
 * Real chains of the full node (cybervein-ledger) for the light client to follow: registered
 * contributors of small proofs of space, bandwidth recorded at genesis, a funded user for
 * transfers, and the header updates (block plus the winner's weight entries proved under the
 * parent's root) a relayer would send. Deterministic from its seed.
 */
final class LedgerChains {
  static final long GENESIS_TIME = 1_700_000_000_000L;
  static final Amount FEE = Amount.ofBaseUnits(1000);
  static final GraphParameters GRAPH =
      new GraphParameters(4, 4, 4, GraphParameters.DEFAULT_GRAPH_SEED);

  /** Windows of 4 blocks, so blocks 4 to 7 read the window before too. */
  static final PocRules RULES = new PocRules(GRAPH, 1 << 9, 1 << 12, 4, 4);

  static final ChainParameters PARAMETERS =
      new ChainParameters(3, 6, Amount.ofCvt(50), 1000, 5000, 16, RULES);

  static final LightClientParameters CLIENT =
      new LightClientParameters(
          PARAMETERS.challengeLag(),
          PARAMETERS.storageChallenges(),
          PARAMETERS.blockIntervalMillis(),
          PARAMETERS.maxClockDriftMillis(),
          RULES.graph(),
          RULES.minNodeCount(),
          RULES.maxNodeCount(),
          RULES.windowBlocks(),
          8);

  record Contributor(Ed25519PrivateKey key, SpaceProver prover) {}

  final List<Contributor> contributors = new ArrayList<>();
  final Ed25519PrivateKey user;
  private final Genesis genesis;
  private final List<SignedTransaction> genesisTransactions = new ArrayList<>();
  private long userNonce;

  LedgerChains(long seed, long[] nodeCounts, long[] bandwidths) {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    user = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey downloader = Ed25519PrivateKey.generate(random);
    TreeMap<Address, Amount> allocations = new TreeMap<>();
    allocations.put(Address.of(user.publicKey()), Amount.ofCvt(1_000_000));
    for (int i = 0; i < nodeCounts.length; i++) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      Contributor c =
          new Contributor(
              key, SpaceProver.initInMemory(PocContract.mu(key.publicKey()), nodeCounts[i], GRAPH));
      contributors.add(c);
      allocations.put(Address.of(key.publicKey()), Amount.ofCvt(1000));
      genesisTransactions.add(
          SignedTransaction.sign(
              new Transaction(
                  key.publicKey(),
                  0,
                  FEE,
                  new ContractCall(PocContract.ID, PocContract.registerCall(c.prover(), RULES))),
              key));
      Bytes receipt =
          BandwidthReceipt.of(
                  key.publicKey(),
                  Hash.ZERO,
                  bandwidths[i],
                  0,
                  DeterministicRandom.fromSeed(seed + i))
              .sign(EnvelopeSigner.of(downloader))
              .encode();
      genesisTransactions.add(
          SignedTransaction.sign(
              new Transaction(
                  key.publicKey(),
                  1,
                  FEE,
                  new ContractCall(
                      PocContract.ID, PocContract.recordBandwidthCall(List.of(receipt)))),
              key));
    }
    genesis = new Genesis(allocations, FEE);
  }

  /** Four contributors of different space and bandwidth. */
  static LedgerChains standard() {
    return new LedgerChains(
        42, new long[] {1 << 10, 1 << 11, 1 << 10, 1 << 11}, new long[] {4000, 1000, 3000, 2000});
  }

  Chain newChain() {
    try {
      return ChainGenesis.start(
          PARAMETERS,
          LedgerState.open(
              new InMemoryKeyValueStore(), genesis, ContractRegistry.of(new PocContract(RULES))),
          genesisTransactions,
          GENESIS_TIME);
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError("genesis transactions must apply", e);
    }
  }

  private Hash genesisRoot;

  /** The state root after genesis. */
  Hash genesisRoot() {
    if (genesisRoot == null) {
      genesisRoot = newChain().state().root();
    }
    return genesisRoot;
  }

  /** A client trusting this chain's genesis. */
  LightClientState newClient() {
    return LightClient.initialise(CLIENT, genesisRoot(), GENESIS_TIME);
  }

  void resetUserNonce() {
    userNonce = 0;
  }

  ContributionProof contribution(Chain chain, int i) {
    Contributor c = contributors.get(i);
    return BlockBuilder.contribution(chain, c.key(), c.prover());
  }

  int winner(Chain chain, List<Integer> among) {
    Hash challenge = chain.challengeForChildOf(chain.tipId());
    List<ElectionContribution> elections = new ArrayList<>();
    for (int i : among) {
      elections.add(contribution(chain, i).election(challenge));
    }
    return among.get(elections.indexOf(Election.winner(elections).orElseThrow()));
  }

  /** The winning block of the round among {@code among} on the tip, with some transfers. */
  Block nextBlock(Chain chain, List<Integer> among, int transfers) {
    int w = winner(chain, among);
    List<ContributionProof> others = new ArrayList<>();
    for (int i : among) {
      if (i != w) {
        others.add(contribution(chain, i));
      }
    }
    List<SignedTransaction> txs = new ArrayList<>();
    for (int t = 0; t < transfers; t++) {
      txs.add(
          SignedTransaction.sign(
              new Transaction(
                  user.publicKey(),
                  userNonce++,
                  FEE,
                  new Transfer(
                      Address.of(contributors.get(t % contributors.size()).key().publicKey()),
                      Amount.ofBaseUnits(1 + t))),
              user));
    }
    Contributor c = contributors.get(w);
    try {
      return BlockBuilder.build(
          chain,
          c.key(),
          c.prover(),
          others,
          txs,
          chain.tipTimeMillis() + PARAMETERS.blockIntervalMillis(),
          Optional.empty());
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError(e);
    }
  }

  /** Builds and submits {@code count} blocks; returns them. */
  List<Block> extend(Chain chain, List<Integer> among, int count, int transfers) {
    List<Block> out = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      Block block = nextBlock(chain, among, transfers);
      try {
        chain.submit(block, block.tau().timeMillis());
      } catch (InvalidLedgerInputException e) {
        throw new AssertionError("a built block must be accepted", e);
      }
      out.add(block);
    }
    return out;
  }

  List<Integer> all() {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < contributors.size(); i++) {
      l.add(i);
    }
    return l;
  }

  /** The state root after the parent of {@code block}, as a node of {@code chain} knows it. */
  Hash parentRoot(Chain chain, Block block) {
    // A block naming an unknown parent gets the entries of the best block below it.
    Optional<Block> parent = chain.block(block.parent());
    if (parent.isEmpty() && block.index() > 1) {
      parent = chain.bestBlockAt(block.index() - 1);
    }
    return parent.map(b -> b.tau().stateRoot()).orElse(genesisRoot());
  }

  /** The header update of {@code block}, its weight entries read from {@code chain}. */
  HeaderUpdate update(Chain chain, Block block) {
    return update(chain, block, parentRoot(chain, block));
  }

  /** The entry and its proof for {@code key} under {@code root}, from the full node's state. */
  static ProvenEntry prove(Chain chain, Hash root, Hash key) {
    return new ProvenEntry(
        chain.state().valueAt(root, key), chain.state().prove(root, key).encode());
  }

  /**
   * The header update a relayer sends for {@code block}: the block and its winner's weight entries
   * under {@code parentRoot}, read from {@code chain}'s state (which holds every earlier root).
   */
  static HeaderUpdate update(Chain chain, Block block, Hash parentRoot) {
    var contributor = block.contributor();
    long w = CLIENT.window(block.index());
    return new HeaderUpdate(
        block.encoded(),
        prove(chain, parentRoot, LedgerStateKeys.pocRegistration(contributor)),
        prove(chain, parentRoot, LedgerStateKeys.pocBandwidth(contributor, w)),
        prove(chain, parentRoot, LedgerStateKeys.pocBandwidth(contributor, Math.max(0, w - 1))));
  }
}
