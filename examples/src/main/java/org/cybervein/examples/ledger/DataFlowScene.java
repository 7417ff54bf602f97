package org.cybervein.examples.ledger;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.chain.ChainGenesis;
import org.cybervein.ledger.chain.ChainParameters;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.dataset.DataSetCall;
import org.cybervein.ledger.contract.dataset.DataSetContract;
import org.cybervein.ledger.contract.dataset.DataSetFees;
import org.cybervein.ledger.contract.dataset.DataSetId;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.contract.poc.PocRules;
import org.cybervein.ledger.poc.BlockProducer;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.StateKeys;
import org.cybervein.ledger.state.StateProof;
import org.cybervein.ledger.state.StateValues;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.poc.BandwidthReceipt;
import org.cybervein.storageproofs.poc.Election;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.pospace.GraphParameters;
import org.cybervein.storageproofs.pospace.SpaceProver;
import org.cybervein.storageproofs.taglist.ShardAudit;
import org.cybervein.storageproofs.taglist.ShardAuditChallenge;
import org.cybervein.storageproofs.taglist.ShardAuditResponse;
import org.cybervein.storageproofs.taglist.ShardedFile;
import org.cybervein.storageproofs.taglist.TagList;
import org.cybervein.store.lmdb.LmdbKeyValueStore;

/**
 * The whitepaper's data flow on the blockchain layer: an uploader registers a data set and pays the
 * upload fee, a storage node passes an audit of the file, a downloader pays the download fee and
 * receives an access grant the storage node checks, the storage node records the bandwidth it
 * served, and each block is won by the contributor whose proof of space and bandwidth wins the
 * round; the reward and the fees are split among the round's contributions. Three contributor nodes
 * each keep their own chain and validate every block from its bytes; a light client checks a
 * balance and the grant against the last block's state root.
 */
public final class DataFlowScene {
  private static final GraphParameters GRAPH =
      new GraphParameters(4, 4, 4, GraphParameters.DEFAULT_GRAPH_SEED);
  private static final PocRules RULES = new PocRules(GRAPH, 1 << 9, 1 << 13, 4, 1_000_000);
  private static final Amount REWARD = Amount.ofCvt(50);
  private static final ChainParameters PARAMETERS =
      new ChainParameters(3, 6, REWARD, 1000, 5000, 16, RULES);
  private static final Amount TX_FEE = Amount.ofBaseUnits(100_000);
  private static final DataSetFees FEES =
      new DataSetFees(Amount.ofCvt(1), Amount.ofCvt(2), 2_000); // network fee 20 %
  private static final Amount DOWNLOAD_FEE = Amount.ofCvt(10);
  private static final long GENESIS_TIME = 1_700_000_000_000L;
  private static final long[] LABELS = {1 << 10, 1 << 11, 1 << 12};

  private DataFlowScene() {}

