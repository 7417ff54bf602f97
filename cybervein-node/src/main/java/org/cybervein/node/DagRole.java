package org.cybervein.node;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.time.Clock;
import org.cybervein.api.time.SystemClock;
import org.cybervein.api.time.Timer;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowAuditResult;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowMessage;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.random.SecureRandomSource;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.Dag;
import org.cybervein.dag.DagConfig;
import org.cybervein.dag.UnitAuthor;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.store.KeyValueUnitStore;
import org.cybervein.dag.sync.DagNode;
import org.cybervein.dag.sync.SyncConfig;
import org.cybervein.dag.tips.UniformTipSelector;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.AttestationBatch;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.VerificationRecord;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.taglist.ShardAudit;
import org.cybervein.storageproofs.taglist.ShardAuditChallenge;
import org.cybervein.storageproofs.taglist.ShardAuditResponse;
import org.cybervein.storageproofs.taglist.TagList;
import org.cybervein.storageproofs.taglist.TagListEntry;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Role {@code dag}: a node of the DAG layer. It keeps its DAG on LMDB under {@code DATA/dag} and
 * syncs units with the other {@code dag} members through {@code DagNode} (gossip, requests for
 * missing parents, periodic tip exchange). A member the cluster's genesis names as a validator is a
 * super node: when an uploader asks it to audit an upload, it challenges every storage node the
 * signed tag list places shards at on a few random shards, checks the answers against the tags,
 * and, if all pass, writes a unit carrying its attestation of the upload (a {@link
 * VerificationRecord} signed as a one-record batch) and tells the uploader the unit's id.
 *
 * <p>The DAG sync and the audits share the node's links ({@link Channels}) and run under one lock,
 * timers included, as {@code DagNode} expects of its host.
 */
