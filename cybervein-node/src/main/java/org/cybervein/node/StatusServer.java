package org.cybervein.node;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.cybervein.api.NodeId;

/**
 * A member's HTTP endpoint: {@code GET /health} answers a JSON object (the node, its role, uptime,
 * each peer link's liveness and the role's own state such as the PBFT view and executed sequence
 * number) with status 200 once the role runs; {@code GET /metrics} answers the Prometheus text
 * format: uptime, bytes and messages per peer link, dropped messages, links up, and the role's
 * metrics.
 */
final class StatusServer implements AutoCloseable {
  private final HttpServer server;
  private final PrometheusRegistry registry;
  private final long startNanos = System.nanoTime();

  private StatusServer(HttpServer server, PrometheusRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  /** Starts the endpoint of {@code self} with its {@code links}; {@code role} adds its state. */
  static StatusServer start(
      Member self, Links links, PrometheusRegistry registry, Supplier<JsonObject> role)
      throws IOException {
    HttpServer http =
        HttpServer.create(
            new InetSocketAddress(self.http().getHostString(), self.http().getPort()), 16);
    StatusServer s = new StatusServer(http, registry);
    s.registerLinkMetrics(links);
    http.createContext(
        "/health",
        exchange -> {
          JsonObject body = new JsonObject();
          body.addProperty("node", self.id().value());
          body.addProperty("role", self.role().configName());
          body.addProperty("status", "up");
          body.addProperty("uptimeSeconds", s.uptimeSeconds());
          JsonObject peers = new JsonObject();
          long now = System.nanoTime();
          for (Map.Entry<NodeId, Links.PeerStats> e : links.stats().entrySet()) {
            JsonObject p = new JsonObject();
            p.addProperty("live", e.getValue().live(now));
            p.addProperty("bytesSent", e.getValue().bytesSent.get());
            p.addProperty("bytesReceived", e.getValue().bytesReceived.get());
            peers.add(e.getKey().value(), p);
          }
          body.add("peers", peers);
          JsonObject state = role.get();
          state.entrySet().forEach(e -> body.add(e.getKey(), e.getValue()));
          respond(
              exchange,
              200,
              "application/json",
              new GsonBuilder()
                  .setPrettyPrinting()
                  .create()
                  .toJson(body)
                  .getBytes(StandardCharsets.UTF_8));
        });
    http.createContext(
        "/metrics",
        exchange -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
          writer.write(out, registry.scrape());
          respond(exchange, 200, writer.getContentType(), out.toByteArray());
        });
    http.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "http");
              t.setDaemon(true);
              return t;
            }));
    http.start();
    return s;
  }

  double uptimeSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void registerLinkMetrics(Links links) {
    GaugeWithCallback.builder()
        .name("cybervein_uptime_seconds")
        .help("Seconds since the node started")
        .callback(cb -> cb.call(uptimeSeconds()))
        .register(registry);
    CounterWithCallback.builder()
        .name("cybervein_transport_sent_bytes")
        .help("Bytes sent to each peer")
        .labelNames("peer")
        .callback(cb -> links.stats().forEach((p, s) -> cb.call(s.bytesSent.get(), p.value())))
        .register(registry);
    CounterWithCallback.builder()
        .name("cybervein_transport_received_bytes")
        .help("Bytes received from each peer")
        .labelNames("peer")
        .callback(cb -> links.stats().forEach((p, s) -> cb.call(s.bytesReceived.get(), p.value())))
        .register(registry);
    CounterWithCallback.builder()
        .name("cybervein_transport_sent_messages")
        .help("Messages sent to each peer, heartbeats included")
        .labelNames("peer")
        .callback(cb -> links.stats().forEach((p, s) -> cb.call(s.messagesSent.get(), p.value())))
        .register(registry);
    CounterWithCallback.builder()
        .name("cybervein_transport_received_messages")
        .help("Messages received from each peer, heartbeats included")
        .labelNames("peer")
        .callback(
            cb -> links.stats().forEach((p, s) -> cb.call(s.messagesReceived.get(), p.value())))
        .register(registry);
    CounterWithCallback.builder()
        .name("cybervein_transport_dropped_messages")
        .help("Messages to each peer the link layer dropped (queue full, peer unreachable)")
        .labelNames("peer")
        .callback(cb -> links.stats().keySet().forEach(p -> cb.call(links.droppedTo(p), p.value())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("cybervein_peer_link_up")
        .help("1 if the peer was heard from within the liveness window")
        .labelNames("peer")
        .callback(
            cb -> {
              long now = System.nanoTime();
              links.stats().forEach((p, s) -> cb.call(s.live(now) ? 1 : 0, p.value()));
            })
        .register(registry);
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
