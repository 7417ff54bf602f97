package org.cybervein.ledger.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.certification.DagCheckpoint;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.block.TransactionSubBlock;
import org.cybervein.ledger.chain.BlockBuilder;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.chain.ChainGenesis;
import org.cybervein.ledger.chain.ChainParameters;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.NativeContract;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.testing.PocFixtures.Contributor;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.ledger.transaction.Transfer;
import org.cybervein.storageproofs.poc.Election;
import org.cybervein.storageproofs.poc.ElectionContribution;

/**
 * A chain's genesis with registered contributors of given space and bandwidth, a funded user for
 * transfers, and helpers that build the winning block of each round.
 */
public final class ChainFixture {
  /** The genesis time. */
  public static final long GENESIS_TIME = 1_700_000_000_000L;

  /** The minimum fee. */
  public static final Amount FEE = Amount.ofBaseUnits(1000);

  public final ChainParameters parameters;
  public final List<Contributor> contributors = new ArrayList<>();
  public final Ed25519PrivateKey user;
  public final Ed25519PrivateKey downloader;
  public final Genesis genesis;
  public final List<SignedTransaction> genesisTransactions = new ArrayList<>();
  private final List<NativeContract> moreContracts;
  private long userNonce;
  private Hash genesisRoot;

  /** Contributors with these node counts and recorded bandwidths. */
  public ChainFixture(ChainParameters parameters, long seed, long[] nodeCounts, long[] bandwidths) {
    this(parameters, seed, nodeCounts, bandwidths, List.of());
  }

  /** As the other constructor, with more native contracts beside the poc contract. */
  public ChainFixture(
      ChainParameters parameters,
      long seed,
      long[] nodeCounts,
      long[] bandwidths,
      List<NativeContract> moreContracts) {
    this.parameters = parameters;
    this.moreContracts = List.copyOf(moreContracts);
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    user = Ed25519PrivateKey.generate(random);
    downloader = Ed25519PrivateKey.generate(random);
    TreeMap<Address, Amount> allocations = new TreeMap<>();
    allocations.put(Address.of(user.publicKey()), Amount.ofCvt(1_000_000));
    for (int i = 0; i < nodeCounts.length; i++) {
      Contributor c = PocFixtures.contributor(random, nodeCounts[i]);
      contributors.add(c);
      allocations.put(Address.of(c.key().publicKey()), Amount.ofCvt(1000));
      genesisTransactions.add(
          SignedTransaction.sign(
              new Transaction(
                  c.key().publicKey(), 0, FEE, new ContractCall(PocContract.ID, c.registerCall())),
              c.key()));
      genesisTransactions.add(
          SignedTransaction.sign(
              new Transaction(
                  c.key().publicKey(),
                  1,
                  FEE,
                  new ContractCall(
                      PocContract.ID,
                      PocContract.recordBandwidthCall(
                          PocFixtures.receipts(c, downloader, bandwidths[i], 0, 1, seed + i)))),
              c.key()));
    }
    genesis = new Genesis(allocations, FEE);
  }

  /** The registry every node of the chain uses. */
  public ContractRegistry registry() {
    List<NativeContract> all = new ArrayList<>(moreContracts);
    all.add(new PocContract(parameters.poc()));
    return ContractRegistry.of(all);
  }

  /** A fresh node's chain at genesis. */
  public Chain newChain() {
    return newChain(new InMemoryKeyValueStore());
  }

  /** A fresh node's chain at genesis, its state in {@code store} (empty). */
  public Chain newChain(KeyValueStore store) {
    try {
      return ChainGenesis.start(
          parameters,
          LedgerState.open(store, genesis, registry()),
          genesisTransactions,
          GENESIS_TIME);
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError("genesis transactions must apply", e);
    }
  }

  /** A node's chain kept in {@code store}: started on an empty store, resumed otherwise. */
  public Chain openChain(KeyValueStore store) {
    try {
      return ChainGenesis.open(
          parameters, store, genesis, registry(), genesisTransactions, GENESIS_TIME);
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError("genesis transactions must apply", e);
    }
  }

  /**
   * A copy of {@code good} that lies about its state root, signed by its own contributor: the same
   * id and links, refused only when applied ({@code BAD_STATE_ROOT}).
   *
   * @param previousSigmaDigest the parent's sigma digest ({@link Chain#sigmaDigestOf})
   */
  public Block lyingCopy(Block good, Hash previousSigmaDigest) {
    TransactionSubBlock t = good.tau();
    for (Contributor c : contributors) {
      if (c.key().publicKey().equals(good.contributor())) {
        return Block.sign(
            good.phi(),
            new TransactionSubBlock(
                t.index(),
                t.timeMillis(),
                t.transactions(),
                t.contributions(),
                Hash.ZERO,
                t.checkpoint()),
            previousSigmaDigest,
            c.key());
      }
    }
    throw new AssertionError("not a contributor's block");
  }