  /**
   * Runs the scene.
   *
   * @return true if every step did what the whitepaper says and all nodes agree
   */
  public static boolean run(long seed, PrintStream out) {
    Path dir;
    try {
      dir = Files.createTempDirectory("cybervein-ledger-demo");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<LmdbKeyValueStore> opened = new ArrayList<>();
    try {
      return play(seed, out, dir, opened);
    } catch (InvalidLedgerInputException e) {
      out.println("unexpected ledger rejection: " + e.reason() + ": " + e.getMessage());
      return false;
    } catch (InvalidStorageProofException e) {
      out.println("unexpected storage rejection: " + e.reason() + ": " + e.getMessage());
      return false;
    } finally {
      opened.forEach(LmdbKeyValueStore::close);
      delete(dir);
    }
  }

  private static boolean play(long seed, PrintStream out, Path dir, List<LmdbKeyValueStore> opened)
      throws InvalidLedgerInputException, InvalidStorageProofException {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    Ed25519PrivateKey uploader = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey downloader = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey outsider = Ed25519PrivateKey.generate(random);
    List<Ed25519PrivateKey> nodeKeys = new ArrayList<>();
    List<SpaceProver> provers = new ArrayList<>();
    List<BlockProducer> producers = new ArrayList<>();
    for (long labels : LABELS) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      SpaceProver prover = SpaceProver.initInMemory(PocContract.mu(key.publicKey()), labels, GRAPH);
      nodeKeys.add(key);
      provers.add(prover);
      producers.add(new BlockProducer(key, prover));
    }

    // Genesis: balances, and each storage node's space registration and earlier bandwidth.
    TreeMap<Address, Amount> allocations = new TreeMap<>();
    allocations.put(address(uploader), Amount.ofCvt(100));
    allocations.put(address(downloader), Amount.ofCvt(100));
    allocations.put(address(outsider), Amount.ofCvt(100));
    List<SignedTransaction> genesisTransactions = new ArrayList<>();
    for (int i = 0; i < nodeKeys.size(); i++) {
      Ed25519PrivateKey key = nodeKeys.get(i);
      allocations.put(address(key), Amount.ofCvt(10));
      Bytes register = PocContract.registerCall(provers.get(i), RULES);
      genesisTransactions.add(call(key, 0, PocContract.ID, register));
      Bytes receipt =
          BandwidthReceipt.of(key.publicKey(), Hash.ZERO, (i + 1) << 20, 0, random)
              .sign(EnvelopeSigner.of(downloader))
              .encode();
      genesisTransactions.add(
          call(key, 1, PocContract.ID, PocContract.recordBandwidthCall(List.of(receipt))));
    }
    Genesis genesis = new Genesis(allocations, TX_FEE);
    // Storage nodes 0 and 1 keep their chains in memory; storage node 2 keeps its in LMDB.
    List<Chain> nodes = new ArrayList<>();
    for (int i = 0; i < producers.size() - 1; i++) {
      nodes.add(
          ChainGenesis.open(
              PARAMETERS,
              new InMemoryKeyValueStore(),
              genesis,
              registry(),
              genesisTransactions,
              GENESIS_TIME));
    }
    LmdbKeyValueStore durable = LmdbKeyValueStore.builder(dir).open();
    opened.add(durable);
    nodes.add(
        ChainGenesis.open(
            PARAMETERS, durable, genesis, registry(), genesisTransactions, GENESIS_TIME));
    Chain view = nodes.get(0);
    Map<String, Address> people = new LinkedHashMap<>();
    people.put("uploader", address(uploader));
    people.put("downloader", address(downloader));
    for (int i = 0; i < nodeKeys.size(); i++) {
      people.put("storage node " + i + " (" + LABELS[i] + " labels)", address(nodeKeys.get(i)));
    }
    Map<String, Amount> before = balances(view, people);
    Amount supplyBefore = view.state().totalSupply();
    boolean ok = true;

    // 1. Upload: the file is sharded and tagged for storage nodes 0 and 1; the uploader registers
    // the data set with the contract and pays the upload fee.
    byte[] raw = new byte[3 << 20];
    random.nextBytes(raw);
    Bytes file = Bytes.of(raw);
    ShardedFile sharded = ShardedFile.split(file, 1 << 16, random);
    DataSetCall.Register register =
        new DataSetCall.Register(
            "city-sensors",
            ShardedFile.fileId(file),
            raw.length,
            DOWNLOAD_FEE,
            List.of(address(nodeKeys.get(0)), address(nodeKeys.get(1))));
    DataSetId dataSet = DataSetId.of(address(uploader), register.name());
    Block b1 =
        round(
            nodes,
            producers,
            List.of(call(uploader, 0, DataSetContract.ID, register.encode())),
            out);
    Amount uploadFee = FEES.uploadFee(raw.length);
    out.println(
        "upload: data set "
            + register.name()
            + " ("
            + raw.length
            + " bytes) registered in block "
            + b1.index()
            + ", upload fee "
            + uploadFee);
    ok &= DataSetContract.dataSet(entries(view), dataSet).isPresent();

    // 2. Storage audit: a super node challenges storage node 0 on random shards against the
    // uploader's signed tag list.
    TagList tags =
        TagList.open(
            sharded
                .tagList(List.of(NodeId.of("storage-0"), NodeId.of("storage-1")))
                .sign(EnvelopeSigner.of(uploader)),
            uploader.publicKey());
    ShardAuditChallenge challenge = ShardAuditChallenge.random(tags, 8, random);
    ShardAudit.verify(tags, challenge, ShardAuditResponse.answer(challenge, sharded.shards()::get));
    out.println(
        "storage audit: storage node 0 answers 8 of "
            + tags.entries().size()
            + " shards against the signed tag list: passed");

    // 3. Download: the downloader pays the fee and gets a grant; storage node 0 serves only an
    // account the contract grants, and is paid for the bandwidth with a signed receipt.
    boolean servedBefore = DataSetContract.hasGrant(entries(view), dataSet, address(downloader));
    Block b2 =
        round(
            nodes,
            producers,
            List.of(
                call(
                    downloader, 0, DataSetContract.ID, new DataSetCall.Download(dataSet).encode())),
            out);
    boolean granted = DataSetContract.hasGrant(entries(view), dataSet, address(downloader));
    boolean outsiderRefused = !DataSetContract.hasGrant(entries(view), dataSet, address(outsider));
    out.println(
        "download: fee "
            + DOWNLOAD_FEE
            + " paid in block "
            + b2.index()
            + " ("
            + FEES.networkFee(DOWNLOAD_FEE)
            + " network fee); storage node 0 serves the downloader: "
            + (granted && !servedBefore)
            + ", refuses an account without a grant: "
            + outsiderRefused);
    ok &= granted && !servedBefore && outsiderRefused;
    Bytes served =
        BandwidthReceipt.of(
                nodeKeys.get(0).publicKey(),
                ShardedFile.fileId(file),
                raw.length,
                RULES.window(view.height() + 1),
                random)
            .sign(EnvelopeSigner.of(downloader))
            .encode();
    Block b3 =
        round(
            nodes,
            producers,
            List.of(
                call(
                    nodeKeys.get(0),
                    2,
                    PocContract.ID,
                    PocContract.recordBandwidthCall(List.of(served)))),
            out);
    out.println(
        "bandwidth: storage node 0's receipt for "
            + raw.length
            + " bytes recorded in block "
            + b3.index()
            + "; its M for the next block is now "
            + view.bandwidthForNextBlock(nodeKeys.get(0).publicKey()));

    // Storage node 2 crashes and restarts: its chain resumes from LMDB where it stopped.
    Hash tipBefore = nodes.get(2).tipId();
    Hash rootBefore = nodes.get(2).state().root();
    durable.close();
    LmdbKeyValueStore reopened = LmdbKeyValueStore.builder(dir).open();
    opened.add(reopened);
    nodes.set(
        2,
        ChainGenesis.open(
            PARAMETERS, reopened, genesis, registry(), genesisTransactions, GENESIS_TIME));
    boolean resumed =
        nodes.get(2).tipId().equals(tipBefore) && nodes.get(2).state().root().equals(rootBefore);
    out.println(
        "restart: storage node 2 reopens its LMDB store and resumes at block "
            + nodes.get(2).height()
            + " with the same tip and state root: "
            + resumed);
    ok &= resumed;
    round(nodes, producers, List.of(), out);
    ok &= report(out, view, nodes, people, before, supplyBefore, uploadFee);
    ok &= lightClient(out, view, uploader, downloader, dataSet);
    return ok;
  }

