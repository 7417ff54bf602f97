package org.cybervein.transport.grpc;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;
import org.cybervein.api.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS 1.3 over netty: each side presents the chain [{@link LinkCertificate}, {@link
 * NodeCertificate}] (a per-process P-256 TLS key certified by the node's Ed25519 identity key, and
 * the identity key's self-signed certificate) and trusts exactly the roster, by identity key and
 * name. No certificate authority, host name or validity date is involved: the roster is the trust
 * anchor.
 *
 * <p>TLS runs in BoringSSL (netty-tcnative, bundled with grpc-netty-shaded) where its native
 * library loads, else in the JDK; the choice is logged once per process and both speak the same
 * chain, so one cluster may mix them.
 */
final class TlsWiring implements Wiring {
  private static final Logger LOG = LoggerFactory.getLogger(TlsWiring.class);
  private static final List<String> PROTOCOLS = List.of("TLSv1.3");
  private static final int MAX_STREAMS_PER_CONNECTION = 4;

  private final GrpcTransportConfig config;
  private final SslProvider provider;
  private final Roster roster;
  private final PrivateKey tlsKey;
  private final X509Certificate[] chain;
  private final EventLoopGroup loops;
  private final Class<? extends Channel> channelType;
  private final Class<? extends ServerChannel> serverChannelType;
  private final Map<NodeId, EventLoop> loopOf = new ConcurrentHashMap<>();

  TlsWiring(GrpcTransportConfig config) {
    this(config, Provider.DEFAULT);
  }

  /** A wiring on a given TLS provider (tests mix them in one cluster). */
  TlsWiring(GrpcTransportConfig config, SslProvider provider) {
    this.config = config;
    this.provider = provider;
    this.roster = new Roster(config.others());
    LinkCertificate link = LinkCertificate.issue(config.identity(), config.self());
    this.tlsKey = link.key();
    this.chain = new X509Certificate[] {link.certificate(), config.certificate().toX509()};
    // One group of event loops does all of this node's socket I/O: the accepted connections and
    // the outbound links (a few peers per loop on a big roster). Each link's drain runs on the loop
    // that writes its socket, instead of a sender thread handing over; and with one loop (see
    // GrpcTransportThreading) a message is read, handled and answered on one thread.
    int count = config.threading().networkThreadsFor(config.others().size());
    ThreadFactory threads = new DefaultThreadFactory("cybervein-grpc-net-" + config.self(), true);
    if (Epoll.isAvailable()) {
      this.loops = new MultiThreadIoEventLoopGroup(count, threads, EpollIoHandler.newFactory());
      this.channelType = EpollSocketChannel.class;
      this.serverChannelType = EpollServerSocketChannel.class;
    } else {
      this.loops = new MultiThreadIoEventLoopGroup(count, threads, NioIoHandler.newFactory());
      this.channelType = NioSocketChannel.class;
      this.serverChannelType = NioServerSocketChannel.class;
    }
  }

  @Override
  public ScheduledExecutorService linkThread(GrpcPeer peer) {
    return loop(peer);
  }

  private EventLoop loop(GrpcPeer peer) {
    return loopOf.computeIfAbsent(peer.node(), node -> loops.next());
  }

  @Override
  public void close() {
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** The TLS implementation this wiring's contexts use. */
  SslProvider provider() {
    return provider;
  }

  /** BoringSSL if its native library loads here, else the JDK; decided and logged once. */
  private static final class Provider {
    static final SslProvider DEFAULT = choose();

    private static SslProvider choose() {
      if (OpenSsl.isAvailable()) {
        LOG.debug("TLS runs in {} {}", OpenSsl.versionString(), OpenSsl.version());
        return SslProvider.OPENSSL;
      }
      Throwable cause = OpenSsl.unavailabilityCause();
      LOG.info(
          "TLS runs in the JDK: BoringSSL (netty-tcnative) is not available here ({})",
          cause == null ? "no reason given" : cause.toString().lines().findFirst().orElse(""));
      return SslProvider.JDK;
    }
  }

  @Override
  public Server startServer(ServerServiceDefinition service) throws IOException {
    GrpcTransportLimits limits = config.limits();
    SslContext tls;
    try {
      tls =
          GrpcSslContexts.configure(SslContextBuilder.forServer(tlsKey, chain), provider)
              .protocols(PROTOCOLS)
              .clientAuth(ClientAuth.REQUIRE)
              .trustManager(new RosterTrustManager(roster))
              .build();
    } catch (SSLException e) {
      throw new IOException("cannot set up the server's TLS context", e);
    }
    return NettyServerBuilder.forAddress(config.listenAddress())
        .bossEventLoopGroup(loops)
        .workerEventLoopGroup(loops)
        .channelType(serverChannelType)
        .sslContext(tls)
        .addService(service)
        .directExecutor()
        .maxInboundMessageSize(limits.maxFrameBytes())
        // A peer needs one stream per connection; a few allow a reconnect's overlap, and no more
        // let a member pile up idle streams.
        .maxConcurrentCallsPerConnection(MAX_STREAMS_PER_CONNECTION)
        .keepAliveTime(limits.keepaliveTime().toNanos(), TimeUnit.NANOSECONDS)
        .keepAliveTimeout(limits.keepaliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
        .permitKeepAliveTime(limits.permitKeepaliveTime().toNanos(), TimeUnit.NANOSECONDS)
        .permitKeepAliveWithoutCalls(true)
        .build()
        .start();
  }

  @Override
  public ManagedChannel channel(GrpcPeer peer) {
    GrpcTransportLimits limits = config.limits();
    SslContext tls;
    try {
      tls =
          GrpcSslContexts.configure(SslContextBuilder.forClient(), provider)
              .protocols(PROTOCOLS)
              .keyManager(tlsKey, chain)
              .trustManager(new RosterTrustManager(new Roster(List.of(peer))))
              .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up the client's TLS context", e);
    }
    return NettyChannelBuilder.forAddress(peer.address())
        .eventLoopGroup(loop(peer))
        .channelType(channelType)
        .sslContext(tls)
        .directExecutor()
        .disableRetry()
        .maxInboundMessageSize(limits.maxFrameBytes())
        .keepAliveTime(limits.keepaliveTime().toNanos(), TimeUnit.NANOSECONDS)
        .keepAliveTimeout(limits.keepaliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
        .keepAliveWithoutCalls(true)
        .build();
  }

  @Override
  public Optional<NodeId> authenticate(Attributes transportAttributes, Metadata headers) {
    SSLSession session = transportAttributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return Optional.empty();
    }
    try {
      return roster.member(LinkCertificate.identity(encoded(session.getPeerCertificates())));
    } catch (SSLPeerUnverifiedException
        | CertificateEncodingException
        | InvalidTransportInputException e) {
      return Optional.empty();
    }
  }

  private static byte[][] encoded(Certificate[] chain) throws CertificateEncodingException {
    byte[][] der = new byte[chain.length][];
    for (int i = 0; i < chain.length; i++) {
      der[i] = chain[i].getEncoded();
    }
    return der;
  }

  @Override
  public InetSocketAddress boundAddress(Server server) {
    return (InetSocketAddress) server.getListenSockets().get(0);
  }

  /**
   * Trusts a chain that proves a roster member's identity (key and name): its link certificate
   * issued by the identity certificate that follows it, or an identity certificate alone. Extends
   * {@link X509ExtendedTrustManager} so that the JDK does not wrap it with host name checks, which
   * mean nothing for a pinned key.
   */
  private static final class RosterTrustManager extends X509ExtendedTrustManager {
    private final Roster roster;

    RosterTrustManager(Roster roster) {
      this.roster = roster;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the peer presented no certificate");
      }
      NodeCertificate certificate;
      try {
        certificate = LinkCertificate.identity(encoded(chain));
      } catch (InvalidTransportInputException e) {
        throw new CertificateException("refused peer certificate: " + e.getMessage(), e);
      }
      if (roster.member(certificate).isEmpty()) {
        throw new CertificateException(certificate + " is not a member of " + roster);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
