package org.cybervein.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end test 1 of issue 15, across real processes: four PBFT member JVMs and a client JVM on
 * loopback sockets. Writes commit; the primary's process is killed with SIGKILL; the others change
 * view and writes go on; the killed member restarts from its LMDB data directory and catches up
 * until its executed sequence number and state digest equal the others'.
 */
class PbftClusterEndToEndTest {
  private static final Duration COMMIT = Duration.ofSeconds(30);

  /**
   * A JVM with gRPC, Netty and Bouncy Castle takes seconds of CPU to start; more on a busy host.
   */
  private static final Duration START = Duration.ofSeconds(120);

  @Test
  @Timeout(300)
  void writesCommitThroughAPrimaryCrashAndTheRestartedMemberCatchesUp(@TempDir Path dir)
      throws Exception {
    try (NodeProcesses cluster = new NodeProcesses(dir)) {
      List<String> members = List.of("m0", "m1", "m2", "m3");
      cluster.init(
          List.of(
              "m0,pbft-member",
              "m1,pbft-member",
              "m2,pbft-member",
              "m3,pbft-member",
              "client,pbft-client"),
          "--checkpoint-interval",
          "4",
          "--request-timeout-ms",
          "1500");
      cluster.withLogsOnFailure(() -> run(cluster, members));
    }
  }

  private static void run(NodeProcesses cluster, List<String> members) throws Exception {
    {
      for (String m : members) {
        cluster.start(m);
      }
      NodeProcesses.Node client = cluster.start("client");
      for (String m : members) {
        NodeProcesses.await(m + " healthy", START, () -> cluster.health(m).isPresent());
      }
      int written = 0;
      for (; written < 5; written++) {
        client.stdin.println("put k" + written + " v" + written);
        client.awaitLine(
            "committed put k" + written + " v" + written + " -> OK", written == 0 ? START : COMMIT);
      }
      // Kill the current primary (view 0's is m0, unless a slow start already changed views).
      long viewBefore = cluster.healthLong("m1", "view");
      String primary = cluster.health("m1").orElseThrow().get("primary").getAsString();
      List<String> survivors = members.stream().filter(m -> !m.equals(primary)).toList();
      String witness = survivors.get(0);
      cluster.kill(primary);
      for (; written < 10; written++) {
        client.stdin.println("put k" + written + " v" + written);
        client.awaitLine("committed put k" + written + " v" + written + " -> OK", COMMIT);
      }
      for (String m : survivors) {
        assertTrue(cluster.healthLong(m, "view") > viewBefore, m + " changed view");
      }

      // The killed member restarts from its data directory and catches up by state transfer.
      cluster.start(primary);
      NodeProcesses.await(
          primary + " healthy again", START, () -> cluster.health(primary).isPresent());
      for (; written < 20; written++) {
        client.stdin.println("put k" + written + " v" + written);
        client.awaitLine("committed put k" + written + " v" + written + " -> OK", COMMIT);
      }
      client.stdin.println("get k3");
      client.awaitLine("committed get k3 -> OK v3", COMMIT);
      NodeProcesses.await(
          primary + " executes as far as " + witness,
          COMMIT,
          () -> {
            long restarted = cluster.healthLong(primary, "lastExecuted");
            return restarted >= 20 && restarted == cluster.healthLong(witness, "lastExecuted");
          });
      String digest = cluster.health(witness).orElseThrow().get("stateDigest").getAsString();
      NodeProcesses.await(
          primary + "'s state digest equals " + witness + "'s",
          COMMIT,
          () ->
              cluster
                  .health(primary)
                  .map(h -> h.get("stateDigest").getAsString().equals(digest))
                  .orElse(false));
    }
  }
}
