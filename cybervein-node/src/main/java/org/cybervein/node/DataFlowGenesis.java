package org.cybervein.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.chain.ChainGenesis;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.storageproofs.poc.BandwidthReceipt;
import org.cybervein.storageproofs.pospace.SpaceProver;

/**
 * The genesis of the data flow's ledger and DAG, the {@code dataflow} section of {@code
 * cluster.conf} that {@code cybervein init} writes when the cluster has storage members: the
 * genesis time, each storage node's space in labels, the initial balances (10 CVT per storage node,
 * 100 CVT per account), the genesis transactions (each storage node's space registration, signed by
 * its key, and an initial bandwidth receipt so that its weight {@code N M} is not zero), and the
 * DAG's validators (super nodes). {@code init} holds every member's private key when it generates
 * them, which is why it, and no node, signs the genesis transactions; every node then opens the
 * same chain from the same bytes.
 *
 * @param timeMillis the genesis time
 * @param storageLabels each storage member's node count, in member order
 * @param allocations the initial balances
 * @param transactions the encoded genesis transactions, applied in order as block 0
 * @param validators the DAG validators (super nodes), a subset of the {@code dag} members
 */
record DataFlowGenesis(
    long timeMillis,
    Map<NodeId, Long> storageLabels,
    SortedMap<Address, Amount> allocations,
    List<Bytes> transactions,
    List<NodeId> validators) {
  static final Amount STORAGE_BALANCE = Amount.ofCvt(10);
  static final Amount ACCOUNT_BALANCE = Amount.ofCvt(100);

  DataFlowGenesis {
    storageLabels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(storageLabels));
    allocations = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(allocations));
    transactions = List.copyOf(transactions);
    validators = List.copyOf(validators);
    if (storageLabels.isEmpty()) {
      throw new IllegalArgumentException("the data flow needs at least one storage member");
    }
  }

  /**
   * The genesis of {@code members}' data flow at {@code timeMillis}, signed with the storage
   * members' private keys.
   */
  static DataFlowGenesis create(
      List<Member> members,
      Function<NodeId, Ed25519PrivateKey> privateKey,
      List<NodeId> validators,
      long timeMillis,
      RandomSource random) {
    Map<NodeId, Long> labels = new LinkedHashMap<>();
    SortedMap<Address, Amount> allocations = new TreeMap<>();
    List<Bytes> transactions = new ArrayList<>();
    // The signer of the initial receipts stands for downloads before the genesis; its key is
    // thrown away.
    Ed25519PrivateKey earlier = Ed25519PrivateKey.generate(random);
    for (Member m : members) {
      if (m.role() == Role.ACCOUNT) {
        allocations.put(Address.of(m.identity().signingKey()), ACCOUNT_BALANCE);
      }
      if (m.role() != Role.STORAGE) {
        continue;
      }
      long n = DataFlowLedger.labelsOf(labels.size());
      labels.put(m.id(), n);
      Ed25519PrivateKey key = privateKey.apply(m.id());
      allocations.put(Address.of(key.publicKey()), STORAGE_BALANCE);
      SpaceProver prover = prover(key, n);
      transactions.add(
          DataFlowLedger.call(
                  key, 0, PocContract.ID, PocContract.registerCall(prover, DataFlowLedger.RULES))
              .encoded());
      Bytes receipt =
          BandwidthReceipt.of(key.publicKey(), Hash.ZERO, 1 << 20, 0, random)
              .sign(EnvelopeSigner.of(earlier))
              .encode();
      transactions.add(
          DataFlowLedger.call(
                  key, 1, PocContract.ID, PocContract.recordBandwidthCall(List.of(receipt)))
              .encoded());
    }
    for (NodeId v : validators) {
      Member m =
          members.stream()
              .filter(x -> x.id().equals(v))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("validator " + v + " is no member"));
      if (m.role() != Role.DAG) {
        throw new IllegalArgumentException("validator " + v + " is not a dag member");
      }
    }
    if (validators.isEmpty() && members.stream().anyMatch(m -> m.role() == Role.DAG)) {
      throw new IllegalArgumentException(
          "dag members need at least one validator (super node): give --validator ID");
    }
    return new DataFlowGenesis(timeMillis, labels, allocations, transactions, validators);
  }

  /** The proof-of-space prover of a storage node's key and node count, as at registration. */
  static SpaceProver prover(Ed25519PrivateKey key, long labels) {
    return SpaceProver.initInMemory(PocContract.mu(key.publicKey()), labels, DataFlowLedger.GRAPH);
  }

  Genesis genesis() {
    return new Genesis(allocations, DataFlowLedger.TX_FEE);
  }

  List<SignedTransaction> signedTransactions() {
    List<SignedTransaction> out = new ArrayList<>();
    for (Bytes t : transactions) {
      try {
        out.add(SignedTransaction.decode(t));
      } catch (InvalidLedgerInputException e) {
        throw new IllegalArgumentException("dataflow genesis: a transaction does not decode", e);
      }
    }
    return out;
  }

  /** Opens (or resumes) the chain of this genesis kept in {@code store}. */
  Chain openChain(KeyValueStore store) {
    try {
      return ChainGenesis.open(
          DataFlowLedger.PARAMETERS,
          store,
          genesis(),
          DataFlowLedger.registry(),
          signedTransactions(),
          timeMillis);
    } catch (InvalidLedgerInputException e) {
      throw new IllegalArgumentException(
          "dataflow genesis: a genesis transaction does not apply: " + e.getMessage(), e);
    }
  }

  /** The {@code dataflow} section of the cluster description a member's file includes. */
  static DataFlowGenesis load(java.nio.file.Path memberFile) {
    try {
      return parse(
          com.typesafe.config.ConfigFactory.parseFile(
                  memberFile.toAbsolutePath().toFile(),
                  com.typesafe.config.ConfigParseOptions.defaults().setAllowMissing(false))
              .resolve());
    } catch (ConfigException e) {
      throw new IllegalArgumentException(memberFile + ": " + e.getMessage(), e);
    }
  }

  /** The {@code dataflow} section of {@code root}. */
  static DataFlowGenesis parse(Config root) {
    try {
      Config c = root.getConfig("dataflow");
      Map<NodeId, Long> labels = new LinkedHashMap<>();
      for (Config s : c.getConfigList("storage")) {
        labels.put(new NodeId(s.getString("id")), s.getLong("labels"));
      }
      SortedMap<Address, Amount> allocations = new TreeMap<>();
      for (Config a : c.getConfigList("allocations")) {
        allocations.put(
            new Address(Hash.fromHex(a.getString("address"))),
            Amount.ofBaseUnits(a.getLong("base-units")));
      }
      List<Bytes> txs = c.getStringList("transactions").stream().map(Bytes::fromHex).toList();
      List<NodeId> validators = c.getStringList("validators").stream().map(NodeId::new).toList();
      return new DataFlowGenesis(c.getLong("genesis-time"), labels, allocations, txs, validators);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "the cluster description has no valid dataflow section (cybervein init writes it when"
              + " there are storage members): "
              + e.getMessage(),
          e);
    }
  }

  /** This genesis as HOCON, which {@link #parse} reads back to an equal genesis. */
  String render() {
    StringBuilder s = new StringBuilder();
    s.append("# The data flow's ledger and DAG genesis (cybervein init): equal at every member.\n");
    s.append("dataflow {\n");
    s.append("  genesis-time = ").append(timeMillis).append('\n');
    s.append("  storage = [\n");
    storageLabels.forEach(
        (id, n) ->
            s.append("    { id = \"")
                .append(id.value())
                .append("\", labels = ")
                .append(n)
                .append(" }\n"));
    s.append("  ]\n  allocations = [\n");
    allocations.forEach(
        (a, amount) ->
            s.append("    { address = \"")
                .append(a.value().toHex())
                .append("\", base-units = ")
                .append(amount.baseUnits())
                .append(" }\n"));
    s.append("  ]\n  validators = [");
    s.append(String.join(", ", validators.stream().map(v -> "\"" + v.value() + "\"").toList()));
    s.append("]\n  transactions = [\n");
    for (Bytes t : transactions) {
      s.append("    \"").append(t.toHex()).append("\"\n");
    }
    s.append("  ]\n}\n");
    return s.toString();
  }
}