  /** Balances before and after, supply, the fee arithmetic, and agreement of all nodes. */
  private static boolean report(
      PrintStream out,
      Chain view,
      List<Chain> nodes,
      Map<String, Address> people,
      Map<String, Amount> before,
      Amount supplyBefore,
      Amount uploadFee) {
    boolean ok = true;
    Map<String, Amount> after = balances(view, people);
    out.printf("%-30s %20s  %20s%n", "balances", "before", "after");
    long changeSum = 0;
    for (String who : people.keySet()) {
      out.printf("  %-28s %20s  %20s%n", who, before.get(who), after.get(who));
      changeSum += after.get(who).baseUnits() - before.get(who).baseUnits();
    }
    Amount minted = view.state().totalSupply().minus(supplyBefore);
    out.println(
        "supply grew by "
            + minted
            + " = "
            + view.height()
            + " block rewards of "
            + REWARD
            + "; the balances above changed by the same total: "
            + (changeSum == minted.baseUnits()));
    Amount uploaderGain =
        DOWNLOAD_FEE.minus(FEES.networkFee(DOWNLOAD_FEE)).minus(uploadFee).minus(TX_FEE);
    ok &= minted.equals(REWARD.times(view.height())) && changeSum == minted.baseUnits();
    ok &= after.get("uploader").equals(before.get("uploader").plus(uploaderGain));
    ok &=
        after.get("downloader").equals(before.get("downloader").minus(DOWNLOAD_FEE).minus(TX_FEE));
    boolean agree = true;
    for (Chain node : nodes) {
      agree &= node.tipId().equals(view.tipId()) && node.state().root().equals(view.state().root());
    }
    out.println("all " + nodes.size() + " nodes agree on the tip and the state root: " + agree);
    return ok && agree;
  }

