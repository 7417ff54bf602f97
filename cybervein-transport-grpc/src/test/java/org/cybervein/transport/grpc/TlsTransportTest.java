package org.cybervein.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mutual TLS on real loopback sockets. */
class TlsTransportTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final List<GrpcTransport> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(GrpcTransport::close);
  }

  private GrpcTransport start(GrpcTransportConfig config) throws Exception {
    GrpcTransport t = GrpcTransport.start(config);
    started.add(t);
    return t;
  }

  @Test
  void threeNodesExchangeOverMutualTls() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(3);
    List<GrpcTransport> nodes = new ArrayList<>();
    List<Nodes.Inbox> inboxes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      GrpcTransport t = start(Nodes.config(i, roster, Nodes.fastLimits()));
      Nodes.Inbox inbox = new Nodes.Inbox();
      inbox.attach(t);
      nodes.add(t);
      inboxes.add(inbox);
    }
    for (int from = 0; from < 3; from++) {
      for (int to = 0; to < 3; to++) {
        if (from != to) {
          nodes.get(from).send(Nodes.id(to), Bytes.utf8(from + "->" + to));
        }
      }
    }
    for (int to = 0; to < 3; to++) {
      for (int k = 0; k < 2; k++) {
        Nodes.Received r = inboxes.get(to).next(WAIT);
        assertEquals(Bytes.utf8(r.from().value().substring(5) + "->" + to), r.message());
      }
    }
  }
}
