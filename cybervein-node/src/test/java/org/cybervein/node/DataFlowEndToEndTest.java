package org.cybervein.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.cybervein.api.Amount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end test 2 of issue 15, across real processes: the whitepaper's data flow. Three storage
 * node JVMs produce Proof of Contribution blocks together; a super node JVM and a plain DAG node
 * JVM sync the DAG. From the test's JVM, account alice uploads a data set (shards at two storage
 * nodes, registration and upload fee on the ledger, an audit by the super node attested on the
 * DAG); account carol's download without a grant is refused; account bob pays the download fee and
 * fetches the shards from both storage nodes, which check his grant and record his bandwidth
 * receipts. Then: each storage node's M rose by the bytes it served, the fees landed, the plain DAG
 * node holds the attestation, a storage node killed with SIGKILL restarts from its LMDB chain and
 * catches up, and the three storage nodes agree on the tip and the state root.
 */
class DataFlowEndToEndTest {
  /** A JVM with gRPC, Netty and Bouncy Castle takes seconds of CPU to start; more when busy. */
  private static final Duration START = Duration.ofSeconds(120);

  private static final Duration STEP = Duration.ofSeconds(60);
  private static final List<String> STORAGE = List.of("s0", "s1", "s2");
  private static final int FILE_BYTES = 40_000;
  private static final Amount DOWNLOAD_FEE = Amount.ofCvt(10);

  @Test
  @Timeout(300)
  void uploadAuditAndPaidDownloadAcrossProcessesWithEveryStorageNodeAgreeing(@TempDir Path dir)
      throws Exception {
    try (NodeProcesses cluster = new NodeProcesses(dir)) {
      cluster.init(
          List.of(
              "s0,storage",
              "s1,storage",
              "s2,storage",
              "super,dag",
              "d1,dag",
              "alice,account",
              "bob,account",
              "carol,account"),
          "--validator",
          "super");
      cluster.withLogsOnFailure(() -> run(cluster, dir));
    }
  }

  private static void run(NodeProcesses cluster, Path dir) throws Exception {
    for (String s : STORAGE) {
      cluster.start(s);
    }
    cluster.start("super");
    cluster.start("d1");
    for (String m : List.of("s0", "s1", "s2", "super", "d1")) {
      NodeProcesses.await(m + " healthy", START, () -> cluster.health(m).isPresent());
    }
    NodeProcesses.await(
        "blocks produced by the storage nodes",
        STEP,
        () -> cluster.healthLong("s0", "height") >= 2);
    JsonObject before = cluster.health("s0").orElseThrow();
    long m0 = cluster.healthLong("s0", "bandwidthM");
    long m1 = cluster.healthLong("s1", "bandwidthM");

    // Upload: shards at s0 and s1, registration with the upload fee, audit attested on the DAG.
    byte[] content = new byte[FILE_BYTES];
    new Random(15).nextBytes(content);
    Path file = dir.resolve("city-sensors.bin");
    Files.write(file, content);
    assertEquals(
        0,
        Main.execute(
            "upload",
            "--config",
            dir.resolve("alice.conf").toString(),
            "--file",
            file.toString(),
            "--name",
            "city-sensors",
            "--storage",
            "s0,s1",
            "--download-fee",
            "10"),
        "upload");
    assertEquals(1, cluster.healthLong("super", "auditsPassed"), "the super node's audit passed");
    String unit = cluster.health("super").orElseThrow().get("lastAttestationUnit").getAsString();
    NodeProcesses.await(
        "the plain DAG node syncs the attestation unit",
        STEP,
        () ->
            cluster
                .health("d1")
                .map(h -> h.get("dagTips").toString().contains(unit))
                .orElse(false));

    // A download without a grant is refused by the storage nodes.
    Path refused = dir.resolve("refused.bin");
    assertEquals(
        1,
        Main.execute(
            "download",
            "--config",
            dir.resolve("carol.conf").toString(),
            "--owner",
            "alice",
            "--name",
            "city-sensors",
            "--storage",
            "s0,s1",
            "--out",
            refused.toString(),
            "--no-pay"),
        "carol's download without a grant");
    assertFalse(Files.exists(refused));
    assertTrue(cluster.healthLong("s0", "downloadsRefused") >= 1);

    // Bob pays and downloads from both storage nodes, which check his grant.
    Path fetched = dir.resolve("fetched.bin");
    assertEquals(
        0,
        Main.execute(
            "download",
            "--config",
            dir.resolve("bob.conf").toString(),
            "--owner",
            "alice",
            "--name",
            "city-sensors",
            "--storage",
            "s0,s1",
            "--out",
            fetched.toString()),
        "bob's paid download");
    assertArrayEquals(content, Files.readAllBytes(fetched));

    // The receipts land in a block: each serving node's M rises by the bytes it served.
    NodeProcesses.await(
        "s0's and s1's bandwidth M rise with bob's receipts",
        STEP,
        () ->
            cluster.healthLong("s0", "bandwidthM") > m0
                && cluster.healthLong("s1", "bandwidthM") > m1);
    assertEquals(
        FILE_BYTES,
        cluster.healthLong("s0", "bandwidthM") - m0 + cluster.healthLong("s1", "bandwidthM") - m1,
        "M rose by the bytes served");

    // Storage node s2 is killed and restarts from its LMDB chain, then catches up.
    long heightBeforeKill = cluster.healthLong("s2", "height");
    cluster.kill("s2");
    cluster.start("s2");
    NodeProcesses.await("s2 healthy again", START, () -> cluster.health("s2").isPresent());
    assertTrue(cluster.healthLong("s2", "height") >= heightBeforeKill, "s2 resumed its chain");

    // Every storage node agrees on the tip and the state root.
    long target = cluster.healthLong("s0", "height") + 2;
    NodeProcesses.await(
        "the storage nodes agree on the tip and the state root",
        STEP,
        () -> {
          List<JsonObject> hs =
              STORAGE.stream().map(s -> cluster.health(s).orElse(new JsonObject())).toList();
          return hs.stream().allMatch(h -> h.has("height") && h.get("height").getAsLong() >= target)
              && hs.stream().map(h -> h.get("tip").getAsString()).distinct().count() == 1
              && hs.stream().map(h -> h.get("stateRoot").getAsString()).distinct().count() == 1;
        });

    // The fees landed: bob paid the download fee, alice got it less the network's share and paid
    // the upload fee; each paid one transaction fee.
    JsonObject after = cluster.health("s0").orElseThrow();
    long aliceChange = balance(after, "alice") - balance(before, "alice");
    long bobChange = balance(after, "bob") - balance(before, "bob");
    assertEquals(
        -DOWNLOAD_FEE.plus(DataFlowLedger.TX_FEE).baseUnits(), bobChange, "bob paid the fee");
    assertEquals(
        DOWNLOAD_FEE
            .minus(DataFlowLedger.FEES.networkFee(DOWNLOAD_FEE))
            .minus(DataFlowLedger.FEES.uploadFee(FILE_BYTES))
            .minus(DataFlowLedger.TX_FEE)
            .baseUnits(),
        aliceChange,
        "alice paid the upload fee and received the download fee less the network's share");
    assertEquals(0, balance(after, "carol") - balance(before, "carol"), "carol paid nothing");
  }

  private static long balance(JsonObject health, String account) {
    return health.getAsJsonObject("accounts").getAsJsonObject(account).get("balance").getAsLong();
  }
}
