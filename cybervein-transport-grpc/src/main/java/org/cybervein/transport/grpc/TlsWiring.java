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
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;
import org.cybervein.api.NodeId;

/**
 * Mutual TLS 1.3 over netty: each side presents its {@link NodeCertificate} (the node's Ed25519
 * identity key in a self-signed X.509 certificate) and trusts exactly the roster, by key and name.
 * The JDK's TLS stack is used (it signs the handshake with Ed25519, RFC 8446's {@code ed25519}
 * scheme); no certificate authority, host name or validity date is involved: the roster is the
 * trust anchor.
 */
final class TlsWiring implements Wiring {
  private static final List<String> PROTOCOLS = List.of("TLSv1.3");
  private static final int MAX_STREAMS_PER_CONNECTION = 4;

  private final GrpcTransportConfig config;
  private final Roster roster;
  private final PrivateKey tlsKey;
  private final X509Certificate certificate;

  TlsWiring(GrpcTransportConfig config) {
    this.config = config;
    this.roster = new Roster(config.others());
    this.certificate = config.certificate().toX509();
    byte[] pkcs8 = IdentityKeyPem.pkcs8(config.identity());
    try {
      this.tlsKey =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 key factory", e);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  @Override
  public Server startServer(ServerServiceDefinition service) throws IOException {
    GrpcTransportLimits limits = config.limits();
    SslContext tls;
    try {
      tls =
          GrpcSslContexts.configure(
                  SslContextBuilder.forServer(tlsKey, certificate), SslProvider.JDK)
              .protocols(PROTOCOLS)
              .clientAuth(ClientAuth.REQUIRE)
              .trustManager(new RosterTrustManager(roster))
              .build();
    } catch (SSLException e) {
      throw new IOException("cannot set up the server's TLS context", e);
    }
    return NettyServerBuilder.forAddress(config.listenAddress())
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
          GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
              .protocols(PROTOCOLS)
              .keyManager(tlsKey, certificate)
              .trustManager(new RosterTrustManager(new Roster(List.of(peer))))
              .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up the client's TLS context", e);
    }
    return NettyChannelBuilder.forAddress(peer.address())
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
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0) {
        return Optional.empty();
      }
      return roster.member(NodeCertificate.decode(chain[0].getEncoded()));
    } catch (SSLPeerUnverifiedException
        | CertificateEncodingException
        | InvalidTransportInputException e) {
      return Optional.empty();
    }
  }

  @Override
  public InetSocketAddress boundAddress(Server server) {
    return (InetSocketAddress) server.getListenSockets().get(0);
  }

  /**
   * Trusts a certificate chain whose first certificate maps to a roster member (key and name);
   * everything else in the chain is ignored. Extends {@link X509ExtendedTrustManager} so that the
   * JDK does not wrap it with host name checks, which mean nothing for a pinned key.
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
        certificate = NodeCertificate.decode(chain[0].getEncoded());
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
