package org.cybervein.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  @Test
  @Timeout(120)
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
      for (String m : members) {
        cluster.start(m);
      }
      for (String m : members) {
        NodeProcesses.await(m + " healthy", COMMIT, () -> cluster.health(m).isPresent());
      }
      NodeProcesses.Node client = cluster.start("client");
      int written = 0;
      for (; written < 5; written++) {
        client.stdin.println("put k" + written + " v" + written);
        client.awaitLine("committed put k" + written + " v" + written + " -> OK", COMMIT);
      }
      assertEquals(0, cluster.healthLong("m1", "view"), cluster.logOf("m1"));

      // View 0's primary is m0: SIGKILL it.
      cluster.kill("m0");
      for (; written < 10; written++) {
        client.stdin.println("put k" + written + " v" + written);
        client.awaitLine("committed put k" + written + " v" + written + " -> OK", COMMIT);
      }
      for (String m : List.of("m1", "m2", "m3")) {
        assertTrue(cluster.healthLong(m, "view") >= 1, m + " changed view");
      }

      // m0 restarts from its data directory and catches up by state transfer.
      cluster.start("m0");
      NodeProcesses.await("m0 healthy again", COMMIT, () -> cluster.health("m0").isPresent());
      for (; written < 20; written++) {
        client.stdin.println("put k" + written + " v" + written);
        client.awaitLine("committed put k" + written + " v" + written + " -> OK", COMMIT);
      }
      client.stdin.println("get k3");
      client.awaitLine("committed get k3 -> OK v3", COMMIT);
      NodeProcesses.await(
          "m0 executes as far as m1 (" + cluster.logOf("m0") + ")",
          COMMIT,
          () -> {
            long m0 = cluster.healthLong("m0", "lastExecuted");
            return m0 >= 20 && m0 == cluster.healthLong("m1", "lastExecuted");
          });
      String digest = cluster.health("m1").orElseThrow().get("stateDigest").getAsString();
      NodeProcesses.await(
          "m0's state digest equals m1's",
          COMMIT,
          () ->
              cluster
                  .health("m0")
                  .map(h -> h.get("stateDigest").getAsString().equals(digest))
                  .orElse(false));
    }
  }
}
