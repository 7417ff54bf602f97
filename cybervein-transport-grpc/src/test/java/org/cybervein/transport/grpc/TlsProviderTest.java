package org.cybervein.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslSession;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLSession;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which TLS implementation carries the streams: BoringSSL where it loads, mixed with the JDK. */
class TlsProviderTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final List<GrpcTransport> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(GrpcTransport::close);
  }

  /** The TLS wiring, remembering the TLS session of every stream it let in. */
  private static final class Recording implements Wiring {
    final TlsWiring tls;
    final List<SSLSession> sessions = new CopyOnWriteArrayList<>();

    Recording(TlsWiring tls) {
      this.tls = tls;
    }

    @Override
    public Server startServer(ServerServiceDefinition service) throws IOException {
      return tls.startServer(service);
    }

    @Override
    public ScheduledExecutorService linkThread(GrpcPeer peer) {
      return tls.linkThread(peer);
    }

    @Override
    public ManagedChannel channel(GrpcPeer peer) {
      return tls.channel(peer);
    }

    @Override
    public Optional<NodeId> authenticate(Attributes attributes, Metadata headers) {
      Optional<NodeId> member = tls.authenticate(attributes, headers);
      member.ifPresent(m -> sessions.add(attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
      return member;
    }

    @Override
    public InetSocketAddress boundAddress(Server server) {
      return tls.boundAddress(server);
    }

    @Override
    public void close() {
      tls.close();
    }
  }

  private Recording start(GrpcTransportConfig config, SslProvider provider, Nodes.Inbox inbox)
      throws IOException {
    Recording wiring = new Recording(new TlsWiring(config, provider));
    GrpcTransport t = GrpcTransport.start(config, wiring);
    started.add(t);
    inbox.attach(t);
    return wiring;
  }

  private void exchange(Nodes.Inbox inbox0, Nodes.Inbox inbox1) throws Exception {
    started.get(0).send(Nodes.id(1), Bytes.utf8("0->1"));
    started.get(1).send(Nodes.id(0), Bytes.utf8("1->0"));
    Nodes.Received at1 = inbox1.next(WAIT);
    Nodes.Received at0 = inbox0.next(WAIT);
    assertEquals(new Nodes.Received(Nodes.id(0), Bytes.utf8("0->1"), at1.thread()), at1);
    assertEquals(new Nodes.Received(Nodes.id(1), Bytes.utf8("1->0"), at0.thread()), at0);
  }

  @Test
  void boringSslCarriesTheStreamsWhereItLoads() throws Exception {
    assumeTrue(OpenSsl.isAvailable(), "netty-tcnative does not load on this platform");
    List<GrpcPeer> roster = Nodes.roster(2);
    GrpcTransportConfig config0 = Nodes.config(0, roster, Nodes.fastLimits());
    assertEquals(SslProvider.OPENSSL, new TlsWiring(config0).provider());
    Nodes.Inbox inbox0 = new Nodes.Inbox();
    Nodes.Inbox inbox1 = new Nodes.Inbox();
    Recording w0 = start(config0, new TlsWiring(config0).provider(), inbox0);
    GrpcTransportConfig config1 = Nodes.config(1, roster, Nodes.fastLimits());
    Recording w1 = start(config1, new TlsWiring(config1).provider(), inbox1);
    exchange(inbox0, inbox1);
    for (Recording w : List.of(w0, w1)) {
      assertFalse(w.sessions.isEmpty());
      for (SSLSession session : w.sessions) {
        assertTrue(session instanceof OpenSslSession, session.getClass().getName());
        assertEquals("TLSv1.3", session.getProtocol());
      }
    }
  }

  @Test
  void aJdkNodeAndABoringSslNodeTalkBothWays() throws Exception {
    assumeTrue(OpenSsl.isAvailable(), "netty-tcnative does not load on this platform");
    List<GrpcPeer> roster = Nodes.roster(2);
    Nodes.Inbox inbox0 = new Nodes.Inbox();
    Nodes.Inbox inbox1 = new Nodes.Inbox();
    Recording jdk = start(Nodes.config(0, roster, Nodes.fastLimits()), SslProvider.JDK, inbox0);
    Recording boring =
        start(Nodes.config(1, roster, Nodes.fastLimits()), SslProvider.OPENSSL, inbox1);
    exchange(inbox0, inbox1);
    assertFalse(jdk.sessions.isEmpty());
    assertFalse(boring.sessions.isEmpty());
    jdk.sessions.forEach(s -> assertFalse(s instanceof OpenSslSession, s.getClass().getName()));
    boring.sessions.forEach(s -> assertTrue(s instanceof OpenSslSession, s.getClass().getName()));
  }
}
