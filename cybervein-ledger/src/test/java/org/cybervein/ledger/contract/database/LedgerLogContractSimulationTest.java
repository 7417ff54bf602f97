package org.cybervein.ledger.contract.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.consensus.pbft.Action;
import org.cybervein.consensus.pbft.LoggedOperation;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.OperationLog;
import org.cybervein.consensus.pbft.SignedUpload;
import org.cybervein.consensus.pbft.Upload;
import org.cybervein.consensus.pbft.host.ClientHost;
import org.cybervein.consensus.pbft.host.PbftNodes;
import org.cybervein.consensus.pbft.keyvalue.DbCodec;
import org.cybervein.consensus.pbft.keyvalue.DbOperation;
import org.cybervein.consensus.pbft.keyvalue.KeyValueDatabase;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.junit.jupiter.api.Test;

/**
 * PBFT replicas on the simulated network landing their logs in the ledger: each replica has its own
 * {@link LedgerLogContract} (its own account) over one shared ledger state, insertion transactions
 * go to a mempool, and a block producer applies what it selects every 20 ms of simulated time.
 * Afterwards the ledger holds exactly the logs the replicas executed, confirmed up to the last one,
 * and every insertion transaction landed (no nonce gaps), duplicates included; forged insertions an
 * outsider slips into the mempool never do.
 */
class LedgerLogContractSimulationTest {
  static final long SEED = Long.getLong("qt.seed", 0x1ED6E5L);

  @Test
  void aFullGroupLandsEveryExecutedLog() {
    run(SEED, Optional.empty());
  }

  @Test
  void logsLandWithOneReplicaDown() {
    run(SEED + 1, Optional.of(3));
  }

  @Test
  void forgedCertificatesInTheMempoolNeverLand() {
    run(SEED + 2, Optional.empty(), true);
  }

  static void run(long seed, Optional<Integer> down) {
    run(seed, down, false);
  }

  static void run(long seed, Optional<Integer> down, boolean attack) {
    System.out.println("seed " + seed);
    SimulatedNetwork net = SimulatedNetwork.builder(seed).traceCapacity(0).build();
    LedgerGroup group = new LedgerGroup(seed, 4);
    TreeMap<Long, List<LoggedOperation>> agreed = new TreeMap<>();
    List<LedgerLogContract> contracts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      LedgerLogContract contract = group.contract(i, group.queued());
      contracts.add(contract);
      net.addNode(
          group.config.node(i),
          PbftNodes.replica(
              group.config,
              i,
              group.nodeKeys.get(i),
              () -> new KeyValueDatabase(new InMemoryKeyValueStore(), Bytes.utf8("db")),
              contract,
              new InMemoryKeyValueStore(),
              h -> {},
              (Action.Executed e) -> {
                List<LoggedOperation> prior = agreed.putIfAbsent(e.sequence(), e.operations());
                assertTrue(
                    prior == null || prior.equals(e.operations()), "two logs at " + e.sequence());
              }));
    }
    down.ifPresent(i -> net.crash(group.config.node(i)));
    produceBlocksEvery(net, group, Duration.ofMillis(20), attack);

    List<ClientHost> clients = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      NodeKeys k = NodeKeys.generate(DeterministicRandom.fromSeed(seed + 100 + c));
      net.addNode(NodeId.of("client" + c), PbftNodes.client(group.config, k, 1, clients::add));
    }
    int[] done = {0};
    int ops = 8;
    for (int c = 0; c < clients.size(); c++) {
      for (int j = 0; j < ops; j++) {
        clients
            .get(c)
            .submit(
                DbCodec.encode(
                    new DbOperation.Put(Bytes.utf8("k" + c + "-" + j), Bytes.utf8("v" + j))),
                r -> done[0]++);
      }
    }
    assertTrue(net.runUntil(() -> done[0] == 2 * ops, Duration.ofSeconds(60)), "clients finished");
    long last = agreed.lastKey();
    assertTrue(
        net.runUntil(
            () -> group.mempool.isEmpty() && contracts.get(0).confirmedLogNumber() == last,
            Duration.ofSeconds(60)),
        "the ledger confirmed every executed log");

    for (Map.Entry<Long, List<LoggedOperation>> e : agreed.entrySet()) {
      OperationLog expected = new OperationLog(e.getKey(), e.getValue());
      for (LedgerLogContract c : contracts) {
        assertEquals(Optional.of(expected), c.entry(e.getKey()));
      }
      assertTrue(
          DatabaseContract.conflict(
                  key -> group.state.contractEntry(DatabaseContract.ID, key),
                  group.database,
                  e.getKey())
              .isEmpty());
    }
    assertEquals(Optional.empty(), contracts.get(0).entry(last + 1));
    long submittedTotal = 0;
    for (int i = 0; i < 4; i++) {
      long nonce = group.state.account(Address.of(group.accounts.get(i).publicKey())).nonce();
      submittedTotal += i == 0 ? nonce - 1 : nonce;
      if (down.isPresent() && down.get() == i) {
        assertEquals(0, nonce);
      }
    }
    if (attack) {
      assertEquals(0, group.state.account(Address.of(group.attacker.publicKey())).nonce());
    }
    if (attack) {
      assertEquals(0, group.state.account(Address.of(group.attacker.publicKey())).nonce());
    }
    System.out.println(
        agreed.size()
            + " logs, "
            + submittedTotal
            + " insertion transactions, "
            + group.blockIndex
            + " blocks");
    // Every log was submitted at least once, and nothing submitted was lost.
    assertTrue(
        submittedTotal >= agreed.size(), submittedTotal + " insertions for " + agreed.size());
  }

  /**
   * Every period, a block of what the producer selects from the mempool. With {@code attack}, a
   * funded outsider first adds an insertion of "evil" content for the next log, certified by the
   * Byzantine member 3 and a frame forged in member 0's name (alternately, a signer outside the
   * member list): the producer must skip exactly those.
   */
  static void produceBlocksEvery(
      SimulatedNetwork net, LedgerGroup group, Duration period, boolean attack) {
    net.schedule(
        period,
        () -> {
          int honest = group.mempool.size();
          if (attack) {
            group.mempool.add(forgedInsertion(group));
          }
          assertEquals(honest, group.produceBlock(), "honest insertions apply, forged ones do not");
          produceBlocksEvery(net, group, period, attack);
        });
  }

  static SignedTransaction forgedInsertion(LedgerGroup group) {
    long n =
        DatabaseContract.database(
                    key -> group.state.contractEntry(DatabaseContract.ID, key), group.database)
                .orElseThrow()
                .confirmedLogNumber()
            + 1;
    OperationLog evil =
        new OperationLog(
            n,
            List.of(
                new LoggedOperation(
                    NodeId.of("mallory"),
                    group.attacker.publicKey(),
                    n,
                    Bytes.utf8("drop table"))));
    int forgedIndex = n % 2 == 0 ? 0 : 4; // a member's name, or no member at all
    List<Bytes> frames =
        List.of(
            SignedUpload.sign(Upload.of(evil), 3, group.nodeKeys.get(3).signingKey()).frame(),
            SignedUpload.sign(Upload.of(evil), forgedIndex, group.outsider.signingKey()).frame());
    Address attacker = Address.of(group.attacker.publicKey());
    return SignedTransaction.sign(
        new Transaction(
            group.attacker.publicKey(),
            group.state.account(attacker).nonce(),
            LedgerGroup.FEE,
            new ContractCall(
                DatabaseContract.ID,
                new DatabaseCall.InsertLog(group.database, n, frames, evil.encode()).encode())),
        group.attacker);
  }
}
