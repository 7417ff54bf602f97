package org.cybervein.transport.grpc;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the transport alone between two endpoints over TLS on loopback, against a bare gRPC
 * bidirectional stream with the same TLS, netty and payloads (no frames, no queue, no canonical
 * parsing, no delivery thread). Off in the default build; run with {@code mvn test -pl
 * cybervein-transport-grpc -am -P transport-bench} (about 30 s). One warm-up second and three
 * measured seconds per case; prints messages/s and MB/s of payload with the load average, then the
 * round-trip time of a lone 16-byte message (one in flight at a time) through both. {@code
 * -Dtransport.bench.threading=single} runs both transports with {@link
 * GrpcTransportThreading#singleThreaded()} (the bare stream is unchanged).
 */
@EnabledIfSystemProperty(named = "transport.bench", matches = "true")
class TransportThroughputBench {
  private static final int[] SIZES = {16, 1024, 64 * 1024};
  private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long MEASURE_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int ITERATIONS = 3;
  private static final GrpcTransportThreading THREADING =
      "single".equals(System.getProperty("transport.bench.threading"))
          ? GrpcTransportThreading.singleThreaded()
          : GrpcTransportThreading.defaults();

  @Test
  void transportAgainstBareGrpc() throws Exception {
    System.out.printf(
        "load average %.2f, %d cores, transport threading %s%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors(),
        THREADING);
    for (int size : SIZES) {
      report("GrpcTransport", size, transport(size));
      report("bare gRPC stream", size, bare(size));
    }
    reportLatency("GrpcTransport", transportRoundTrips());
    reportLatency("bare gRPC stream", bareRoundTrips());
  }

  /** Round trips of one 16-byte message at a time: what a lone message costs, no batching. */
  private static void reportLatency(String what, long[] nanos) {
    Arrays.sort(nanos);
    System.out.printf(
        "%-17s lone 16 B round trip: p50 %6.0f us  p90 %6.0f us  (%d round trips)%n",
        what, nanos[nanos.length / 2] / 1e3, nanos[nanos.length * 9 / 10] / 1e3, nanos.length);
  }

  private static long[] transportRoundTrips() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(2);
    GrpcTransportLimits limits = GrpcTransportLimits.defaults();
    try (GrpcTransport a = GrpcTransport.start(Nodes.config(0, roster, limits, THREADING));
        GrpcTransport b = GrpcTransport.start(Nodes.config(1, roster, limits, THREADING))) {
      Semaphore back = new Semaphore(0);
      b.register((from, message) -> b.send(from, message));
      a.register((from, message) -> back.release());
      Nodes.await(
          "connected",
          java.time.Duration.ofSeconds(10),
          () ->
              a.stats().peer(Nodes.id(1)).orElseThrow().connected()
                  && b.stats().peer(Nodes.id(0)).orElseThrow().connected());
      Bytes payload = Bytes.of(new byte[16]);
      NodeId to = Nodes.id(1);
      return roundTrips(
          () -> {
            a.send(to, payload);
            acquire(back);
          });
    }
  }

  private static long[] bareRoundTrips() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(2);
    GrpcTransportLimits limits = GrpcTransportLimits.defaults();
    TlsWiring server = new TlsWiring(Nodes.config(1, roster, limits));
    TlsWiring client = new TlsWiring(Nodes.config(0, roster, limits));
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(FrameCodec.SERVICE)
            .addMethod(FrameCodec.EXCHANGE, echo())
            .build();
    Server s = server.startServer(service);
    ManagedChannel channel = client.channel(roster.get(1));
    try {
      Semaphore back = new Semaphore(0);
      ClientCall<byte[], byte[]> call = channel.newCall(FrameCodec.EXCHANGE, CallOptions.DEFAULT);
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
              back.release();
              call.request(1);
            }
          },
          new Metadata());
      call.request(1);
      byte[] payload = new byte[16];
      long[] result =
          roundTrips(
              () -> {
                call.sendMessage(payload);
                acquire(back);
              });
      call.cancel("done", null);
      return result;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      client.close();
      server.close();
    }
  }

  /** A warm-up second, then round trips for one second (at most 100,000). */
  private static long[] roundTrips(Runnable roundTrip) {
    long end = System.nanoTime() + WARMUP_NANOS;
    while (System.nanoTime() < end) {
      roundTrip.run();
    }
    long[] nanos = new long[100_000];
    int n = 0;
    end = System.nanoTime() + MEASURE_NANOS;
    while (n < nanos.length && System.nanoTime() < end) {
      long start = System.nanoTime();
      roundTrip.run();
      nanos[n++] = System.nanoTime() - start;
    }
    return Arrays.copyOf(nanos, n);
  }

  private static void acquire(Semaphore semaphore) {
    try {
      if (!semaphore.tryAcquire(10, TimeUnit.SECONDS)) {
        throw new AssertionError("a round trip took over 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A handler that sends every message straight back on the same call. */
  private static ServerCallHandler<byte[], byte[]> echo() {
    return new ServerCallHandler<>() {
      @Override
      public ServerCall.Listener<byte[]> startCall(
          ServerCall<byte[], byte[]> call, Metadata headers) {
        call.sendHeaders(new Metadata());
        call.request(1);
        return new ServerCall.Listener<>() {
          @Override
          public void onMessage(byte[] message) {
            call.sendMessage(message);
            call.request(1);
          }

          @Override
          public void onHalfClose() {
            call.close(Status.OK, new Metadata());
          }
        };
      }
    };
  }

  /**
   * Prints messages/s of each iteration and their mean, and the process CPU time per message over
   * the measured iterations (both endpoints live in this JVM): on a shared machine the CPU per
   * message is the steadier figure, throughput swings with what else runs.
   */
  private static void report(String what, int size, double[] measured) {
    StringBuilder line = new StringBuilder(String.format("%-17s %6d B:", what, size));
    double sum = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      line.append(String.format(" %,10.0f", measured[i]));
      sum += measured[i];
    }
    double mean = sum / ITERATIONS;
    line.append(String.format("  mean %,10.0f msg/s  %8.1f MB/s", mean, mean * size / 1e6));
    line.append(String.format("  CPU %7.2f us/msg", measured[ITERATIONS]));
    System.out.println(line);
  }

  /** Messages per second through two GrpcTransports, a window of messages in flight. */
  private static double[] transport(int size) throws Exception {
    List<GrpcPeer> roster = Nodes.roster(2);
    GrpcTransportLimits limits = GrpcTransportLimits.defaults();
    try (GrpcTransport a = GrpcTransport.start(Nodes.config(0, roster, limits, THREADING));
        GrpcTransport b = GrpcTransport.start(Nodes.config(1, roster, limits, THREADING))) {
      AtomicLong received = new AtomicLong();
      b.register((from, message) -> received.incrementAndGet());
      Bytes payload = Bytes.of(new byte[size]);
      long window = Math.min(20_000, limits.outboundQueueBytes() / 2 / size);
      Nodes.await(
          "connected",
          java.time.Duration.ofSeconds(10),
          () -> a.stats().peer(Nodes.id(1)).orElseThrow().connected());
      long[] sent = {0};
      NodeId to = Nodes.id(1); // not per message: NodeId.of validates its text
      Runnable pump =
          () -> {
            if (sent[0] - received.get() < window) {
              a.send(to, payload);
              sent[0]++;
            } else {
              // Wait as the bare pump waits for onReady: without burning the core the receiver
              // needs.
              LockSupport.parkNanos(50_000);
            }
          };
      double[] result = measure(pump, received);
      if (a.stats().peer(Nodes.id(1)).orElseThrow().messagesDropped() != 0) {
        throw new AssertionError("the benchmark overran the queue");
      }
      return result;
    }
  }

  /** Messages per second through one bare gRPC stream, sending whenever it is ready. */
  private static double[] bare(int size) throws Exception {
    List<GrpcPeer> roster = Nodes.roster(2);
    GrpcTransportLimits limits = GrpcTransportLimits.defaults();
    TlsWiring server = new TlsWiring(Nodes.config(1, roster, limits));
    TlsWiring client = new TlsWiring(Nodes.config(0, roster, limits));
    AtomicLong received = new AtomicLong();
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(FrameCodec.SERVICE)
            .addMethod(FrameCodec.EXCHANGE, counting(received))
            .build();
    Server s = server.startServer(service);
    ManagedChannel channel = client.channel(roster.get(1));
    try {
      Semaphore ready = new Semaphore(0);
      ClientCall<byte[], byte[]> call = channel.newCall(FrameCodec.EXCHANGE, CallOptions.DEFAULT);
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onReady() {
              ready.release();
            }
          },
          new Metadata());
      byte[] payload = new byte[size];
      Runnable pump =
          () -> {
            if (call.isReady()) {
              call.sendMessage(payload);
            } else {
              try {
                ready.tryAcquire(1, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          };
      double[] result = measure(pump, received);
      call.cancel("done", null);
      return result;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      client.close();
      server.close();
    }
  }

  /** A handler that counts messages and asks for the next one, nothing else. */
  private static ServerCallHandler<byte[], byte[]> counting(AtomicLong received) {
    return new ServerCallHandler<>() {
      @Override
      public ServerCall.Listener<byte[]> startCall(
          ServerCall<byte[], byte[]> call, Metadata headers) {
        call.request(1);
        return new ServerCall.Listener<>() {
          @Override
          public void onMessage(byte[] message) {
            received.incrementAndGet();
            call.request(1);
          }

          @Override
          public void onHalfClose() {
            call.close(Status.OK, new Metadata());
          }
        };
      }
    };
  }

  /** Runs {@code pump} in a loop: a warm-up, then iterations counting {@code received}. */
  private static double[] measure(Runnable pump, AtomicLong received) {
    long end = System.nanoTime() + WARMUP_NANOS;
    while (System.nanoTime() < end) {
      pump.run();
    }
    double[] perSecond = new double[ITERATIONS + 1];
    long cpuBefore = processCpuNanos();
    long receivedBefore = received.get();
    for (int i = 0; i < ITERATIONS; i++) {
      long start = System.nanoTime();
      long before = received.get();
      end = start + MEASURE_NANOS;
      while (System.nanoTime() < end) {
        pump.run();
      }
      perSecond[i] = (received.get() - before) * 1e9 / (System.nanoTime() - start);
    }
    long messages = Math.max(1, received.get() - receivedBefore);
    perSecond[ITERATIONS] = (processCpuNanos() - cpuBefore) / 1e3 / messages;
    return perSecond;
  }

  /** CPU time of every thread of this JVM so far. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
