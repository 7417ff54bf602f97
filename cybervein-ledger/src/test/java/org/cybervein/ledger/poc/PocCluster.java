package org.cybervein.ledger.poc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.LatencyDistribution;
import org.cybervein.api.sim.LinkConditions;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.chain.ChainGenesis;
import org.cybervein.ledger.chain.ChainParameters;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.NativeContract;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.contract.poc.PocRules;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.storageproofs.poc.BandwidthReceipt;
import org.cybervein.storageproofs.pospace.GraphParameters;
import org.cybervein.storageproofs.pospace.SpaceProver;

/**
 * Contributor nodes of different space and bandwidth on the simulated network, all registered at
 * genesis, each running a {@link PocNode} through a {@link PocHost}.
 */
final class PocCluster {
  static final long GENESIS_TIME = 1_700_000_000_000L;
  static final Amount FEE = Amount.ofBaseUnits(1000);
  static final GraphParameters GRAPH =
      new GraphParameters(4, 4, 4, GraphParameters.DEFAULT_GRAPH_SEED);
  static final PocRules RULES = new PocRules(GRAPH, 1 << 9, 1 << 13, 4, 1_000_000_000L);
  static final ChainParameters PARAMETERS =
      new ChainParameters(3, 6, Amount.ofCvt(50), 1000, 2000, 16, RULES);

  final SimulatedNetwork network;
  final List<NodeId> ids = new ArrayList<>();
  final List<Ed25519PrivateKey> keys = new ArrayList<>();
  final List<PocNode> nodes = new ArrayList<>();
  final List<PocHost> hosts = new ArrayList<>();
  final List<SpaceProver> provers = new ArrayList<>();
  final long[] space;
  final long[] bandwidth;
  final Amount initialSupply;

  PocCluster(long seed, long[] nodeCounts, long[] bandwidths) {
    this(
        seed,
        nodeCounts,
        bandwidths,
        LinkConditions.reliable(
            LatencyDistribution.uniform(Duration.ofMillis(5), Duration.ofMillis(40))));
  }

  PocCluster(long seed, long[] nodeCounts, long[] bandwidths, LinkConditions link) {
    this(seed, nodeCounts, bandwidths, link, PocConfig.DEFAULT, List.of());
  }

  /** A cluster whose nodes use {@code config} and run {@code extraContracts} besides poc. */
  PocCluster(
      long seed,
      long[] nodeCounts,
      long[] bandwidths,
      LinkConditions link,
      PocConfig config,
      List<NativeContract> extraContracts) {
    this.space = nodeCounts.clone();
    this.bandwidth = bandwidths.clone();
    network =
        SimulatedNetwork.builder(seed)
            .start(Instant.ofEpochMilli(GENESIS_TIME))
            .traceCapacity(0)
            .defaultLink(link)
            .build();
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    Ed25519PrivateKey downloader = Ed25519PrivateKey.generate(random);
    TreeMap<Address, Amount> allocations = new TreeMap<>();
    List<SignedTransaction> genesisTxs = new ArrayList<>();
    for (int i = 0; i < nodeCounts.length; i++) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      SpaceProver prover =
          SpaceProver.initInMemory(PocContract.mu(key.publicKey()), nodeCounts[i], GRAPH);
      keys.add(key);
      provers.add(prover);
      ids.add(NodeId.of(String.format("poc-%02d", i)));
      allocations.put(Address.of(key.publicKey()), Amount.ofCvt(100));
      genesisTxs.add(
          SignedTransaction.sign(
              new Transaction(
                  key.publicKey(),
                  0,
                  FEE,
                  new ContractCall(PocContract.ID, PocContract.registerCall(prover, RULES))),
              key));
      Bytes receipt =
          BandwidthReceipt.of(key.publicKey(), Hash.ZERO, bandwidths[i], 0, random)
              .sign(EnvelopeSigner.of(downloader))
              .encode();
      genesisTxs.add(
          SignedTransaction.sign(
              new Transaction(
                  key.publicKey(),
                  1,
                  FEE,
                  new ContractCall(
                      PocContract.ID, PocContract.recordBandwidthCall(List.of(receipt)))),
              key));
    }
    Genesis genesis = new Genesis(allocations, FEE);
    initialSupply = genesis.initialSupply();
    List<NativeContract> contracts = new ArrayList<>(extraContracts);
    contracts.add(new PocContract(RULES));
    ContractRegistry registry = ContractRegistry.of(contracts);
    for (int i = 0; i < nodeCounts.length; i++) {
      Chain chain;
      try {
        chain =
            ChainGenesis.start(
                PARAMETERS, LedgerState.inMemory(genesis, registry), genesisTxs, GENESIS_TIME);
      } catch (InvalidLedgerInputException e) {
        throw new AssertionError(e);
      }
      List<NodeId> peers = new ArrayList<>(ids);
      peers.remove(ids.get(i));
      PocNode node =
          new PocNode(
              ids.get(i),
              peers,
              chain,
              Optional.of(new BlockProducer(keys.get(i), provers.get(i))),
              config);
      nodes.add(node);
      hosts.add(null);
    }
    for (int i = 0; i < nodes.size(); i++) {
      int index = i;
      network.addNode(
          ids.get(i),
          ctx -> hosts.set(index, new PocHost(nodes.get(index), ctx.transport(), ctx.clock())));
    }
  }

  /**
   * Crashes node {@code i} now and restarts it after {@code downtime}; its chain survives (as a
   * durable store would), its timers and messages in flight do not.
   */
  void crashAndRestart(int i, Duration downtime) {
    network.crash(ids.get(i));
    network.schedule(
        downtime,
        () -> {
          network.restart(ids.get(i));
          hosts.get(i).start();
        });
  }

  void startAll() {
    for (PocHost h : hosts) {
      network.schedule(Duration.ZERO, h::start);
    }
  }

  /** Index of the contributor that produced the block with this contributor key. */
  int producerIndex(org.cybervein.api.PublicKey key) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).publicKey().equals(key)) {
        return i;
      }
    }
    throw new AssertionError("unknown producer");
  }
}