final class DagRole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DagRole.class);
  static final Duration AUDIT_TIMEOUT = Duration.ofSeconds(10);
  static final int CHALLENGED_SHARDS_PER_NODE = 4;

  /** One audit in progress: the challenges still unanswered, by storage node. */
  private static final class Audit {
    final NodeId uploader;
    final TagList tags;
    final Map<NodeId, ShardAuditChallenge> pending = new LinkedHashMap<>();
    Timer timeout;

    Audit(NodeId uploader, TagList tags) {
      this.uploader = uploader;
      this.tags = tags;
    }
  }

  private final Object lock = new Object();
  private final NodeConfig node;
  private final Ed25519PrivateKey key;
  private final boolean validator;
  private final SystemClock systemClock = new SystemClock();
  private final Clock clock;
  private final RandomSource random = new SecureRandomSource();
  private final LmdbKeyValueStore kv;
  private final KeyValueUnitStore units;
  private final Dag dag;
  private final DagNode dagNode;
  private final Transport flow;
  private UnitAuthor author;
  private final Map<Hash, Audit> audits = new LinkedHashMap<>();
  private long auditsPassed;
  private long auditsFailed;
  private Optional<Hash> lastAttestation = Optional.empty();

  private DagRole(NodeConfig node, DataFlowGenesis genesis, NodeKeys keys, Links links)
      throws IOException {
    this.node = node;
    this.key = keys.signingKey();
    this.validator = genesis.validators().contains(node.self().id());
    this.clock =
        new Clock() {
          @Override
          public Instant now() {
            return systemClock.now();
          }

          @Override
          public Timer schedule(Duration delay, Runnable action) {
            return systemClock.schedule(
                delay,
                () -> {
                  synchronized (lock) {
                    action.run();
                  }
                });
          }
        };
    List<PublicKey> validatorKeys = new ArrayList<>();
    for (NodeId v : genesis.validators()) {
      validatorKeys.add(node.cluster().member(v).orElseThrow().identity().signingKey());
    }
    Hash genesisId =
        HashFunction.SHA256.hashUntagged(
            Bytes.utf8(
                "cybervein-node/dag-genesis/v1/"
                    + node.cluster().name()
                    + "/"
                    + genesis.timeMillis()));
    DagConfig config = DagConfig.of(genesisId, ValidatorSet.of(validatorKeys));
    Files.createDirectories(node.data());
    this.kv = LmdbKeyValueStore.open(node.data().resolve("dag"));
    this.units = KeyValueUnitStore.open(kv);
    this.dag = Dag.open(config, units, clock, Runnable::run, 1);
    Channels channels = new Channels(links.core(), lock);
    List<NodeId> peers =
        node.cluster().withRole(Role.DAG).stream()
            .map(Member::id)
            .filter(id -> !id.equals(node.self().id()))
            .toList();
    this.dagNode =
        new DagNode(
            dag,
            channels.channel(Channels.DAG_SYNC),
            clock,
            random,
            peers,
            SyncConfig.DEFAULT,
            new UniformTipSelector());
    this.flow = channels.channel(Channels.DATA_FLOW);
    this.author = UnitAuthor.resume(key, units);
    LOG.info(
        "dag node {} ({}) opens its DAG with {} units, {} peers",
        node.self().id(),
        validator ? "super node" : "no validator key",
        units.size(),
        peers.size());
  }

  static DagRole start(NodeConfig node, DataFlowGenesis genesis, NodeKeys keys, Links links)
      throws IOException {
    DagRole role = new DagRole(node, genesis, keys, links);
    synchronized (role.lock) {
      role.flow.register(role::onMessage);
      role.dagNode.start();
    }
    return role;
  }

  /** The data flow's messages; runs under the lock ({@link Channels}). */
  private void onMessage(NodeId from, Bytes bytes) {
    Optional<Member> sender = node.cluster().member(from);
    if (sender.isEmpty()) {
      return;
    }
    try {
      DataFlowMessage m = DataFlowWire.decode(bytes);
      switch (m.getKindCase()) {
        case AUDIT_REQUEST -> onAuditRequest(sender.get(), DataFlowWire.bytes(m.getAuditRequest()));
        case AUDIT_RESPONSE ->
            onAuditResponse(sender.get(), DataFlowWire.bytes(m.getAuditResponse()));
        default -> LOG.debug("ignored a {} message from {}", m.getKindCase(), from);
      }
    } catch (InvalidEncodingException | InvalidStorageProofException e) {
      LOG.info("refused a message from {}: {}", from, e.getMessage());
    }
  }

  private void onAuditRequest(Member from, Bytes signedTagList)
      throws InvalidEncodingException, InvalidStorageProofException {
    if (from.role() != Role.ACCOUNT) {
      return;
    }
    TagList tags = TagList.open(SignedEnvelope.decode(signedTagList), from.identity().signingKey());
    if (!validator) {
      result(
          from.id(),
          tags.fileId(),
          false,
          Optional.empty(),
          node.self().id() + " is no super node");
      return;
    }
    if (audits.containsKey(tags.fileId())) {
      return;
    }
    Audit audit = new Audit(from.id(), tags);
    List<NodeId> locations =
        tags.entries().stream().map(TagListEntry::location).distinct().toList();
    for (NodeId at : locations) {
      Optional<Member> m = node.cluster().member(at);
      if (m.isEmpty() || m.get().role() != Role.STORAGE) {
        result(from.id(), tags.fileId(), false, Optional.empty(), at + " is no storage node");
        return;
      }
      long held = tags.entries().stream().filter(e -> e.location().equals(at)).count();
      ShardAuditChallenge c =
          ShardAuditChallenge.random(
              tags, at, (int) Math.min(CHALLENGED_SHARDS_PER_NODE, held), random);
      audit.pending.put(at, c);
    }
    audits.put(tags.fileId(), audit);
    audit.timeout =
        clock.schedule(
            AUDIT_TIMEOUT,
            () -> {
              if (audits.get(tags.fileId()) == audit) {
                finish(
                    audit,
                    false,
                    "no answer within " + AUDIT_TIMEOUT + " from " + audit.pending.keySet());
              }
            });
    audit.pending.forEach(
        (at, c) ->
            flow.send(
                at,
                DataFlowWire.encode(
                    DataFlowMessage.newBuilder()
                        .setAuditChallenge(DataFlowWire.bytes(c.encode()))
                        .build())));
    LOG.info("auditing file {} at {}", tags.fileId(), locations);
  }

  private void onAuditResponse(Member from, Bytes encoded) throws InvalidStorageProofException {
    ShardAuditResponse response = ShardAuditResponse.decode(encoded);
    Audit audit = audits.get(response.fileId());
    if (audit == null || !audit.pending.containsKey(from.id())) {
      return;
    }
    ShardAuditChallenge challenge = audit.pending.get(from.id());
    try {
      ShardAudit.verify(audit.tags, challenge, response);
    } catch (InvalidStorageProofException e) {
      finish(audit, false, from.id() + " failed the audit: " + e.getMessage());
      return;
    }
    audit.pending.remove(from.id());
    if (audit.pending.isEmpty()) {
      finish(audit, true, "every storage node answered its challenge");
    }
  }

  private void finish(Audit audit, boolean passed, String detail) {
    audits.remove(audit.tags.fileId());
    if (audit.timeout != null) {
      audit.timeout.cancel();
    }
    Optional<Hash> unit = Optional.empty();
    if (passed) {
      byte[] nonce = new byte[32];
      random.nextBytes(nonce);
      VerificationRecord record =
          new VerificationRecord(
              audit.tags.fileId(),
              HashFunction.SHA256.hashUntagged(audit.tags.encode()),
              HashFunction.SHA256.hashUntagged(Bytes.of(nonce)));
      Attestation attestation = AttestationBatch.sign(key, List.of(record)).get(0);
      try {
        Unit written = dagNode.write(author, attestation);
        unit = Optional.of(written.id());
        lastAttestation = unit;
        auditsPassed++;
        LOG.info("audit of {} passed; attested in unit {}", audit.tags.fileId(), written.id());
      } catch (IllegalStateException e) {
        author = UnitAuthor.resume(key, units);
        passed = false;
        detail = "the attestation unit was not stored: " + e.getMessage();
      }
    }
    if (!passed) {
      auditsFailed++;
      LOG.info("audit of {} failed: {}", audit.tags.fileId(), detail);
    }
    result(audit.uploader, audit.tags.fileId(), passed, unit, detail);
  }

  private void result(NodeId to, Hash fileId, boolean passed, Optional<Hash> unit, String detail) {
    DataFlowAuditResult.Builder r =
        DataFlowAuditResult.newBuilder()
            .setFileId(DataFlowWire.bytes(fileId))
            .setPassed(passed)
            .setDetail(detail);
    unit.ifPresent(u -> r.setUnit(DataFlowWire.bytes(u)));
    flow.send(to, DataFlowWire.encode(DataFlowMessage.newBuilder().setAuditResult(r).build()));
  }

  JsonObject status() {
    JsonObject o = new JsonObject();
    synchronized (lock) {
      o.addProperty("superNode", validator);
      o.addProperty("units", units.size());
      JsonArray tips = new JsonArray();
      dag.tips().stream().map(Hash::toHex).sorted().forEach(tips::add);
      o.add("dagTips", tips);
      o.addProperty("auditsPassed", auditsPassed);
      o.addProperty("auditsFailed", auditsFailed);
      lastAttestation.ifPresent(u -> o.addProperty("lastAttestationUnit", u.toHex()));
      o.addProperty("unitsReceived", dagNode.stats().unitsReceived());
    }
    return o;
  }

  @Override
  public void close() {
    systemClock.close();
    synchronized (lock) {
      units.close(); // closes kv too
    }
  }
}
