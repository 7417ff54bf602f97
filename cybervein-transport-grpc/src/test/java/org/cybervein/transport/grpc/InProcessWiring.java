package org.cybervein.transport.grpc;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.cybervein.api.NodeId;

/**
 * In-process gRPC for the logic tests: no TLS, so the sender is CLAIMED in a header. Only tests use
 * this; it shows what the TLS wiring replaces with a certificate.
 */
final class InProcessWiring implements Wiring {
  static final Metadata.Key<String> SENDER =
      Metadata.Key.of("x-test-sender", Metadata.ASCII_STRING_MARSHALLER);

  private final String namespace;
  private final GrpcTransportConfig config;

  /** Without netty, one thread runs every link, as the transport's sender thread once did. */
  private final ScheduledExecutorService links;

  InProcessWiring(String namespace, GrpcTransportConfig config) {
    this.namespace = namespace;
    this.config = config;
    this.links =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cybervein-grpc-send-" + config.self());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public ScheduledExecutorService linkThread(GrpcPeer peer) {
    return links;
  }

  @Override
  public void close() {
    links.shutdownNow();
  }

  static String serverName(String namespace, NodeId node) {
    return namespace + "/" + node.value();
  }

  @Override
  public Server startServer(ServerServiceDefinition service) throws IOException {
    return InProcessServerBuilder.forName(serverName(namespace, config.self()))
        .addService(service)
        .directExecutor()
        .maxInboundMessageSize(config.limits().maxFrameBytes())
        .build()
        .start();
  }

  @Override
  public ManagedChannel channel(GrpcPeer peer) {
    return InProcessChannelBuilder.forName(serverName(namespace, peer.node()))
        .directExecutor()
        .intercept(claim(config.self()))
        .build();
  }

  /** Adds the claimed sender to every call's headers. */
  static ClientInterceptor claim(NodeId sender) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(
            next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            headers.put(SENDER, sender.value());
            super.start(listener, headers);
          }
        };
      }
    };
  }

  @Override
  public Optional<NodeId> authenticate(Attributes transportAttributes, Metadata headers) {
    String claimed = headers.get(SENDER);
    return config.others().stream()
        .map(GrpcPeer::node)
        .filter(n -> n.value().equals(claimed))
        .findFirst();
  }

  @Override
  public InetSocketAddress boundAddress(Server server) {
    return config.listenAddress();
  }
}
