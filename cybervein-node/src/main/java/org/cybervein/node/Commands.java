package org.cybervein.node;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.cybervein.api.NodeId;
import org.cybervein.consensus.pbft.AuthMode;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.PeerIdentity;
import org.cybervein.crypto.random.SecureRandomSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The subcommands of {@link Main}, one class each. */
final class Commands {
  private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

  private Commands() {}

  @Command(
      name = "cybervein",
      mixinStandardHelpOptions = true,
      version = "cybervein node 0.1.0-SNAPSHOT",
      description = "Runs CyberVein SDK nodes as processes.",
      subcommands = {
        Keygen.class,
        Init.class,
        Run.class,
        Status.class,
        Check.class,
        DataFlowCommands.Upload.class,
        DataFlowCommands.Download.class,
        Bench.class
      })
  static final class Top implements Runnable {
    @Override
    public void run() {
      Main.commandLine().usage(System.out);
    }
  }

  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description =
          "Writes a node's Ed25519 identity and X25519 agreement keys (files 0600) and its public"
              + " identity.pub into DIR.")
  static final class Keygen implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "the key directory")
    Path out;

    @Option(names = "--id", required = true, description = "the node id")
    String id;

    @Override
    public Integer call() throws IOException {
      PeerIdentity identity = NodeKeyFiles.generate(out, new NodeId(id), new SecureRandomSource());
      System.out.print(NodeKeyFiles.publicText(identity));
      return 0;
    }
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description =
          "Writes DIR/cluster.conf (members, roles, addresses, public keys, genesis) and one"
              + " DIR/ID.conf per member; generates keys under DIR/keys/ID for members without.")
  static final class Init implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "the cluster directory")
    Path dir;

    @Option(
        names = "--member",
        required = true,
        description = "ID,ROLE,HOST:PORT,HOST:HTTP_PORT (repeat; roles: ${COMPLETION-CANDIDATES})")
    List<String> members;

    @Option(names = "--name", defaultValue = "local", description = "the cluster's name")
    String name;

    @Option(
        names = "--transport",
        defaultValue = ClusterDescription.DEFAULT_TRANSPORT,
        description = "grpc or plain-tcp (default ${DEFAULT-VALUE})")
    String transport;

    @Option(names = "--checkpoint-interval", description = "PBFT K")
    Optional<Integer> checkpointInterval;

    @Option(names = "--request-timeout-ms", description = "PBFT view-change timeout")
    Optional<Long> requestTimeoutMillis;

    @Option(
        names = "--retransmit-ms",
        description = "how often a PBFT replica resends its messages for unfinished work")
    Optional<Long> retransmitMillis;

    @Option(
        names = "--client-retry-ms",
        description = "a PBFT client's wait for f + 1 replies before it sends to every replica")
    Optional<Long> clientRetryMillis;

    @Option(
        names = "--auth",
        description = "PBFT's normal-case authentication: mac (default) or signatures")
    Optional<String> auth;

    @Option(names = "--batch", description = "the most requests in one PRE-PREPARE (256)")
    Optional<Integer> batch;

    @Option(names = "--dataset", description = "ID=CSV: an FL party's data (repeat)")
    Map<String, String> datasets = new LinkedHashMap<>();

    @Option(names = "--label", description = "ID=COLUMN: party B's label column")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--fl-max-epochs", description = "vertical training's epoch limit")
    Optional<Integer> flMaxEpochs;

    @Option(names = "--paillier-bits", description = "Paillier modulus (2048; less for tests)")
    Optional<Integer> paillierBits;

    @Option(
        names = "--validator",
        description = "a dag member that is a validator (super node) of the data flow (repeat)")
    List<String> validators = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      Files.createDirectories(dir);
      List<Member> list = new ArrayList<>();
      SecureRandomSource random = new SecureRandomSource();
      for (String spec : members) {
        String[] p = spec.split(",");
        if (p.length != 4) {
          throw new IllegalArgumentException(
              "--member is ID,ROLE,HOST:PORT,HOST:HTTP_PORT: " + spec);
        }
        NodeId id = new NodeId(p[0]);
        Path keys = dir.resolve("keys").resolve(p[0]);
        PeerIdentity identity =
            Files.exists(keys.resolve(NodeKeyFiles.PUBLIC))
                ? NodeKeyFiles.loadPublic(keys)
                : NodeKeyFiles.generate(keys, id, random);
        list.add(
            new Member(
                identity, Role.parse(p[1]), Member.parseAddress(p[2]), Member.parseAddress(p[3])));
      }
      ClusterDescription.PbftGenesis d = ClusterDescription.PbftGenesis.DEFAULT;
      int k = checkpointInterval.orElse(d.checkpointInterval());
      ClusterDescription.PbftGenesis pbft =
          new ClusterDescription.PbftGenesis(
              auth.map(Init::authMode).orElse(d.auth()),
              k,
              4 * k,
              requestTimeoutMillis.map(Duration::ofMillis).orElse(d.requestTimeout()),
              retransmitMillis.map(Duration::ofMillis).orElse(d.retransmitInterval()),
              clientRetryMillis.map(Duration::ofMillis).orElse(d.clientRetryTimeout()),
              batch.orElse(d.batchRequests()),
              d.database());
      ClusterDescription.FlGenesis f = ClusterDescription.FlGenesis.DEFAULT;
      ClusterDescription.FlGenesis fl =
          new ClusterDescription.FlGenesis(
              f.model(),
              f.learningRate(),
              f.l2(),
              f.batchSize(),
              flMaxEpochs.orElse(f.maxEpochs()),
              f.tolerance(),
              paillierBits.orElse(f.paillierBits()));
      ClusterDescription cluster = new ClusterDescription(name, transport, list, pbft, fl);
      String description = cluster.render();
      if (!cluster.withRole(Role.STORAGE).isEmpty()) {
        description += dataFlowGenesis(list, random);
      }
      Files.writeString(dir.resolve("cluster.conf"), description, StandardCharsets.UTF_8);
      for (Member m : list) {
        String id = m.id().value();
        Optional<String> dataset =
            Optional.ofNullable(datasets.get(id))
                .map(
                    csv ->
                        dir.toAbsolutePath().relativize(Path.of(csv).toAbsolutePath()).toString());
        Files.writeString(
            dir.resolve(id + ".conf"),
            NodeConfig.render(
                "cluster.conf",
                m.id(),
                "keys/" + id,
                "data/" + id,
                dataset,
                Optional.ofNullable(labels.get(id))),
            StandardCharsets.UTF_8);
        System.out.println(dir.resolve(id + ".conf") + "  (" + m.role().configName() + ")");
      }
      return 0;
    }

    /** The data flow's genesis, signed with the storage members' keys under DIR/keys. */
    private String dataFlowGenesis(List<Member> list, SecureRandomSource random) {
      return DataFlowGenesis.create(
              list,
              id -> {
                try {
                  return NodeKeyFiles.load(dir.resolve("keys").resolve(id.value())).signingKey();
                } catch (IOException e) {
                  throw new IllegalArgumentException(
                      "storage member "
                          + id
                          + "'s private key must be under "
                          + dir.resolve("keys").resolve(id.value())
                          + " at init: it signs the member's genesis space registration",
                      e);
                }
              },
              validators.stream().map(NodeId::new).toList(),
              System.currentTimeMillis(),
              random)
          .render();
    }

    private static AuthMode authMode(String name) {
      return switch (name) {
        case "mac" -> AuthMode.MAC_AUTHENTICATORS;
        case "signatures" -> AuthMode.SIGNATURES;
        default -> throw new IllegalArgumentException("--auth is mac or signatures, got " + name);
      };
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Runs the member a configuration file names, until SIGTERM.")
  static final class Run implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "the member's ID.conf")
    Path config;

    @Option(
        names = "--writes",
        description = "pbft-client: submit N generated puts, then exit (default: read stdin)")
    Optional<Long> writes;

    @Override
    public Integer call() throws Exception {
      NodeConfig node = NodeConfig.load(config);
      NodeKeys keys = NodeKeyFiles.load(node.keys());
      LOG.info(
          "{} ({}) starting: transport {} at {}, http {}",
          node.self().id(),
          node.self().role().configName(),
          node.cluster().transport(),
          Member.format(node.self().address()),
          Member.format(node.self().http()));
      PrometheusRegistry registry = new PrometheusRegistry();
      List<AutoCloseable> open = new ArrayList<>();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    LOG.info("{} stopping", node.self().id());
                    for (int i = open.size() - 1; i >= 0; i--) {
                      try {
                        open.get(i).close();
                      } catch (Exception e) {
                        LOG.warn("while stopping: {}", e.toString());
                      }
                    }
                    stopped.countDown();
                  },
                  "shutdown"));
      Links links = Links.open(node, keys);
      open.add(links);
      Supplier<JsonObject> state;
      switch (node.self().role()) {
        case PBFT_MEMBER -> {
          PbftMemberRole role = PbftMemberRole.start(node, keys, links, registry);
          open.add(role);
          state = role::status;
        }
        case PBFT_CLIENT -> {
          PbftClientRole role = new PbftClientRole(node, keys, links);
          open.add(role);
          open.add(StatusServer.start(node.self(), links, registry, role::status));
          if (writes.isPresent()) {
            long done = role.runGenerated(writes.get(), System.out);
            return done == writes.get() ? 0 : 1;
          }
          role.runLines(
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
              System.out);
          return 0;
        }
        case FL_HOST, FL_GUEST, FL_COORDINATOR -> {
          FlPartyRole role = FlPartyRole.start(node, links);
          open.add(role);
          open.add(StatusServer.start(node.self(), links, registry, role::status));
          return role.awaitFinished(System.out) ? 0 : 1;
        }
        case STORAGE -> {
          StorageRole role =
              StorageRole.start(node, DataFlowGenesis.load(config), keys, links.core(), registry);
          open.add(role);
          state = role::status;
        }
        case DAG -> {
          DagRole role = DagRole.start(node, DataFlowGenesis.load(config), keys, links);
          open.add(role);
          state = role::status;
        }
        case ACCOUNT ->
            throw new IllegalArgumentException(
                "an account member runs no process: use cybervein upload or download --config "
                    + config);
        default -> throw new IllegalStateException("unhandled role " + node.self().role());
      }
      open.add(StatusServer.start(node.self(), links, registry, state));
      LOG.info(
          "{} running; health at http://{}/health",
          node.self().id(),
          Member.format(node.self().http()));
      stopped.await();
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Prints a running member's /health (the member of --config, or --url).")
  static final class Status implements Callable<Integer> {
    @Option(names = "--config", description = "the member's ID.conf")
    Optional<Path> config;

    @Option(names = "--url", description = "a node's health URL, e.g. http://127.0.0.1:8000/health")
    Optional<String> url;

    @Override
    public Integer call() throws Exception {
      String target =
          url.orElseGet(
              () ->
                  "http://"
                      + Member.format(
                          NodeConfig.load(
                                  config.orElseThrow(
                                      () -> new IllegalArgumentException("give --config or --url")))
                              .self()
                              .http())
                      + "/health");
      Optional<String> body = get(target);
      if (body.isEmpty()) {
        System.out.println("no answer from " + target);
        return 1;
      }
      System.out.println(body.get());
      return 0;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Asks every member of the cluster which peers it has a live link to, and reports every"
              + " pair of running members that cannot reach each other and the members that do"
              + " not answer (exit 1 if any).")
  static final class Check implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "any member's ID.conf")
    Path config;

    @Override
    public Integer call() throws Exception {
      ClusterDescription cluster = NodeConfig.load(config).cluster();
      Map<Member, JsonObject> answering = new LinkedHashMap<>();
      List<String> silent = new ArrayList<>();
      for (Member m : cluster.members()) {
        if (m.role() == Role.ACCOUNT) {
          continue; // an account runs no process, only its upload and download commands
        }
        Optional<String> body = get("http://" + Member.format(m.http()) + "/health");
        if (body.isPresent()) {
          answering.put(
              m, JsonParser.parseString(body.get()).getAsJsonObject().getAsJsonObject("peers"));
        } else {
          silent.add(m.id().value());
        }
      }
      int down = 0;
      for (Map.Entry<Member, JsonObject> e : answering.entrySet()) {
        List<String> unreachable = new ArrayList<>();
        for (Member p : answering.keySet()) {
          JsonObject link =
              p.equals(e.getKey()) ? null : e.getValue().getAsJsonObject(p.id().value());
          if (!p.equals(e.getKey()) && (link == null || !link.get("live").getAsBoolean())) {
            unreachable.add(p.id().value());
          }
        }
        down += unreachable.size();
        System.out.println(
            e.getKey().id().value()
                + ": "
                + (unreachable.isEmpty()
                    ? "live links to the " + (answering.size() - 1) + " other running members"
                    : "no live link to " + unreachable));
      }
      if (!silent.isEmpty()) {
        System.out.println("not running (no answer on their HTTP port): " + silent);
      }
      System.out.println(
          down == 0
              ? "every pair of the " + answering.size() + " running members reaches each other"
              : down + " links between running members are down");
      return down == 0 && silent.isEmpty() ? 0 : 1;
    }
  }

  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description =
          "Runs the PBFT benchmark's client process (scripts/bench-pbft.sh starts the replicas):"
              + " N client cores with one write outstanding each, then prints throughput, latency"
              + " percentiles and CPU per operation of the measured window.")
  static final class Bench implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "the pbft-client's ID.conf")
    Path config;

    @Option(
        names = "--clients",
        defaultValue = "128",
        description = "client cores, i.e. requests outstanding (default ${DEFAULT-VALUE})")
    int clients;

    @Option(
        names = "--size",
        defaultValue = "0",
        description = "bytes of each write's value (default ${DEFAULT-VALUE})")
    int size;

    @Option(
        names = "--duration",
        defaultValue = "300",
        description = "seconds of the whole run (default ${DEFAULT-VALUE})")
    long duration;

    @Option(names = "--warmup", description = "seconds discarded at the start (default: half)")
    Optional<Long> warmup;

    @Option(
        names = "--pids",
        split = ",",
        description = "the replicas' process ids, whose CPU time counts with this process's")
    List<Long> pids = new ArrayList<>();

    @Option(
        names = "--clock-ticks",
        defaultValue = "100",
        description = "getconf CLK_TCK (default ${DEFAULT-VALUE})")
    int clockTicks;

    @Override
    public Integer call() throws Exception {
      NodeConfig node = NodeConfig.load(config);
      if (node.self().role() != Role.PBFT_CLIENT) {
        throw new IllegalArgumentException(node.self().id() + " is not a pbft-client");
      }
      PbftBenchmark.Settings settings =
          new PbftBenchmark.Settings(
              clients,
              size,
              Duration.ofSeconds(duration),
              Duration.ofSeconds(warmup.orElse(duration / 2)),
              pids,
              clockTicks);
      try (Links links = Links.open(node, NodeKeyFiles.load(node.keys()))) {
        PbftBenchmark bench = new PbftBenchmark(node, links, settings);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!links.allLive(System.nanoTime())) {
          if (System.nanoTime() > deadline) {
            System.err.println("no live link to every replica within 60 s");
            return 1;
          }
          Thread.sleep(100);
        }
        return bench.run(System.out) ? 0 : 1;
      }
    }
  }

  static Optional<String> get(String url) {
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
