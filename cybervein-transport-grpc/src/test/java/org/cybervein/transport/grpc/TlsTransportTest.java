package org.cybervein.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mutual TLS on real loopback sockets: round trips, refusals, restarts, large messages. */
class TlsTransportTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** How long a refused node gets to sneak a message through: several reconnect attempts. */
  private static final Duration REFUSAL_WINDOW = Duration.ofMillis(1500);

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

  private GrpcTransport start(int index, List<GrpcPeer> roster) throws Exception {
    return start(Nodes.config(index, roster, Nodes.fastLimits()));
  }

  @Test
  void threeNodesExchangeOverMutualTlsWithAuthenticatedSenders() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(3);
    List<GrpcTransport> nodes = new ArrayList<>();
    List<Nodes.Inbox> inboxes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      GrpcTransport t = start(i, roster);
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
        assertEquals("cybervein-grpc-deliver-node-" + to, r.thread());
      }
    }
    GrpcPeerStats link = nodes.get(0).stats().peer(Nodes.id(1)).orElseThrow();
    assertTrue(link.connected());
    assertEquals(1, link.messagesSent());
    assertEquals(1, link.messagesReceived());
  }

  @Test
  void singleThreadedNodesHandleOnTheirOneNetworkThreadAndAnswerFromThere() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(3);
    List<GrpcTransport> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(
          start(
              Nodes.config(
                  i, roster, Nodes.fastLimits(), GrpcTransportThreading.singleThreaded())));
    }
    // Nodes 1 and 2 answer each message from inside their handler, as a protocol core does.
    List<String> handlerThreads = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 1; i < 3; i++) {
      GrpcTransport node = nodes.get(i);
      node.register(
          (from, message) -> {
            handlerThreads.add(Thread.currentThread().getName());
            node.send(from, Bytes.utf8(node.localNode().value() + ":").concat(message));
          });
    }
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(nodes.get(0));
    int count = 300;
    for (int k = 0; k < count; k++) {
      nodes.get(0).send(Nodes.id(1), Bytes.utf8("m" + k));
      nodes.get(0).send(Nodes.id(2), Bytes.utf8("m" + k));
    }
    int[] next = new int[3];
    for (int k = 0; k < 2 * count; k++) {
      Nodes.Received r = inbox.next(WAIT);
      int peer = Integer.parseInt(r.from().value().substring(5));
      // Each peer's answers arrive in the order of the messages they answer.
      assertEquals(Bytes.utf8("node-" + peer + ":m" + next[peer]++), r.message());
      assertTrue(r.thread().startsWith("cybervein-grpc-net-node-0-"), r.thread());
    }
    assertEquals(count, next[1]);
    assertEquals(count, next[2]);
    for (String thread : handlerThreads) {
      assertTrue(thread.startsWith("cybervein-grpc-net-node-"), thread);
    }
    // One network thread per node and no delivery thread: the server and the links share it.
    for (int i = 0; i < 3; i++) {
      String prefix = "cybervein-grpc-net-node-" + i + "-";
      long network =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().startsWith(prefix))
              .count();
      assertEquals(1, network, "network threads of node " + i);
      String delivery = "cybervein-grpc-deliver-node-" + i;
      assertFalse(
          Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(delivery)));
    }
  }

  @Test
  void refusesAKeyThatIsNotInTheRosterUnderAMembersName() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(2);
    GrpcTransport a = start(0, roster);
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(a);
    // An impostor calls itself node-1 but holds a key the roster does not know.
    Ed25519PrivateKey impostorKey = Nodes.key(99);
    List<GrpcPeer> impostorRoster =
        List.of(
            roster.get(0),
            new GrpcPeer(Nodes.id(1), impostorKey.publicKey(), roster.get(1).address()));
    GrpcTransport impostor =
        start(
            new GrpcTransportConfig(
                Nodes.id(1),
                impostorKey,
                roster.get(1).address(),
                impostorRoster,
                Nodes.fastLimits()));
    impostor.send(Nodes.id(0), Bytes.utf8("from the impostor"));
    assertNull(inbox.poll(REFUSAL_WINDOW));
    assertFalse(impostor.stats().peer(Nodes.id(0)).orElseThrow().connected());
    assertEquals(0, impostor.stats().peer(Nodes.id(0)).orElseThrow().messagesSent());
  }

  @Test
  void refusesANodeOutsideTheRoster() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(2);
    GrpcTransport a = start(0, roster);
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(a);
    NodeId stranger = NodeId.of("stranger");
    Ed25519PrivateKey strangerKey = Nodes.key(50);
    InetSocketAddress strangerAddress =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), Nodes.freePort());
    GrpcTransport s =
        start(
            new GrpcTransportConfig(
                stranger,
                strangerKey,
                strangerAddress,
                List.of(
                    roster.get(0),
                    new GrpcPeer(stranger, strangerKey.publicKey(), strangerAddress)),
                Nodes.fastLimits()));
    s.send(Nodes.id(0), Bytes.utf8("let me in"));
    assertNull(inbox.poll(REFUSAL_WINDOW));
    assertFalse(s.stats().peer(Nodes.id(0)).orElseThrow().connected());
  }

  @Test
  void aMembersKeyUnderAnotherMembersNameIsRefusedNeverDeliveredAsThatName() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(3);
    GrpcTransport a = start(0, roster);
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(a);
    // node-1 holds node-2's key (stolen or misconfigured) and claims to be node-1 with it.
    GrpcTransport x =
        start(
            new GrpcTransportConfig(
                Nodes.id(1),
                Nodes.key(2),
                roster.get(1).address(),
                List.of(roster.get(0)),
                Nodes.fastLimits()));
    x.send(Nodes.id(0), Bytes.utf8("I am node-1"));
    assertNull(inbox.poll(REFUSAL_WINDOW), "neither as node-1 nor as node-2");
    x.close();
    // With node-2's key AND name it IS node-2 as far as anyone can tell: delivered as node-2.
    GrpcTransport y =
        start(
            new GrpcTransportConfig(
                Nodes.id(2),
                Nodes.key(2),
                roster.get(1).address(),
                List.of(roster.get(0)),
                Nodes.fastLimits()));
    y.send(Nodes.id(0), Bytes.utf8("I hold node-2's key"));
    Nodes.Received r = inbox.next(WAIT);
    assertEquals(Nodes.id(2), r.from());
  }

  @Test
  void aRestartedPeerOnTheSamePortGetsMessagesAgainAfterBackoff() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(2);
    GrpcTransport a = start(0, roster);
    GrpcTransport b = start(1, roster);
    Nodes.Inbox first = new Nodes.Inbox();
    first.attach(b);
    a.send(Nodes.id(1), Bytes.utf8("before"));
    assertEquals(Bytes.utf8("before"), first.next(WAIT).message());
    b.close();
    Nodes.await(
        "a sees the link down", WAIT, () -> !a.stats().peer(Nodes.id(1)).orElseThrow().connected());
    GrpcTransport b2 = start(1, roster);
    Nodes.Inbox second = new Nodes.Inbox();
    second.attach(b2);
    Nodes.await("a reconnects", WAIT, () -> a.stats().peer(Nodes.id(1)).orElseThrow().connected());
    a.send(Nodes.id(1), Bytes.utf8("after"));
    Nodes.Received r = second.next(WAIT);
    assertEquals(Bytes.utf8("after"), r.message());
    assertEquals(Nodes.id(0), r.from());
    // And the other direction works from the restarted side.
    Nodes.Inbox atA = new Nodes.Inbox();
    atA.attach(a);
    b2.send(Nodes.id(0), Bytes.utf8("back"));
    assertEquals(Bytes.utf8("back"), atA.next(WAIT).message());
  }

  @Test
  void messagesSentWhileTheLinkIsCutArriveWhenItRecovers() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(2);
    GrpcTransport a = start(0, roster);
    GrpcTransport b = start(1, roster);
    Nodes.await("connected", WAIT, () -> a.stats().peer(Nodes.id(1)).orElseThrow().connected());
    b.close();
    Nodes.await(
        "a sees the cut", WAIT, () -> !a.stats().peer(Nodes.id(1)).orElseThrow().connected());
    for (int i = 0; i < 20; i++) {
      a.send(Nodes.id(1), Bytes.utf8("queued " + i));
    }
    Thread.sleep(300); // several failed reconnect attempts
    GrpcTransport b2 = start(1, roster);
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(b2);
    for (int i = 0; i < 20; i++) {
      assertEquals(Bytes.utf8("queued " + i), inbox.next(WAIT).message());
    }
    assertEquals(0, a.stats().peer(Nodes.id(1)).orElseThrow().messagesDropped());
  }

  @Test
  void aTenMebibyteMessageArrivesIntact() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(2);
    GrpcTransport a = start(0, roster);
    GrpcTransport b = start(1, roster);
    Nodes.Inbox inbox = new Nodes.Inbox();
    inbox.attach(b);
    byte[] big = new byte[10 * 1024 * 1024];
    new Random(Nodes.SEED).nextBytes(big);
    a.send(Nodes.id(1), Bytes.of(big));
    a.send(Nodes.id(1), Bytes.utf8("next"));
    assertArrayEquals(big, inbox.next(WAIT).message().toByteArray());
    assertEquals(Bytes.utf8("next"), inbox.next(WAIT).message());
  }

  @Test
  void closeIsIdempotentAndReleasesThePort() throws Exception {
    List<GrpcPeer> roster = Nodes.roster(2);
    GrpcTransport a = start(0, roster);
    GrpcTransport b = start(1, roster);
    Nodes.await("connected", WAIT, () -> a.stats().peer(Nodes.id(1)).orElseThrow().connected());
    int port = b.boundAddress().getPort();
    assertEquals(roster.get(1).address().getPort(), port);
    b.close();
    b.close();
    try (ServerSocket again = new ServerSocket()) {
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertTrue(again.isBound());
    }
  }

  @Test
  void portZeroListensOnAFreePort() throws Exception {
    Ed25519PrivateKey key = Nodes.key(0);
    GrpcTransport a =
        start(
            new GrpcTransportConfig(
                Nodes.id(0),
                key,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of()));
    assertTrue(a.boundAddress().getPort() > 0);
  }
}
