package org.cybervein.benchmarks.fl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.psi.EcdhPsiGroup;
import org.cybervein.crypto.psi.EcdhPsiInitiator;
import org.cybervein.fl.alignment.AlignmentParty;

/**
 * Issue 16's PSI target, measured: two {@link AlignmentParty} instances in one JVM aligning {@code
 * size} ids each (half of them shared) over a synchronous in-memory link, the per-id work of both
 * on one pool of {@code threads} threads. The two parties hash and blind their ids at the same
 * time, as two hosts would. Prints the wall time of each phase and the load average. Not JMH and
 * not part of any build step: a run of a million ids takes minutes.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.cybervein.benchmarks.fl.AlignmentAtScale \
 *     CURVE25519 1000000 2
 * java -cp benchmarks/target/benchmarks.jar org.cybervein.benchmarks.fl.AlignmentAtScale \
 *     P256 100000 2
 * java -cp benchmarks/target/benchmarks.jar org.cybervein.benchmarks.fl.AlignmentAtScale perid
 * }</pre>
 *
 * <p>{@code perid} instead times, on one thread, hashing and blinding 20,000 ids in each group and
 * Bouncy Castle's raw X25519 ladder (the baseline: the physical limit of the Curve25519 group's
 * exponentiation) and Ed25519 verification (what an Edwards group such as ristretto255 would cost
 * at most on the same arithmetic).
 */
public final class AlignmentAtScale {
  private AlignmentAtScale() {}

  /** One end of a synchronous in-memory link: {@code send} delivers before it returns. */
  private static final class Link implements Transport {
    private final NodeId self;
    private Link other;
    private MessageHandler handler = (from, message) -> {};
    long messages;
    long bytes;

    Link(NodeId self) {
      this.self = self;
    }

    @Override
    public NodeId localNode() {
      return self;
    }

    @Override
    public void send(NodeId to, Bytes message) {
      messages++;
      bytes += message.size();
      other.handler.onMessage(self, message);
    }

    @Override
    public void register(MessageHandler handler) {
      this.handler = handler;
    }
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /**
   * CPU seconds this process has used on all its threads: less sensitive to load than wall time.
   */
  private static double cpuSeconds() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  private static double seconds(long fromNanos) {
    return (System.nanoTime() - fromNanos) / 1e9;
  }

  /**
   * Runs one measurement.
   *
   * @param args {@code GROUP SIZE THREADS} (defaults CURVE25519 1000000 2), or {@code perid}
   */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("perid")) {
      perId();
      return;
    }
    EcdhPsiGroup group = EcdhPsiGroup.valueOf(args.length > 0 ? args[0] : "CURVE25519");
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    List<String> idsA = new ArrayList<>(size);
    List<String> idsB = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      idsA.add("customer-" + i);
      idsB.add("customer-" + (i + size / 2));
    }
    System.out.printf(
        Locale.ROOT,
        "%s, %,d ids per side, %d threads; load before: %s%n",
        group,
        size,
        threads,
        load());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      NodeId a = NodeId.of("A");
      NodeId b = NodeId.of("B");
      Link linkA = new Link(a);
      Link linkB = new Link(b);
      linkA.other = linkB;
      linkB.other = linkA;
      double cpuBefore = cpuSeconds();
      long start = System.nanoTime();
      // Each party builds at the same time, as two hosts would: one's serial steps (sorting its
      // ids and elements) overlap with the other's exponentiations on the pool. The builders run
      // on their own threads, which wait for the pool.
      ExecutorService hosts = Executors.newFixedThreadPool(2);
      double[] setup = new double[2];
      CompletableFuture<AlignmentParty> building =
          CompletableFuture.supplyAsync(
              () -> {
                long t = System.nanoTime();
                AlignmentParty party =
                    AlignmentParty.responder(
                        linkA, b, idsA, DeterministicRandom.fromSeed(1L), size, group, pool);
                setup[0] = seconds(t);
                return party;
              },
              hosts);
      long t1 = System.nanoTime();
      AlignmentParty initiator =
          AlignmentParty.initiator(
              linkB, a, idsB, DeterministicRandom.fromSeed(2L), size, group, pool);
      setup[1] = seconds(t1);
      AlignmentParty responder = building.join();
      hosts.shutdown();
      double responderSetup = setup[0];
      double initiatorSetup = setup[1];
      double bothSetup = seconds(start);
      linkA.register(responder::onMessage);
      linkB.register(initiator::onMessage);
      long t2 = System.nanoTime();
      initiator.start();
      double rounds = seconds(t2);
      double total = seconds(start);
      int common = initiator.result().orElseThrow().size();
      System.out.printf(
          Locale.ROOT,
          "responder hash+blind %.1f s, initiator hash+blind %.1f s (concurrently: %.1f s),"
              + " three rounds %.1f s;"
              + " total %.1f s wall, %.1f s CPU (all threads); %,d common ids; %,d messages,"
              + " %,d bytes; load after: %s%n",
          responderSetup,
          initiatorSetup,
          bothSetup,
          rounds,
          total,
          cpuSeconds() - cpuBefore,
          common,
          linkA.messages + linkB.messages,
          linkA.bytes + linkB.bytes,
          load());
      if (common != size - size / 2 || !initiator.result().equals(responder.result())) {
        throw new IllegalStateException("wrong intersection: " + common + " or sides differ");
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void perId() {
    // Thread CPU time, not wall time: on a shared machine the figures then hold for an idle one.
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    int n = 20_000;
    List<Bytes> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(Bytes.utf8("customer-" + i));
    }
    for (int rep = 0; rep < 3; rep++) {
      for (EcdhPsiGroup group : EcdhPsiGroup.values()) {
        long start = threads.getCurrentThreadCpuTime();
        EcdhPsiInitiator.create(ids, group, DeterministicRandom.fromSeed(rep), n, Runnable::run);
        System.out.printf(
            Locale.ROOT,
            "%s: hash + blind %.1f us CPU per id%n",
            group,
            (threads.getCurrentThreadCpuTime() - start) / 1e3 / n);
      }
      byte[] k = new byte[32];
      k[7] = 1;
      byte[] u = new byte[32];
      u[0] = 9;
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        X25519.scalarMult(k, 0, u, 0, u, 0);
      }
      double ladder = (threads.getCurrentThreadCpuTime() - start) / 1e3 / n;
      // Ed25519 verification is one variable-base plus one fixed-base scalar multiplication on
      // Bouncy Castle's Edwards arithmetic: an upper bound for a ristretto255 exponentiation there.
      byte[] sk = new byte[Ed25519.SECRET_KEY_SIZE];
      byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
      byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
      byte[] msg = new byte[32];
      Ed25519.generatePublicKey(sk, 0, pk, 0);
      Ed25519.sign(sk, 0, msg, 0, msg.length, sig, 0);
      int verifications = n / 4;
      long v0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < verifications; i++) {
        if (!Ed25519.verify(sig, 0, pk, 0, msg, 0, msg.length)) {
          throw new IllegalStateException("Ed25519 baseline failed");
        }
      }
      System.out.printf(
          Locale.ROOT,
          "baseline Bouncy Castle X25519.scalarMult %.1f us CPU, Ed25519.verify %.1f us CPU;"
              + " load %s%n",
          ladder,
          (threads.getCurrentThreadCpuTime() - v0) / 1e3 / verifications,
          load());
    }
  }
}
