package org.cybervein.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.consensus.pbft.AuthMode;
import org.cybervein.consensus.pbft.PeerIdentity;
import org.cybervein.consensus.pbft.ReplicaConfig;
import org.cybervein.crypto.agreement.X25519PublicKey;

/**
 * The cluster description every member holds an equal copy of ({@code cluster.conf}, written by
 * {@code cybervein init}): the members with their roles, addresses and public keys, and the genesis
 * parameters of what they run together (the PBFT group's tuning, the vertical training's settings).
 *
 * @param name the cluster's name, for logs
 * @param transport the link layer every member uses: {@code grpc} (mutual TLS) or {@code plain-tcp}
 *     (loopback tests only)
 * @param members every member, in the order of the file; PBFT replica i is the i-th {@code
 *     pbft-member}
 * @param pbft the PBFT group's parameters
 * @param fl the vertical training's parameters
 */
record ClusterDescription(
    String name, String transport, List<Member> members, PbftGenesis pbft, FlGenesis fl) {
  ClusterDescription {
    Objects.requireNonNull(name, "name");
    if (!transport.equals("grpc") && !transport.equals("plain-tcp")) {
      throw new IllegalArgumentException("transport is grpc or plain-tcp, got " + transport);
    }
    members = List.copyOf(members);
    Objects.requireNonNull(pbft, "pbft");
    Objects.requireNonNull(fl, "fl");
    Set<NodeId> ids = new HashSet<>();
    for (Member m : members) {
      if (!ids.add(m.id())) {
        throw new IllegalArgumentException("member " + m.id() + " appears twice");
      }
    }
  }

  /**
   * The PBFT group's genesis parameters.
   *
   * @param auth how normal-case messages are authenticated
   * @param checkpointInterval K
   * @param watermarkWindow L
   * @param requestTimeout a backup's wait before a view change
   * @param retransmitInterval resend period
   * @param clientRetryTimeout a client's wait before sending to all
   * @param batchRequests the most requests the primary puts in one PRE-PREPARE
   * @param database the key-value database's namespace
   */
  record PbftGenesis(
      AuthMode auth,
      int checkpointInterval,
      int watermarkWindow,
      Duration requestTimeout,
      Duration retransmitInterval,
      Duration clientRetryTimeout,
      int batchRequests,
      String database) {
    static final PbftGenesis DEFAULT =
        new PbftGenesis(
            AuthMode.MAC_AUTHENTICATORS,
            16,
            64,
            Duration.ofSeconds(1),
            // Not the core's 100 ms: on real links a loaded replica resent whole PRE-PREPAREs
            // faster
            // than they committed (the node README's benchmark section has the measurement).
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            256,
            "kv");
  }

  /**
   * The vertical training's genesis parameters; both parties and the coordinator must agree.
   *
   * @param model {@code linear} or {@code logistic-taylor}
   * @param learningRate eta
   * @param l2 the L2 penalty
   * @param batchSize rows per mini-batch
   * @param maxEpochs the epoch limit
   * @param tolerance the convergence tolerance
   * @param paillierBits the Paillier modulus size; below 2048 only for tests
   */
  record FlGenesis(
      String model,
      double learningRate,
      double l2,
      int batchSize,
      int maxEpochs,
      double tolerance,
      int paillierBits) {
    static final FlGenesis DEFAULT =
        new FlGenesis("logistic-taylor", 0.15, 0.01, 64, 3, 1e-4, 2048);
  }

  /** The link layer of a cluster whose description names none. */
  static final String DEFAULT_TRANSPORT = "grpc";

  /** The members with {@code role}, in file order. */
  List<Member> withRole(Role role) {
    return members.stream().filter(m -> m.role() == role).toList();
  }

  Optional<Member> member(NodeId id) {
    return members.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /** The PBFT group: the {@code pbft-member}s in file order, with the genesis tuning. */
  ReplicaConfig replicaConfig() {
    List<PeerIdentity> replicas =
        withRole(Role.PBFT_MEMBER).stream().map(Member::identity).toList();
    return ReplicaConfig.of(replicas, pbft.auth())
        .withCheckpoints(pbft.checkpointInterval(), pbft.watermarkWindow())
        .withTimeouts(pbft.requestTimeout(), pbft.retransmitInterval(), pbft.clientRetryTimeout())
        .withBatching(pbft.batchRequests(), 1 << 20);
  }

  static PeerIdentity identity(NodeId node, String signingHex, String agreementHex) {
    return new PeerIdentity(
        node,
        PublicKey.ed25519(Bytes.fromHex(signingHex).toByteArray()),
        new X25519PublicKey(Bytes.fromHex(agreementHex)));
  }

  /** Reads the {@code cluster} section of {@code root}. */
  static ClusterDescription parse(Config root) {
    try {
      Config c = root.getConfig("cluster");
      List<Member> members = new ArrayList<>();
      for (Config m : c.getConfigList("members")) {
        members.add(
            new Member(
                identity(
                    new NodeId(m.getString("id")),
                    m.getString("signing-key"),
                    m.getString("agreement-key")),
                Role.parse(m.getString("role")),
                Member.parseAddress(m.getString("address")),
                Member.parseAddress(m.getString("http"))));
      }
      PbftGenesis d = PbftGenesis.DEFAULT;
      Config p =
          c.hasPath("pbft") ? c.getConfig("pbft") : com.typesafe.config.ConfigFactory.empty();
      PbftGenesis pbft =
          new PbftGenesis(
              p.hasPath("auth") && p.getString("auth").equals("signatures")
                  ? AuthMode.SIGNATURES
                  : AuthMode.MAC_AUTHENTICATORS,
              p.hasPath("checkpoint-interval")
                  ? p.getInt("checkpoint-interval")
                  : d.checkpointInterval(),
              p.hasPath("watermark-window") ? p.getInt("watermark-window") : d.watermarkWindow(),
              p.hasPath("request-timeout") ? p.getDuration("request-timeout") : d.requestTimeout(),
              p.hasPath("retransmit-interval")
                  ? p.getDuration("retransmit-interval")
                  : d.retransmitInterval(),
              p.hasPath("client-retry-timeout")
                  ? p.getDuration("client-retry-timeout")
                  : d.clientRetryTimeout(),
              p.hasPath("batch-requests") ? p.getInt("batch-requests") : d.batchRequests(),
              p.hasPath("database") ? p.getString("database") : d.database());
      FlGenesis e = FlGenesis.DEFAULT;
      Config f = c.hasPath("fl") ? c.getConfig("fl") : com.typesafe.config.ConfigFactory.empty();
      FlGenesis fl =
          new FlGenesis(
              f.hasPath("model") ? f.getString("model") : e.model(),
              f.hasPath("learning-rate") ? f.getDouble("learning-rate") : e.learningRate(),
              f.hasPath("l2") ? f.getDouble("l2") : e.l2(),
              f.hasPath("batch-size") ? f.getInt("batch-size") : e.batchSize(),
              f.hasPath("max-epochs") ? f.getInt("max-epochs") : e.maxEpochs(),
              f.hasPath("tolerance") ? f.getDouble("tolerance") : e.tolerance(),
              f.hasPath("paillier-bits") ? f.getInt("paillier-bits") : e.paillierBits());
      return new ClusterDescription(
          c.getString("name"),
          c.hasPath("transport") ? c.getString("transport") : DEFAULT_TRANSPORT,
          members,
          pbft,
          fl);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("cluster description: " + e.getMessage(), e);
    }
  }

  /** This description as HOCON, which {@link #parse} reads back to an equal description. */
  String render() {
    StringBuilder s = new StringBuilder();
    s.append("# The cluster description (cybervein init): equal at every member.\n");
    s.append("cluster {\n");
    s.append("  name = \"").append(name).append("\"\n");
    s.append("  transport = ").append(transport).append('\n');
    s.append("  pbft {\n");
    s.append("    auth = ")
        .append(pbft.auth() == AuthMode.SIGNATURES ? "signatures" : "mac")
        .append('\n');
    s.append("    checkpoint-interval = ").append(pbft.checkpointInterval()).append('\n');
    s.append("    watermark-window = ").append(pbft.watermarkWindow()).append('\n');
    s.append("    request-timeout = ").append(millis(pbft.requestTimeout())).append('\n');
    s.append("    retransmit-interval = ").append(millis(pbft.retransmitInterval())).append('\n');
    s.append("    client-retry-timeout = ").append(millis(pbft.clientRetryTimeout())).append('\n');
    s.append("    batch-requests = ").append(pbft.batchRequests()).append('\n');
    s.append("    database = \"").append(pbft.database()).append("\"\n");
    s.append("  }\n");
    s.append("  fl {\n");
    s.append("    model = \"").append(fl.model()).append("\"\n");
    s.append("    learning-rate = ").append(fl.learningRate()).append('\n');
    s.append("    l2 = ").append(fl.l2()).append('\n');
    s.append("    batch-size = ").append(fl.batchSize()).append('\n');
    s.append("    max-epochs = ").append(fl.maxEpochs()).append('\n');
    s.append("    tolerance = ").append(fl.tolerance()).append('\n');
    s.append("    paillier-bits = ").append(fl.paillierBits()).append('\n');
    s.append("  }\n");
    s.append("  members = [\n");
    for (Member m : members) {
      s.append("    { id = \"")
          .append(m.id().value())
          .append("\", role = ")
          .append(m.role().configName())
          .append(", address = \"")
          .append(Member.format(m.address()))
          .append("\", http = \"")
          .append(Member.format(m.http()))
          .append("\",\n      signing-key = \"")
          .append(m.identity().signingKey().encoded().toHex())
          .append("\",\n      agreement-key = \"")
          .append(m.identity().agreementKey().bytes().toHex())
          .append("\" }\n");
    }
    s.append("  ]\n}\n");
    return s.toString();
  }

  private static String millis(Duration d) {
    return d.toMillis() + "ms";
  }
}
