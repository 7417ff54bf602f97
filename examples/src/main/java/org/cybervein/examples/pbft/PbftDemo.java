package org.cybervein.examples.pbft;

import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.LatencyDistribution;
import org.cybervein.api.sim.LinkConditions;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.consensus.pbft.AuthMode;
import org.cybervein.consensus.pbft.LoggedOperation;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.OperationLog;
import org.cybervein.consensus.pbft.PeerIdentity;
import org.cybervein.consensus.pbft.ReplicaConfig;
import org.cybervein.consensus.pbft.host.ClientHost;
import org.cybervein.consensus.pbft.host.PbftNodes;
import org.cybervein.consensus.pbft.host.ReplicaHost;
import org.cybervein.consensus.pbft.keyvalue.DbCodec;
import org.cybervein.consensus.pbft.keyvalue.DbOperation;
import org.cybervein.consensus.pbft.keyvalue.DbResult;
import org.cybervein.consensus.pbft.keyvalue.InvalidDatabaseInputException;
import org.cybervein.consensus.pbft.keyvalue.KeyValueDatabase;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.database.DatabaseCall;
import org.cybervein.ledger.contract.database.DatabaseContract;
import org.cybervein.ledger.contract.database.DatabaseId;
import org.cybervein.ledger.contract.database.LedgerLogContract;
import org.cybervein.ledger.contract.database.Member;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;

/**
 * The PBFT scene: four member nodes replicate a key-value database for one client on the simulated
 * network. Midway the primary crashes; the backups change view, the new primary carries on, and
 * every write the client made completes. The agreed operation log is printed as it lands in the
 * ledger's database management contract, each log n once f + 1 members' signed UPLOADs are in (each
 * member pays the fee of its insertion transaction; a repeat of a held log changes nothing).
 */
public final class PbftDemo {
  private static final int REPLICAS = 4;
  private static final int WRITES = 12;
  private static final int CRASH_AFTER = 5;
  private static final Amount FEE = Amount.ofBaseUnits(1_000);

  private PbftDemo() {}

  /**
   * Runs the scene for {@code seed}, printing to {@code out}.
   *
   * @return true if every write completed, a view change happened, and the contract holds a log for
   *     every write
   */
  public static boolean run(long seed, PrintStream out) {
    SimulatedNetwork network =
        SimulatedNetwork.builder(seed)
            .defaultLink(
                LinkConditions.reliable(
                        LatencyDistribution.uniform(Duration.ofMillis(1), Duration.ofMillis(8)))
                    .withDropProbability(0.02))
            .traceCapacity(0)
            .build();
    DeterministicRandom keyRandom = DeterministicRandom.fromSeed(seed);
    List<NodeKeys> keys = new ArrayList<>();
    List<PeerIdentity> members = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      NodeKeys k = NodeKeys.generate(keyRandom);
      keys.add(k);
      members.add(k.identity(new NodeId("member-" + i)));
    }
    NodeKeys clientKeys = NodeKeys.generate(keyRandom);
    ReplicaConfig config =
        ReplicaConfig.of(members, AuthMode.MAC_AUTHENTICATORS).withCheckpoints(4, 16);
    // The database lives on the ledger: member i is (account i, node key i); the database
    // management contract lands each log once f + 1 members' signed UPLOADs are in.
    List<Ed25519PrivateKey> accounts = new ArrayList<>();
    List<Member> dbMembers = new ArrayList<>();
    TreeMap<Address, Amount> allocations = new TreeMap<>();
    for (int i = 0; i < REPLICAS; i++) {
      Ed25519PrivateKey account = Ed25519PrivateKey.generate(keyRandom);
      accounts.add(account);
      allocations.put(Address.of(account.publicKey()), Amount.ofCvt(10));
      dbMembers.add(
          new Member(Address.of(account.publicKey()), keys.get(i).signingKey().publicKey()));
    }
    LedgerState ledger =
        LedgerState.inMemory(
            new Genesis(allocations, FEE), ContractRegistry.of(new DatabaseContract()));
    Ed25519PrivateKey creator = accounts.get(0);
    DatabaseId database = DatabaseId.of(Address.of(creator.publicKey()), "orders");
    Address producer = Address.of(Ed25519PrivateKey.generate(keyRandom).publicKey());
    long[] blocks = {0};
    long[] landed = {0};
    LedgerLogContract.TransactionSubmitter chain =
        tx -> {
          // Stands in for the chain: each insertion is applied in a block of its own.
          blocks[0]++;
          ledger.apply(
              new BlockContext(
                  blocks[0],
                  Duration.between(Instant.EPOCH, network.now()).toMillis(),
                  Amount.ZERO,
                  List.of(new RewardShare(producer, BigInteger.ONE))),
              List.of(tx));
          LedgerLogContract reader = new LedgerLogContract(ledger, database, creator, FEE, t -> {});
          while (reader.entry(landed[0] + 1).isPresent()) {
            landed[0]++;
            out.println(
                at(network)
                    + "contract (ledger block "
                    + blocks[0]
                    + "): log "
                    + describe(reader.entry(landed[0]).orElseThrow()));
          }
        };
    try {
      chain.submit(
          SignedTransaction.sign(
              new Transaction(
                  creator.publicKey(),
                  0,
                  FEE,
                  new ContractCall(
                      DatabaseContract.ID, new DatabaseCall.Create("orders", dbMembers).encode())),
              creator));
    } catch (InvalidLedgerInputException e) {
      out.println("FAILED: the database could not be created: " + e.getMessage());
      return false;
    }

