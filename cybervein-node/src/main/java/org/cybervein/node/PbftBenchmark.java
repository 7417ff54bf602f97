package org.cybervein.node;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.time.SystemClock;
import org.cybervein.consensus.pbft.Client;
import org.cybervein.consensus.pbft.ClientGroup;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.ReplicaConfig;
import org.cybervein.consensus.pbft.host.ClientGroupHost;
import org.cybervein.consensus.pbft.keyvalue.DbCodec;
import org.cybervein.consensus.pbft.keyvalue.DbOperation;
import org.cybervein.crypto.random.SecureRandomSource;

/**
 * The client side of the PBFT benchmark in the shape of BFT-SMaRt's ThroughputLatencyClient: one
 * process holds {@code clients} client cores, each with its own key (so each is a distinct client
 * to the replicas) and one request outstanding, all behind the process's one transport link per
 * replica. Each client writes {@code put bench-i VALUE} with a value of {@code size} bytes,
 * overwriting its own key so the database does not grow, and submits its next write as soon as the
 * last one completed (a closed loop). After {@code warmup} it measures for the rest of {@code
 * duration}: operations completed, the latency of each, and the CPU time of this process and of
 * every process in {@code pids} (the replicas), read from {@code /proc/PID/stat} at the start and
 * end of the measured window.
 */
final class PbftBenchmark {
  /**
   * What the benchmark runs.
   *
   * @param clients client cores, hence requests outstanding
   * @param size the value size of each write, in bytes
   * @param duration the whole run, warm-up included
   * @param warmup the discarded first part of the run
   * @param pids the other processes whose CPU time counts (the replicas)
   * @param clockTicks the kernel's clock ticks per second ({@code getconf CLK_TCK})
   */
  record Settings(
      int clients, int size, Duration duration, Duration warmup, List<Long> pids, int clockTicks) {
    Settings {
      if (clients < 1 || size < 0 || clockTicks < 1) {
        throw new IllegalArgumentException("need clients >= 1, size >= 0, clock ticks >= 1");
      }
      if (warmup.isNegative() || warmup.compareTo(duration) >= 0) {
        throw new IllegalArgumentException("the warm-up must be shorter than the run");
      }
      pids = List.copyOf(pids);
    }
  }

  private final Settings settings;
  private final ClientGroupHost host;
  private final SystemClock clock;
  private final Bytes[] operations;
  private final long[] started;
  // Written under this object's lock by completions (on the host's event threads).
  private long[] latencies = new long[1 << 16];
  private int recorded;
  private boolean measuring;
  private volatile boolean stopping;
  private long completedTotal;

  PbftBenchmark(NodeConfig node, Links links, Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    ReplicaConfig config = node.cluster().replicaConfig();
    SecureRandomSource random = new SecureRandomSource();
    List<Client> cores = new ArrayList<>();
    long first = System.currentTimeMillis() * 1000;
    NodeId address = node.self().id();
    for (int i = 0; i < settings.clients(); i++) {
      cores.add(new Client(config, NodeKeys.generate(random), address, first));
    }
    this.clock = new SystemClock();
    this.host = new ClientGroupHost(links.core(), clock, new ClientGroup(cores));
    byte[] value = new byte[settings.size()];
    Arrays.fill(value, (byte) 'v');
    this.operations = new Bytes[settings.clients()];
    for (int i = 0; i < settings.clients(); i++) {
      operations[i] =
          DbCodec.encode(new DbOperation.Put(Bytes.utf8("bench-" + i), Bytes.of(value)));
    }
    this.started = new long[settings.clients()];
  }

  /** Runs the load, then prints the summary block to {@code out}; true if anything completed. */
  boolean run(PrintStream out) throws InterruptedException, IOException {
    long t0 = System.nanoTime();
    for (int i = 0; i < settings.clients(); i++) {
      submit(i);
    }
    TimeUnit.NANOSECONDS.sleep(settings.warmup().toNanos());
    long warmCompleted;
    synchronized (this) {
      warmCompleted = completedTotal;
      measuring = true;
    }
    long cpuStart = cpuTicks();
    long windowStart = System.nanoTime();
    TimeUnit.NANOSECONDS.sleep(Math.max(0, t0 + settings.duration().toNanos() - windowStart));
    long cpuEnd = cpuTicks();
    long windowEnd = System.nanoTime();
    long completed;
    int count;
    long[] window;
    synchronized (this) {
      measuring = false;
      stopping = true;
      completed = completedTotal - warmCompleted;
      count = recorded;
      window = Arrays.copyOf(latencies, recorded);
    }
    clock.close();
    double seconds = (windowEnd - windowStart) / 1e9;
    double cpuSeconds = (cpuEnd - cpuStart) / (double) settings.clockTicks();
    Arrays.sort(window);
    out.printf(
        Locale.ROOT,
        "pbft-bench size=%dB clients=%d run=%ds warmup=%ds measured=%.1fs processes=%d%n",
        settings.size(),
        settings.clients(),
        settings.duration().toSeconds(),
        settings.warmup().toSeconds(),
        seconds,
        settings.pids().size() + 1);
    out.printf(
        Locale.ROOT,
        "  throughput %.0f ops/s (%d operations, %d completed during warm-up)%n",
        completed / seconds,
        completed,
        warmCompleted);
    out.printf(
        Locale.ROOT,
        "  latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f (%d samples)%n",
        percentile(window, 0.50),
        percentile(window, 0.90),
        percentile(window, 0.99),
        count == 0 ? Double.NaN : window[count - 1] / 1e6,
        count);
    out.printf(
        Locale.ROOT,
        "  cpu %.3f ms per operation over all processes (%.2f cores busy of %d)%n",
        completed == 0 ? Double.NaN : cpuSeconds * 1000 / completed,
        cpuSeconds / seconds,
        Runtime.getRuntime().availableProcessors());
    out.printf(Locale.ROOT, "  loadavg %s%n", loadAverage());
    out.flush();
    return completed > 0;
  }

  private void submit(int client) {
    started[client] = System.nanoTime();
    host.submit(client, operations[client], result -> completed(client));
  }

  /** Runs on the host's event thread, under the host's lock. */
  private void completed(int client) {
    long latency = System.nanoTime() - started[client];
    synchronized (this) {
      completedTotal++;
      if (measuring) {
        if (recorded == latencies.length) {
          latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[recorded++] = latency;
      }
    }
    if (!stopping) {
      submit(client);
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** The user plus system CPU ticks of this process and of every benchmarked process. */
  private long cpuTicks() throws IOException {
    long ticks = ticks(Path.of("/proc/self/stat"));
    for (long pid : settings.pids()) {
      ticks += ticks(Path.of("/proc/" + pid + "/stat"));
    }
    return ticks;
  }

  /** utime + stime, fields 14 and 15 of proc(5)'s stat; the name before may contain spaces. */
  static long ticks(Path stat) throws IOException {
    String text = Files.readString(stat, StandardCharsets.US_ASCII);
    String[] fields = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 (state), so field k is fields[k - 3].
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