  /** A light client holding only the last block checks a balance and the grant. */
  private static boolean lightClient(
      PrintStream out,
      Chain view,
      Ed25519PrivateKey uploader,
      Ed25519PrivateKey downloader,
      DataSetId dataSet) {
    Block tip = view.bestBlockAt(view.height()).orElseThrow();
    Hash root = tip.tau().stateRoot();
    Hash key = StateKeys.account(address(uploader));
    StateProof proof = view.state().prove(key);
    boolean balanceProved =
        proof.verify(
            root, key, Optional.of(StateValues.account(view.state().account(address(uploader)))));
    boolean grantProved =
        DataSetContract.hasGrant(provedEntries(view, root), dataSet, address(downloader));
    out.println(
        "light client: uploader's balance proved against block "
            + tip.index()
            + "'s root with "
            + proof.encode().size()
            + " bytes: "
            + balanceProved
            + "; downloader's grant proved: "
            + grantProved);
    return balanceProved && grantProved;
  }

  private static ContractRegistry registry() {
    return ContractRegistry.of(new PocContract(RULES), new DataSetContract(FEES));
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One Proof of Contribution round on every node's tip: each producer answers the challenge, the
   * winner of the election builds the block with the others' contributions and the transactions,
   * and every node validates the block from its bytes.
   */
  private static Block round(
      List<Chain> nodes,
      List<BlockProducer> producers,
      List<SignedTransaction> transactions,
      PrintStream out)
      throws InvalidLedgerInputException {
    Chain chain = nodes.get(0);
    Hash challenge = chain.challengeForChildOf(chain.tipId());
    List<ContributionProof> proofs = new ArrayList<>();
    List<ElectionContribution> elections = new ArrayList<>();
    for (int i = 0; i < producers.size(); i++) {
      ContributionProof proof = producers.get(i).contribute(nodes.get(i));
      proofs.add(proof);
      elections.add(proof.election(challenge));
    }
    int winner = elections.indexOf(Election.winner(elections).orElseThrow());
    List<ContributionProof> others = new ArrayList<>(proofs);
    others.remove(winner);
    Chain own = nodes.get(winner);
    Block block =
        producers
            .get(winner)
            .produce(
                own,
                others,
                transactions,
                own.tipTimeMillis() + PARAMETERS.blockIntervalMillis(),
                Optional.empty());
    if (block.tau().transactions().size() != transactions.size()) {
      throw new IllegalStateException("a transaction of the scene did not apply");
    }
    for (Chain node : nodes) {
      node.submit(block.encoded(), block.tau().timeMillis());
    }
    out.println(
        "block "
            + block.index()
            + " won by storage node "
            + winner
            + " (N = "
            + LABELS[winner]
            + ", M = "
            + proofs.get(winner).bandwidth()
            + "), "
            + (1 + block.tau().contributions().size())
            + " contributions share the reward, "
            + block.tau().transactions().size()
            + " transaction(s)");
    return block;
  }

  private static SignedTransaction call(
      Ed25519PrivateKey from, long nonce, ContractId id, Bytes in) {
    return SignedTransaction.sign(
        new Transaction(from.publicKey(), nonce, TX_FEE, new ContractCall(id, in)), from);
  }

  private static Address address(Ed25519PrivateKey key) {
    return Address.of(key.publicKey());
  }

  private static Map<String, Amount> balances(Chain chain, Map<String, Address> people) {
    Map<String, Amount> out = new LinkedHashMap<>();
    people.forEach((who, a) -> out.put(who, chain.state().account(a).balance()));
    return out;
  }

  private static Function<Bytes, Optional<Bytes>> entries(Chain chain) {
    return k -> chain.state().contractEntry(DataSetContract.ID, k);
  }

  /**
   * The data set contract's entries as a light client reads them: each value comes with a proof,
   * checked against the block header's root before it is used.
   */
  private static Function<Bytes, Optional<Bytes>> provedEntries(Chain fullNode, Hash root) {
    return k -> {
      Hash stateKey = StateKeys.contractEntry(DataSetContract.ID, k);
      Optional<Bytes> value = fullNode.state().valueAt(root, stateKey);
      if (!fullNode.state().prove(root, stateKey).verify(root, stateKey, value)) {
        throw new IllegalStateException("the full node's answer does not match the root");
      }
      return value;
    };
  }
}
