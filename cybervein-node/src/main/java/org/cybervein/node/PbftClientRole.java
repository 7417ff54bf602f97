package org.cybervein.node;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.cybervein.api.Bytes;
import org.cybervein.api.time.SystemClock;
import org.cybervein.consensus.pbft.Client;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.ReplicaConfig;
import org.cybervein.consensus.pbft.host.ClientHost;
import org.cybervein.consensus.pbft.keyvalue.DbCodec;
import org.cybervein.consensus.pbft.keyvalue.DbOperation;
import org.cybervein.consensus.pbft.keyvalue.DbResult;
import org.cybervein.consensus.pbft.keyvalue.InvalidDatabaseInputException;

/**
 * Role {@code pbft-client}: submits operations to the cluster's database one at a time, as PBFT
 * clients do, and prints each result once f + 1 replicas agree on it. Operations come from standard
 * input, one per line ({@code put KEY VALUE}, {@code get KEY}, {@code delete KEY}), or are
 * generated ({@code --writes N}: {@code put key-i value-i}).
 *
 * <p>Its first request's timestamp is the wall clock in microseconds, so a restarted client's
 * requests are never taken for replays of its earlier ones.
 */
final class PbftClientRole implements AutoCloseable {
  private final SystemClock clock = new SystemClock();
  private final ClientHost host;
  private final AtomicLong completed = new AtomicLong();

  PbftClientRole(NodeConfig node, NodeKeys keys, Links links) {
    ReplicaConfig config = node.cluster().replicaConfig();
    this.host =
        new ClientHost(
            links.core(),
            clock,
            new Client(config, keys, node.self().id(), System.currentTimeMillis() * 1000));
  }

  JsonObject status() {
    JsonObject o = new JsonObject();
    o.addProperty("completed", completed.get());
    o.addProperty("pending", host.pending());
    return o;
  }

  /** Runs {@code writes} generated puts, printing each result; returns how many completed. */
  long runGenerated(long writes, PrintStream out) throws InterruptedException {
    for (long i = 0; i < writes; i++) {
      if (!submit("put key-" + i + " value-" + i, out)) {
        return completed.get();
      }
    }
    return completed.get();
  }

  /** Runs the operations of {@code in}, one per line, until it ends. */
  void runLines(BufferedReader in, PrintStream out) throws IOException, InterruptedException {
    String line;
    while ((line = in.readLine()) != null) {
      if (!line.isBlank()) {
        submit(line.strip(), out);
      }
    }
  }

  /** Submits one operation line and waits for its result; false if none came within a minute. */
  boolean submit(String line, PrintStream out) throws InterruptedException {
    Optional<DbOperation> op = parse(line);
    if (op.isEmpty()) {
      out.println("refused: '" + line + "' (put KEY VALUE | get KEY | delete KEY)");
      return true;
    }
    long start = System.nanoTime();
    CompletableFuture<Bytes> result = new CompletableFuture<>();
    host.submit(DbCodec.encode(op.get()), result::complete);
    try {
      Bytes encoded = result.get(60, TimeUnit.SECONDS);
      completed.incrementAndGet();
      long micros = (System.nanoTime() - start) / 1000;
      String shown;
      try {
        DbResult r = DbCodec.decodeResult(encoded);
        shown =
            r.status()
                + r.value()
                    .map(
                        v ->
                            " "
                                + new String(
                                    v.toByteArray(), java.nio.charset.StandardCharsets.UTF_8))
                    .orElse("");
      } catch (InvalidDatabaseInputException e) {
        shown = "undecodable result";
      }
      out.println(
          "committed "
              + line
              + " -> "
              + shown
              + " (view "
              + view()
              + ", "
              + micros / 1000.0
              + " ms)");
      out.flush();
      return true;
    } catch (ExecutionException | TimeoutException e) {
      out.println("no result within 60 s for '" + line + "'");
      return false;
    }
  }

  private long view() {
    synchronized (host) {
      return host.client().view();
    }
  }

  static Optional<DbOperation> parse(String line) {
    String[] parts = line.split("\\s+", 3);
    try {
      switch (parts[0]) {
        case "put":
          return parts.length == 3
              ? Optional.of(new DbOperation.Put(Bytes.utf8(parts[1]), Bytes.utf8(parts[2])))
              : Optional.empty();
        case "get":
          return parts.length == 2
              ? Optional.of(new DbOperation.Get(Bytes.utf8(parts[1])))
              : Optional.empty();
        case "delete":
          return parts.length == 2
              ? Optional.of(new DbOperation.Delete(Bytes.utf8(parts[1])))
              : Optional.empty();
        default:
          return Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    clock.close();
  }
}
