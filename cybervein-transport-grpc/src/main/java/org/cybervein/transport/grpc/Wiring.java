package org.cybervein.transport.grpc;

import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.cybervein.api.NodeId;

/**
 * How a {@link GrpcTransport} reaches the network and learns who is calling: mutual TLS over netty
 * in production ({@link TlsWiring}), in-process gRPC with a claimed sender in the logic tests.
 */
interface Wiring {
  /**
   * Builds and starts the server of {@code service}.
   *
   * @param service the transport's one service
   * @return the started server
   * @throws IOException if it cannot listen
   */
  Server startServer(ServerServiceDefinition service) throws IOException;

  /**
   * The one thread that runs the link to {@code peer}: its writes, reconnect timers and gRPC's
   * callbacks. Over netty it is the event loop the peer's channel does its I/O on, so a write is
   * encoded, encrypted and sent without handing it to another thread. Called once per peer, before
   * {@link #channel}.
   *
   * @param peer the roster member the link dials
   * @return the link's thread, shut down by {@link #close()}
   */
  ScheduledExecutorService linkThread(GrpcPeer peer);

  /**
   * Opens the channel to {@code peer}; the transport reconnects its stream over it.
   *
   * @param peer the roster member to dial
   * @return the channel
   */
  ManagedChannel channel(GrpcPeer peer);

  /**
   * Who opened an inbound stream: the roster member its transport authenticated, or empty to refuse
   * the stream.
   *
   * @param transportAttributes the call's transport attributes (TLS session, remote address)
   * @param headers the call's request headers
   * @return the sender's node id, or empty if it is not exactly one roster member
   */
  Optional<NodeId> authenticate(Attributes transportAttributes, Metadata headers);

  /**
   * Where the started server listens.
   *
   * @param server the server of {@link #startServer}
   * @return its bound address
   */
  InetSocketAddress boundAddress(Server server);

  /** Stops the link threads; called once every channel has terminated or the grace ran out. */
  void close();
}