  /**
   * Asserts that two nodes hold the same best chain: tip, height, quality, every best block, state
   * root, supply and the balances and nonces of the user and every contributor.
   */
  public void assertSameChain(Chain expected, Chain actual) {
    assertEquals(expected.genesisId(), actual.genesisId(), "genesis");
    assertEquals(expected.tipId(), actual.tipId(), "tip");
    assertEquals(expected.height(), actual.height(), "height");
    assertEquals(expected.totalQuality(), actual.totalQuality(), "quality");
    assertEquals(expected.bestChain(), actual.bestChain(), "best chain");
    assertEquals(expected.tipTimeMillis(), actual.tipTimeMillis(), "tip time");
    assertEquals(expected.state().root(), actual.state().root(), "state root");
    assertEquals(expected.state().totalSupply(), actual.state().totalSupply(), "supply");
    List<Address> accounts = new ArrayList<>();
    accounts.add(Address.of(user.publicKey()));
    for (Contributor c : contributors) {
      accounts.add(Address.of(c.key().publicKey()));
    }
    for (Address a : accounts) {
      assertEquals(expected.state().account(a), actual.state().account(a), "account " + a);
    }
  }

  /** The state root a chain's tip claims (the genesis root at genesis). */
  public Hash tipRoot(Chain chain) {
    return chain.block(chain.tipId()).map(b -> b.tau().stateRoot()).orElse(genesisRoot());
  }

  /** The state root of this fixture's genesis, after the genesis transactions. */
  public Hash genesisRoot() {
    if (genesisRoot == null) {
      genesisRoot = newChain().state().root();
    }
    return genesisRoot;
  }

  /** A transfer from the user, with the user's next nonce. */
  public SignedTransaction transfer(Address to, long baseUnits) {
    return SignedTransaction.sign(
        new Transaction(
            user.publicKey(), userNonce++, FEE, new Transfer(to, Amount.ofBaseUnits(baseUnits))),
        user);
  }

  /** Resets the user's nonce, for building a second branch from genesis. */
  public void resetUserNonce(long nonce) {
    userNonce = nonce;
  }

  /** The index of the round's winner among {@code among} on the chain's tip. */
  public int winner(Chain chain, List<Integer> among) {
    List<ElectionContribution> elections = new ArrayList<>();
    for (int i : among) {
      elections.add(contribution(chain, i).election(chain.challengeForChildOf(chain.tipId())));
    }
    ElectionContribution w = Election.winner(elections).orElseThrow();
    return among.get(elections.indexOf(w));
  }

  /** Contributor {@code i}'s contribution to the round on the chain's tip. */
  public ContributionProof contribution(Chain chain, int i) {
    Contributor c = contributors.get(i);
    return BlockBuilder.contribution(chain, c.key(), c.prover());
  }

  /** The winning block among {@code among} with these transactions, one interval after the tip. */
  public Block nextBlock(Chain chain, List<Integer> among, List<SignedTransaction> transactions) {
    return nextBlock(chain, among, transactions, Optional.empty());
  }

  /** As {@link #nextBlock(Chain, List, List)}, carrying a DAG checkpoint. */
  public Block nextBlock(
      Chain chain,
      List<Integer> among,
      List<SignedTransaction> transactions,
      Optional<DagCheckpoint> checkpoint) {
    int w = winner(chain, among);
    List<ContributionProof> others = new ArrayList<>();
    for (int i : among) {
      if (i != w) {
        others.add(contribution(chain, i));
      }
    }
    Contributor c = contributors.get(w);
    try {
      return BlockBuilder.build(
          chain,
          c.key(),
          c.prover(),
          others,
          transactions,
          chain.tipTimeMillis() + parameters.blockIntervalMillis(),
          checkpoint);
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError(e);
    }
  }

  /** Builds and submits {@code count} blocks among {@code among}; returns them. */
  public List<Block> extend(Chain chain, List<Integer> among, int count, int transfersEach) {
    List<Block> out = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      List<SignedTransaction> txs = new ArrayList<>();
      for (int t = 0; t < transfersEach; t++) {
        txs.add(
            transfer(
                Address.of(contributors.get(t % contributors.size()).key().publicKey()), 1 + t));
      }
      Block block = nextBlock(chain, among, txs);
      try {
        chain.submit(block, block.tau().timeMillis());
      } catch (InvalidLedgerInputException e) {
        throw new AssertionError("a built block must be accepted", e);
      }
      out.add(block);
    }
    return out;
  }

  /** Indices 0 .. n-1. */
  public List<Integer> all() {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < contributors.size(); i++) {
      l.add(i);
    }
    return l;
  }
}
