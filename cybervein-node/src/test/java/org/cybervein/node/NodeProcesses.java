package org.cybervein.node;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Node processes of one cluster for end-to-end tests: each member a JVM of its own ({@code java -cp
 * <this test's class path> org.cybervein.node.Main run --config ID.conf}), its output in {@code
 * ID.log} beside the configuration, health read over HTTP as {@code cybervein status} does.
 */
final class NodeProcesses implements AutoCloseable {
  /** A started member: its process, its stdin, and the lines it printed to stdout. */
  static final class Node {
    final String id;
    final Process process;
    final PrintWriter stdin;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Node(String id, Process process) {
      this.id = id;
      this.process = process;
      this.stdin =
          new PrintWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    }

    /** The next stdout line that starts with {@code prefix}, waiting at most {@code timeout}. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
        if (line == null) {
          throw new AssertionError(id + " printed no line '" + prefix + "...' within " + timeout);
        }
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }
  }

  final Path dir;
  final Map<String, Integer> httpPorts = new LinkedHashMap<>();
  private final Map<String, Node> running = new LinkedHashMap<>();
  private final java.util.Set<Integer> given = new java.util.HashSet<>();

  NodeProcesses(Path dir) {
    this.dir = dir;
  }

  /** {@code cybervein init} in this JVM for members {@code ID,ROLE} on free loopback ports. */
  void init(List<String> idsAndRoles, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("init", "--dir", dir.toString()));
    for (String idRole : idsAndRoles) {
      int port = freePort();
      int http = freePort();
      httpPorts.put(idRole.split(",")[0], http);
      args.add("--member");
      args.add(idRole + ",127.0.0.1:" + port + ",127.0.0.1:" + http);
    }
    args.addAll(List.of(options));
    int status = Main.execute(args.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("init failed with " + status);
    }
  }

  /** Starts member {@code id}'s process with {@code extra} arguments after {@code run}. */
  Node start(String id, String... extra) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--config",
                dir.resolve(id + ".conf").toString()));
    command.addAll(List.of(extra));
    Path log = dir.resolve(id + ".log");
    Process p =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Node node = new Node(id, p);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  node.lines.add(line);
                  Files.writeString(
                      log,
                      "[stdout] " + line + "\n",
                      StandardCharsets.UTF_8,
                      java.nio.file.StandardOpenOption.CREATE,
                      java.nio.file.StandardOpenOption.APPEND);
                }
              } catch (IOException e) {
                // The process ended.
              }
            },
            "stdout-" + id);
    reader.setDaemon(true);
    reader.start();
    running.put(id, node);
    return node;
  }

  /** SIGKILL: the process gets no chance to clean up. */
  void kill(String id) throws InterruptedException {
    Node n = running.remove(id);
    n.process.destroyForcibly();
    n.process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Member {@code id}'s {@code /health}, if it answers. */
  Optional<JsonObject> health(String id) {
    return Commands.get("http://127.0.0.1:" + httpPorts.get(id) + "/health")
        .map(body -> JsonParser.parseString(body).getAsJsonObject());
  }

  long healthLong(String id, String field) {
    return health(id).map(h -> h.get(field).getAsLong()).orElse(-1L);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(100);
    }
  }

  String logOf(String id) {
    try {
      Path log = dir.resolve(id + ".log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every member's log, for the message of a failed test. */
  String allLogs() {
    StringBuilder b = new StringBuilder();
    for (String id : httpPorts.keySet()) {
      String log = logOf(id);
      b.append("\n===== ").append(id).append(".log (last 4000 chars)\n");
      b.append(log.substring(Math.max(0, log.length() - 4000)));
    }
    return b.toString();
  }

  /** Runs {@code body}; a failure carries every member's log. */
  void withLogsOnFailure(ThrowingRunnable body) throws Exception {
    try {
      body.run();
    } catch (AssertionError | Exception e) {
      throw new AssertionError(e.getMessage() + allLogs(), e);
    }
  }

  /** A test body. */
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * A free loopback port not handed out before: the system may give a just-closed port again, and a
   * member whose transport and HTTP ports collide cannot start.
   */
  private int freePort() throws IOException {
    while (true) {
      try (ServerSocket s = new ServerSocket(0)) {
        if (given.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Node n : running.values()) {
      n.process.destroy();
    }
    for (Node n : running.values()) {
      if (!n.process.waitFor(5, TimeUnit.SECONDS)) {
        n.process.destroyForcibly();
      }
    }
    running.clear();
  }
}