    out.println(
        "members "
            + members.stream().map(m -> m.node().value()).toList()
            + ", f = "
            + config.f()
            + ", primary of view 0: "
            + config.node(config.primary(0)).value());

    ReplicaHost[] hosts = new ReplicaHost[REPLICAS];
    for (int i = 0; i < REPLICAS; i++) {
      int index = i;
      network.addNode(
          config.node(i),
          PbftNodes.replica(
              config,
              i,
              keys.get(i),
              () -> new KeyValueDatabase(new InMemoryKeyValueStore(), Bytes.utf8("orders")),
              new LedgerLogContract(ledger, database, accounts.get(i), FEE, chain),
              new InMemoryKeyValueStore(),
              host -> hosts[index] = host,
              executed -> {}));
    }
    ClientHost[] client = new ClientHost[1];
    NodeId clientId = new NodeId("client");
    network.addNode(clientId, PbftNodes.client(config, clientKeys, 1, host -> client[0] = host));

    int[] done = {0};
    boolean[] crashed = {false};
    long[] highestView = {0};
    network.addInvariant(
        () -> {
          for (int i = 0; i < REPLICAS; i++) {
            if (hosts[i] != null && network.isUp(config.node(i))) {
              long v = hosts[i].replica().view();
              if (v > highestView[0]) {
                highestView[0] = v;
                out.println(
                    at(network)
                        + config.node(i).value()
                        + " entered view "
                        + v
                        + "; primary is now "
                        + config.node(config.primary(v)).value());
              }
            }
          }
        });
    for (int w = 0; w < WRITES; w++) {
      DbOperation op =
          new DbOperation.Put(Bytes.utf8("order-" + w), Bytes.utf8("qty=" + (w + 1) * 10));
      client[0].submit(
          DbCodec.encode(op),
          result -> {
            done[0]++;
            out.println(at(network) + "client: " + show(op) + " -> " + showResult(result));
            if (done[0] == CRASH_AFTER && !crashed[0]) {
              crashed[0] = true;
              NodeId primary = config.node(config.primary(highestView[0]));
              network.crash(primary);
              out.println(at(network) + "*** " + primary.value() + " (the primary) crashes ***");
            }
          });
    }
    boolean completed = network.runUntil(() -> done[0] == WRITES, Duration.ofSeconds(60));
    // Let the last uploads reach the contract.
    network.runFor(Duration.ofMillis(500));
    LedgerLogContract reader = new LedgerLogContract(ledger, database, creator, FEE, t -> {});
    long confirmed = reader.confirmedLogNumber();
    int logged = 0;
    for (long n = 1; n <= confirmed; n++) {
      logged += reader.entry(n).orElseThrow().operations().size();
    }
    boolean ok = completed && highestView[0] > 0 && logged >= WRITES;
    out.println(
        (ok ? "OK" : "FAILED")
            + ": "
            + done[0]
            + "/"
            + WRITES
            + " writes completed, view "
            + highestView[0]
            + ", "
            + confirmed
            + " logs holding "
            + logged
            + " operations confirmed in the ledger's database contract");
    return ok;
  }

  private static String at(SimulatedNetwork network) {
    long ms = Duration.between(Instant.EPOCH, network.now()).toMillis();
    return String.format("[%6d ms] ", ms);
  }

  private static String describe(OperationLog upload) {
    StringBuilder s = new StringBuilder("n=" + upload.sequence() + ":");
    if (upload.operations().isEmpty()) {
      s.append(" (null request from a view change)");
    }
    for (LoggedOperation op : upload.operations()) {
      s.append(" <t=").append(op.timestamp()).append(", ");
      try {
        s.append(show(DbCodec.decodeOperation(op.operation())));
      } catch (InvalidDatabaseInputException e) {
        s.append("undecodable ").append(op.operation());
      }
      s.append(">");
    }
    return s.toString();
  }

  private static String show(DbOperation op) {
    if (op instanceof DbOperation.Put put) {
      return "PUT " + text(put.key()) + "=" + text(put.value());
    }
    return op.toString();
  }

  private static String text(Bytes bytes) {
    return new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String showResult(Bytes encoded) {
    try {
      DbResult r = DbCodec.decodeResult(encoded);
      return r.status() + r.value().map(v -> " (was " + text(v) + ")").orElse("");
    } catch (InvalidDatabaseInputException e) {
      return "undecodable result";
    }
  }
}
