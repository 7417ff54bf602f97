package org.cybervein.node;

import com.google.gson.JsonObject;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.net.Transport;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowContribution;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowDownload;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowDownloadAnswer;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowIncluded;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowMessage;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowReceipt;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowShards;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowStored;
import org.cybervein.api.wire.v1.LedgerBlockProto;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.chain.ChainUpdate;
import org.cybervein.ledger.contract.dataset.DataSet;
import org.cybervein.ledger.contract.dataset.DataSetContract;
import org.cybervein.ledger.contract.dataset.DataSetId;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.poc.BlockProducer;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.poc.BandwidthReceipt;
import org.cybervein.storageproofs.poc.Election;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.poc.VerifiedReceipt;
import org.cybervein.storageproofs.taglist.Shard;
import org.cybervein.storageproofs.taglist.ShardAudit;
import org.cybervein.storageproofs.taglist.ShardAuditChallenge;
import org.cybervein.storageproofs.taglist.ShardAuditResponse;
import org.cybervein.storageproofs.taglist.TagList;
import org.cybervein.storageproofs.taglist.TagListEntry;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Role {@code storage}: a ledger and Proof of Contribution storage node of the whitepaper's data
 * flow.
 *
 * <p><b>Chain.</b> Its chain and ledger state live in one LMDB environment under {@code
 * DATA/ledger}, opened from the cluster's {@code dataflow} genesis, so a restarted process resumes
 * at its best block; blocks it missed it asks a peer for ({@code sync_from}).
 *
 * <p><b>Block production.</b> Each round extends the tip: every storage node sends its contribution
 * (a proof of space answering the tip's challenge, with its bandwidth M) to the others; once it has
 * every storage node's contribution (or after {@link #ROUND_TIMEOUT_MILLIS}) and a block interval
 * has passed, each node runs the same election over the contributions it checked against its chain;
 * the winner builds the block with the others' contributions and the pool's transactions and sends
 * it to every storage node, which validates it from its bytes.
 *
 * <p><b>Data.</b> It keeps the shards an uploader places on it (checked against the uploader's
 * signed tag list), answers a super node's audits, serves a downloader only if the downloader's
 * account (the authenticated sender's key) holds an access grant in its chain state, and turns the
 * downloader's signed receipt for the bytes served into a {@code record_bandwidth} transaction,
 * which raises its M.
 *
 * <p>Every message and timer runs under this object's lock.
 */
final class StorageRole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageRole.class);
  static final long TICK_MILLIS = 50;
  static final long ROUND_TIMEOUT_MILLIS = 2_000;
  private static final int MAX_POOL = 1_024;
  private static final int SYNC_BATCH = 64;
  private static final int KEPT_ROUNDS = 8;
  private static final CanonicalParser<LedgerBlockProto.BlockContribution> CONTRIBUTION =
      CanonicalParser.of(LedgerBlockProto.BlockContribution.getDefaultInstance(), 1 << 16, 4_096);

  private final NodeConfig node;
  private final Ed25519PrivateKey key;
  private final Address address;
  private final Transport net;
  private final LmdbKeyValueStore store;
  private final Chain chain;
  private final BlockProducer producer;
  private final List<Member> storageMembers;
  private final ShardStore shards;
  private final ScheduledExecutorService ticker;

  // The rounds: contributions by the parent they extend, the latest KEPT_ROUNDS parents only.
  private final LinkedHashMap<Hash, Map<PublicKey, ContributionProof>> rounds =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Map<PublicKey, ContributionProof>> e) {
          return size() > KEPT_ROUNDS;
        }
      };
  private Hash roundParent = Hash.ZERO;
  private long roundStartMillis;
  private boolean contributed;
  private boolean produced;
  // The winner this node waits for, since when, and the winners that stayed silent this round.
  private Optional<PublicKey> awaited = Optional.empty();
  private long electedMillis;
  private final java.util.Set<PublicKey> silent = new java.util.HashSet<>();

  // The transaction pool, with the account member each transaction came from (told when it lands).
  private final LinkedHashMap<Hash, SignedTransaction> pool = new LinkedHashMap<>();
  private final Map<Hash, NodeId> submitters = new LinkedHashMap<>();
  private long nextOwnNonce;
  // Bytes served per (data set, downloader) and not yet receipted.
  private final Map<String, Long> served = new LinkedHashMap<>();

  private long blocksProduced;
  private long blocksAccepted;
  private long downloadsServed;
  private long downloadsRefused;
  private long receiptsAccepted;
  private long auditsAnswered;
  private long uploadsStored;

  private StorageRole(NodeConfig node, DataFlowGenesis genesis, NodeKeys keys, Transport links)
      throws IOException {
    this.node = node;
    this.key = keys.signingKey();
    this.address = Address.of(key.publicKey());
    this.net = new Channels(links, this).channel(Channels.DATA_FLOW);
    Long labels = genesis.storageLabels().get(node.self().id());
    if (labels == null) {
      throw new IllegalArgumentException(
          node.self().id() + " has no space in the dataflow genesis (re-run cybervein init)");
    }
    this.storageMembers = node.cluster().withRole(Role.STORAGE);
    Files.createDirectories(node.data().resolve("shards"));
    this.shards = new ShardStore(node.data().resolve("shards"));
    this.store = LmdbKeyValueStore.open(node.data().resolve("ledger"));
    this.chain = genesis.openChain(store);
    this.producer = new BlockProducer(key, DataFlowGenesis.prover(key, labels));
    LOG.info(
        "storage node {} opens its chain at height {} (tip {}), N = {} labels",
        node.self().id(),
        chain.height(),
        chain.tipId(),
        labels);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "poc-rounds");
              t.setDaemon(true);
              return t;
            });
  }

  static StorageRole start(
      NodeConfig node,
      DataFlowGenesis genesis,
      NodeKeys keys,
      Transport links,
      PrometheusRegistry registry)
      throws IOException {
    StorageRole role = new StorageRole(node, genesis, keys, links);
    role.net.register(role::onMessage);
    role.ticker.scheduleWithFixedDelay(role::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    role.registerMetrics(registry);
    return role;
  }

  // ------------------------------------------------------------------ rounds

  private synchronized void tick() {
    try {
      round(System.currentTimeMillis());
    } catch (RuntimeException e) {
      LOG.warn("round failed: {}", e.toString(), e);
    }
  }

  private void round(long now) {
    Hash tip = chain.tipId();
    if (!tip.equals(roundParent)) {
      roundParent = tip;
      roundStartMillis = now;
      contributed = false;
      produced = false;
      awaited = Optional.empty();
      silent.clear();
    }
    if (!contributed) {
      ContributionProof own = producer.contribute(chain);
      rounds.computeIfAbsent(tip, t -> new LinkedHashMap<>()).put(key.publicKey(), own);
      DataFlowMessage m =
          DataFlowMessage.newBuilder()
              .setContribution(
                  DataFlowContribution.newBuilder()
                      .setParent(DataFlowWire.bytes(tip))
                      .setProof(own.toProto().toByteString()))
              .build();
      toStoragePeers(m);
      contributed = true;
    }
    if (awaited.isPresent() && now - electedMillis > ROUND_TIMEOUT_MILLIS) {
      // The winner sent its contribution but no block (it crashed, or its block was lost): elect
      // again without it.
      LOG.info("the round's winner sent no block; electing again without it");
      silent.add(awaited.get());
      awaited = Optional.empty();
      produced = false;
    }
    long due = chain.tipTimeMillis() + DataFlowLedger.BLOCK_INTERVAL_MILLIS;
    Map<PublicKey, ContributionProof> have = rounds.getOrDefault(tip, Map.of());
    if (produced
        || now < due
        || (have.size() < storageMembers.size() && now - roundStartMillis < ROUND_TIMEOUT_MILLIS)) {
      return;
    }
    List<ContributionProof> proofs = new ArrayList<>();
    List<ElectionContribution> elections = new ArrayList<>();
    for (Member m : storageMembers) {
      ContributionProof p = have.get(m.identity().signingKey());
      if (p == null || silent.contains(m.identity().signingKey())) {
        continue;
      }
      try {
        elections.add(chain.checkContributionForNextBlock(p));
        proofs.add(p);
      } catch (InvalidLedgerInputException e) {
        LOG.info("{}'s contribution does not hold: {}: {}", m.id(), e.reason(), e.getMessage());
      }
    }
    Optional<ElectionContribution> winner = Election.winner(elections);
    if (winner.isEmpty()) {
      return;
    }
    int w = elections.indexOf(winner.get());
    produced = true; // this node's part in the round is done: it builds the block or waits for it
    if (!proofs.get(w).contributor().equals(key.publicKey())) {
      awaited = Optional.of(proofs.get(w).contributor());
      electedMillis = now;
      return;
    }
    List<ContributionProof> others = new ArrayList<>(proofs);
    others.remove(w);
    try {
      Block block =
          producer.produce(
              chain, others, List.copyOf(pool.values()), Math.max(now, due), Optional.empty());
      accept(block, now);
      blocksProduced++;
      toStoragePeers(
          DataFlowMessage.newBuilder().setBlock(DataFlowWire.bytes(block.encoded())).build());
      LOG.info(
          "produced block {} ({} contributions, {} transactions)",
          block.index(),
          1 + block.tau().contributions().size(),
          block.tau().transactions().size());
    } catch (InvalidLedgerInputException e) {
      LOG.warn("could not build a block: {}: {}", e.reason(), e.getMessage());
    }
  }

  /**
   * Adds a block to the chain; for each block the best chain gains, tells the submitters, and drops
   * from the pool what can no longer apply (a nonce the sender has used).
   */
  private void accept(Block block, long now) throws InvalidLedgerInputException {
    ChainUpdate update = chain.submit(block, now);
    if (update.changedBest()) {
      pool.values()
          .removeIf(
              t ->
                  t.transaction().nonce()
                      < chain.state().account(Address.of(t.transaction().sender())).nonce());
    }
    for (Block applied : update.applied()) {
      blocksAccepted++;
      for (Bytes encoded : applied.tau().transactions()) {
        Hash id;
        try {
          id = SignedTransaction.decode(encoded).id();
        } catch (InvalidLedgerInputException e) {
          continue; // cannot happen for a block the chain applied
        }
        pool.remove(id);
        NodeId submitter = submitters.remove(id);
        if (submitter != null) {
          net.send(
              submitter,
              DataFlowWire.encode(
                  DataFlowMessage.newBuilder()
                      .setIncluded(
                          DataFlowIncluded.newBuilder()
                              .setTransaction(DataFlowWire.bytes(id))
                              .setBlockIndex(applied.index()))
                      .build()));
        }
      }
    }
  }

  // ------------------------------------------------------------------ messages

  private synchronized void onMessage(NodeId from, Bytes bytes) {
    Optional<Member> sender = node.cluster().member(from);
    if (sender.isEmpty()) {
      return;
    }
    DataFlowMessage m;
    try {
      m = DataFlowWire.decode(bytes);
    } catch (InvalidEncodingException e) {
      LOG.debug("refused a message from {}: {}", from, e.getMessage());
      return;
    }
    Member s = sender.get();
    try {
      switch (m.getKindCase()) {
        case CONTRIBUTION -> onContribution(s, m.getContribution());
        case BLOCK -> onBlock(s, DataFlowWire.bytes(m.getBlock()));
        case SYNC_FROM -> onSyncFrom(s, m.getSyncFrom());
        case TRANSACTION -> onTransaction(s, DataFlowWire.bytes(m.getTransaction()));
        case STORE -> onStore(s, m.getStore());
        case AUDIT_CHALLENGE -> onAuditChallenge(s, DataFlowWire.bytes(m.getAuditChallenge()));
        case DOWNLOAD -> onDownload(s, m.getDownload());
        case RECEIPT -> onReceipt(s, m.getReceipt());
        default -> LOG.debug("ignored a {} message from {}", m.getKindCase(), from);
      }
    } catch (InvalidEncodingException
        | InvalidLedgerInputException
        | InvalidStorageProofException e) {
      LOG.info("refused a {} message from {}: {}", m.getKindCase(), from, e.getMessage());
    }
  }

  private void onContribution(Member from, DataFlowContribution c)
      throws InvalidEncodingException, InvalidLedgerInputException {
    if (from.role() != Role.STORAGE) {
      return;
    }
    Hash parent = DataFlowWire.hash(c.getParent());
    ContributionProof proof =
        ContributionProof.fromProto(CONTRIBUTION.parse(DataFlowWire.bytes(c.getProof())));
    if (!proof.contributor().equals(from.identity().signingKey())) {
      LOG.info("refused a contribution from {} under another key", from.id());
      return;
    }
    rounds.computeIfAbsent(parent, p -> new LinkedHashMap<>()).put(proof.contributor(), proof);
  }

  private void onBlock(Member from, Bytes encoded) throws InvalidLedgerInputException {
    if (from.role() != Role.STORAGE) {
      return;
    }
    Block block = Block.decode(encoded);
    if (chain.contains(block.id())) {
      return;
    }
    if (!chain.contains(block.parent())) {
      // Behind (a restart, a lost message) or on another branch: ask the sender for its best
      // chain from as deep as a reorganisation may reach below our height.
      long floor = Math.max(1, chain.height() + 1 - DataFlowLedger.PARAMETERS.maxReorgDepth());
      net.send(
          from.id(), DataFlowWire.encode(DataFlowMessage.newBuilder().setSyncFrom(floor).build()));
      return;
    }
    accept(block, System.currentTimeMillis());
  }

  private void onSyncFrom(Member from, long index) {
    if (from.role() != Role.STORAGE || index < 1) {
      return;
    }
    for (long i = index; i <= Math.min(chain.height(), index + SYNC_BATCH - 1); i++) {
      Optional<Block> b = chain.bestBlockAt(i);
      if (b.isEmpty()) {
        return;
      }
      net.send(
          from.id(),
          DataFlowWire.encode(
              DataFlowMessage.newBuilder()
                  .setBlock(DataFlowWire.bytes(b.get().encoded()))
                  .build()));
    }
  }

  private void onTransaction(Member from, Bytes encoded) throws InvalidLedgerInputException {
    SignedTransaction tx = SignedTransaction.decode(encoded);
    if (from.role() == Role.ACCOUNT) {
      submitters.put(tx.id(), from.id());
      while (submitters.size() > MAX_POOL) {
        submitters.remove(submitters.keySet().iterator().next());
      }
    }
    addToPool(tx, from.role() != Role.STORAGE);
  }

  private void addToPool(SignedTransaction tx, boolean forward) {
    if (pool.containsKey(tx.id()) || pool.size() >= MAX_POOL) {
      return;
    }
    pool.put(tx.id(), tx);
    if (forward) {
      toStoragePeers(
          DataFlowMessage.newBuilder().setTransaction(DataFlowWire.bytes(tx.encoded())).build());
    }
  }

  private void onStore(Member from, DataFlowShards s)
      throws InvalidEncodingException, InvalidStorageProofException {
    if (from.role() != Role.ACCOUNT) {
      return;
    }
    SignedEnvelope envelope = SignedEnvelope.decode(DataFlowWire.bytes(s.getSignedTagList()));
    TagList tags = TagList.open(envelope, from.identity().signingKey());
    ShardAuditResponse given = ShardAuditResponse.decode(DataFlowWire.bytes(s.getShards()));
    List<Integer> mine =
        tags.entries().stream()
            .filter(e -> e.location().equals(node.self().id()))
            .map(TagListEntry::index)
            .toList();
    String refusal = "";
    if (mine.isEmpty()) {
      refusal = "the tag list places no shard at " + node.self().id();
    } else if (!given.openings().stream().map(Shard::index).toList().equals(mine)) {
      refusal = "the shards sent are not the ones the tag list places here";
    } else {
      try {
        ShardAudit.verify(tags, new ShardAuditChallenge(tags.fileId(), mine, given.nonce()), given);
        shards.put(tags.fileId(), envelope.encode(), given);
        uploadsStored++;
        LOG.info("stored {} shards of file {} for {}", mine.size(), tags.fileId(), from.id());
      } catch (InvalidStorageProofException | IllegalArgumentException e) {
        refusal = "a shard does not match the tag list: " + e.getMessage();
      }
    }
    net.send(
        from.id(),
        DataFlowWire.encode(
            DataFlowMessage.newBuilder()
                .setStored(
                    DataFlowStored.newBuilder()
                        .setFileId(DataFlowWire.bytes(tags.fileId()))
                        .setShards(refusal.isEmpty() ? mine.size() : 0)
                        .setRefusal(refusal))
                .build()));
  }

  private void onAuditChallenge(Member from, Bytes encoded) throws InvalidStorageProofException {
    if (from.role() != Role.DAG) {
      return;
    }
    ShardAuditChallenge challenge = ShardAuditChallenge.decode(encoded);
    Optional<ShardStore.Upload> upload = shards.get(challenge.fileId());
    List<Shard> openings = new ArrayList<>();
    for (int i : challenge.indices()) {
      Optional<Shard> s = upload.flatMap(u -> u.shard(i));
      if (s.isEmpty()) {
        LOG.info("audit by {} asks for shard {} of a file not held here", from.id(), i);
        return; // no answer is a failed audit
      }
      openings.add(s.get());
    }
    auditsAnswered++;
    net.send(
        from.id(),
        DataFlowWire.encode(
            DataFlowMessage.newBuilder()
                .setAuditResponse(
                    DataFlowWire.bytes(
                        new ShardAuditResponse(challenge.fileId(), challenge.nonce(), openings)
                            .encode()))
                .build()));
  }

  private void onDownload(Member from, DataFlowDownload d) throws InvalidEncodingException {
    if (from.role() != Role.ACCOUNT) {
      return;
    }
    DataSetId id = new DataSetId(DataFlowWire.hash(d.getDataSet()));
    Address who = Address.of(from.identity().signingKey());
    Function<Bytes, Optional<Bytes>> entries =
        k -> chain.state().contractEntry(DataSetContract.ID, k);
    Optional<DataSet> dataSet = DataSetContract.dataSet(entries, id);
    DataFlowDownloadAnswer.Builder answer =
        DataFlowDownloadAnswer.newBuilder().setDataSet(d.getDataSet());
    Optional<ShardStore.Upload> upload = dataSet.flatMap(ds -> shards.get(ds.contentHash()));
    if (dataSet.isEmpty()) {
      answer.setRefusal("no data set " + id + " on the chain at block " + chain.height());
    } else if (!dataSet.get().storageNodes().contains(address)) {
      answer.setRefusal("data set " + dataSet.get().name() + " is not stored at this node");
    } else if (!DataSetContract.hasGrant(entries, id, who)) {
      answer.setRefusal(
          "no access grant for "
              + from.id()
              + " on data set "
              + dataSet.get().name()
              + " at block "
              + chain.height()
              + ": pay the download fee first");
    } else if (upload.isEmpty()) {
      answer.setRefusal("the shards of " + dataSet.get().name() + " are not here");
    } else {
      ShardStore.Upload u = upload.get();
      answer
          .setSignedTagList(DataFlowWire.bytes(u.signedTagList()))
          .setShards(
              DataFlowWire.bytes(
                  new ShardAuditResponse(
                          dataSet.get().contentHash(),
                          Bytes.of(new byte[ShardAuditChallenge.NONCE_SIZE]),
                          u.shards())
                      .encode()))
          .setWindow(DataFlowLedger.RULES.window(chain.height() + 1));
      served.merge(servedKey(id, who), u.bytes(), Long::sum);
      while (served.size() > MAX_POOL) {
        served.remove(served.keySet().iterator().next());
      }
      downloadsServed++;
      LOG.info("served {} bytes of {} to {}", u.bytes(), dataSet.get().name(), from.id());
    }
    if (!answer.getRefusal().isEmpty()) {
      downloadsRefused++;
      LOG.info("refused a download by {}: {}", from.id(), answer.getRefusal());
    }
    net.send(
        from.id(),
        DataFlowWire.encode(DataFlowMessage.newBuilder().setDownloadAnswer(answer).build()));
  }

  private void onReceipt(Member from, DataFlowReceipt r)
      throws InvalidEncodingException, InvalidStorageProofException {
    if (from.role() != Role.ACCOUNT) {
      return;
    }
    DataSetId id = new DataSetId(DataFlowWire.hash(r.getDataSet()));
    Address who = Address.of(from.identity().signingKey());
    Bytes signed = DataFlowWire.bytes(r.getSignedReceipt());
    VerifiedReceipt receipt = BandwidthReceipt.open(signed);
    Long bytes = served.get(servedKey(id, who));
    if (!receipt.downloader().equals(from.identity().signingKey())
        || !receipt.receipt().provider().equals(key.publicKey())
        || bytes == null
        || receipt.receipt().bytes() != bytes) {
      LOG.info("refused a receipt from {}: not for what this node served it", from.id());
      return;
    }
    served.remove(servedKey(id, who));
    long nonce = Math.max(nextOwnNonce, chain.state().account(address).nonce());
    nextOwnNonce = nonce + 1;
    addToPool(
        DataFlowLedger.call(
            key, nonce, PocContract.ID, PocContract.recordBandwidthCall(List.of(signed))),
        true);
    receiptsAccepted++;
  }

  private static String servedKey(DataSetId id, Address who) {
    return id.value().toHex() + "/" + who.value().toHex();
  }

  private void toStoragePeers(DataFlowMessage m) {
    Bytes bytes = DataFlowWire.encode(m);
    for (Member s : storageMembers) {
      if (!s.id().equals(node.self().id())) {
        net.send(s.id(), bytes);
      }
    }
  }

  // ------------------------------------------------------------------ status

  synchronized JsonObject status() {
    JsonObject o = new JsonObject();
    o.addProperty("height", chain.height());
    o.addProperty("tip", chain.tipId().toHex());
    o.addProperty("stateRoot", chain.state().root().toHex());
    o.addProperty("bandwidthM", chain.bandwidthForNextBlock(key.publicKey()));
    o.addProperty("pool", pool.size());
    o.addProperty("blocksProduced", blocksProduced);
    o.addProperty("blocksAccepted", blocksAccepted);
    o.addProperty("uploadsStored", uploadsStored);
    o.addProperty("auditsAnswered", auditsAnswered);
    o.addProperty("downloadsServed", downloadsServed);
    o.addProperty("downloadsRefused", downloadsRefused);
    o.addProperty("receiptsAccepted", receiptsAccepted);
    JsonObject accounts = new JsonObject();
    for (Member m : node.cluster().members()) {
      if (m.role() == Role.STORAGE || m.role() == Role.ACCOUNT) {
        Account a = chain.state().account(Address.of(m.identity().signingKey()));
        JsonObject j = new JsonObject();
        j.addProperty("balance", a.balance().baseUnits());
        j.addProperty("nonce", a.nonce());
        accounts.add(m.id().value(), j);
      }
    }
    o.add("accounts", accounts);
    return o;
  }

  private void registerMetrics(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("cybervein_ledger_height")
        .help("The height of the node's best chain")
        .callback(cb -> cb.call(height()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("cybervein_poc_bandwidth_bytes")
        .help("This node's recorded bandwidth M for the next block")
        .callback(cb -> cb.call(bandwidth()))
        .register(registry);
  }

  private synchronized long height() {
    return chain.height();
  }

  private synchronized long bandwidth() {
    return chain.bandwidthForNextBlock(key.publicKey());
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    synchronized (this) {
      store.close();
    }
  }
}
