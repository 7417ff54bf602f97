package org.cybervein.benchmarks.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
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
 * A chain's genesis with registered contributors and a funded user, and block 1 built on it: the
 * winner's proof in phi, the other contributors' in tau, and {@code transfers} transfers.
 */
final class ChainWorkload {
  static final long GENESIS_TIME = 1_700_000_000_000L;
  static final Amount FEE = Amount.ofBaseUnits(1000);

  final ChainParameters parameters;
  final Genesis genesis;
  final ContractRegistry registry;
  final List<SignedTransaction> genesisTransactions = new ArrayList<>();
  final Block block;

  ChainWorkload(int log2Nodes, int storageChallenges, int contributors, int transfers) {
    long n = 1L << log2Nodes;
    PocRules rules = new PocRules(GraphParameters.DEFAULT, n, n, 8, 1_000_000);
    parameters = new ChainParameters(3, storageChallenges, Amount.ofCvt(50), 1000, 5000, 16, rules);
    registry = ContractRegistry.of(new PocContract(rules));
    DeterministicRandom random = DeterministicRandom.fromSeed(20261125);
    Ed25519PrivateKey user = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey downloader = Ed25519PrivateKey.generate(random);
    TreeMap<Address, Amount> allocations = new TreeMap<>();
    allocations.put(Address.of(user.publicKey()), Amount.ofCvt(1_000_000));
    List<Ed25519PrivateKey> keys = new ArrayList<>();
    List<SpaceProver> provers = new ArrayList<>();
    for (int i = 0; i < contributors; i++) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      SpaceProver prover =
          SpaceProver.initInMemory(PocContract.mu(key.publicKey()), n, GraphParameters.DEFAULT);
      keys.add(key);
      provers.add(prover);
      allocations.put(Address.of(key.publicKey()), Amount.ofCvt(100));
      genesisTransactions.add(
          SignedTransaction.sign(
              new Transaction(
                  key.publicKey(),
                  0,
                  FEE,
                  new ContractCall(PocContract.ID, PocContract.registerCall(prover, rules))),
              key));
      Bytes receipt =
          BandwidthReceipt.of(key.publicKey(), Hash.ZERO, 1000L * (i + 1), 0, random)
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
    Chain chain = freshChain();
    Hash challenge = chain.challengeForChildOf(chain.tipId());
    List<ContributionProof> all = new ArrayList<>();
    List<ElectionContribution> elections = new ArrayList<>();
    for (int i = 0; i < contributors; i++) {
      ContributionProof c = BlockBuilder.contribution(chain, keys.get(i), provers.get(i));
      all.add(c);
      elections.add(c.election(challenge));
    }
    int w = elections.indexOf(Election.winner(elections).orElseThrow());
    List<ContributionProof> others = new ArrayList<>(all);
    others.remove(w);
    List<SignedTransaction> txs = new ArrayList<>();
    for (int t = 0; t < transfers; t++) {
      txs.add(
          SignedTransaction.sign(
              new Transaction(
                  user.publicKey(),
                  t,
                  FEE,
                  new Transfer(
                      Address.of(keys.get(t % contributors).publicKey()),
                      Amount.ofBaseUnits(1 + t))),
              user));
    }
    try {
      block =
          BlockBuilder.build(
              chain,
              keys.get(w),
              provers.get(w),
              others,
              txs,
              GENESIS_TIME + parameters.blockIntervalMillis(),
              java.util.Optional.empty());
    } catch (InvalidLedgerInputException e) {
      throw new IllegalStateException(e);
    }
    if (block.tau().transactions().size() != transfers) {
      throw new IllegalStateException("not every transfer applied");
    }
  }

  /** A chain at genesis, as every node starts. */
  Chain freshChain() {
    try {
      return ChainGenesis.start(
          parameters, LedgerState.inMemory(genesis, registry), genesisTransactions, GENESIS_TIME);
    } catch (InvalidLedgerInputException e) {
      throw new IllegalStateException(e);
    }
  }
}
