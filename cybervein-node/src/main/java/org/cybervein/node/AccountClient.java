package org.cybervein.node;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowMessage;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.transaction.SignedTransaction;

/**
 * An account member's session with the cluster, for the {@code upload} and {@code download}
 * commands: its links (the account's identity key is both its TLS identity, so storage nodes know
 * who asks, and its ledger account key), the messages received so far, and the requests the
 * commands make of storage and super nodes, each awaited with a timeout.
 */
final class AccountClient implements AutoCloseable {
  /** One message received, with its authenticated sender. */
  record Received(NodeId from, DataFlowMessage message) {}

  static final Duration LINK_TIMEOUT = Duration.ofSeconds(60);
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_HELD = 256;

  final NodeConfig node;
  final Ed25519PrivateKey key;
  private final Links links;
  private final List<Received> received = new ArrayList<>();
  private Transport flow;

  private AccountClient(NodeConfig node, Ed25519PrivateKey key, Links links) {
    this.node = node;
    this.key = key;
    this.links = links;
  }

  static AccountClient open(Path config) throws IOException {
    NodeConfig node = NodeConfig.load(config);
    if (node.self().role() != Role.ACCOUNT) {
      throw new IllegalArgumentException(
          node.self().id()
              + " is a "
              + node.self().role().configName()
              + " member, not an account");
    }
    NodeKeys keys = NodeKeyFiles.load(node.keys());
    Links links = Links.open(node, keys);
    AccountClient client = new AccountClient(node, keys.signingKey(), links);
    client.flow = new Channels(links.core(), client.received).channel(Channels.DATA_FLOW);
    client.flow.register(client::receive);
    return client;
  }

  private void receive(NodeId from, Bytes bytes) {
    try {
      DataFlowMessage m = DataFlowWire.decode(bytes);
      synchronized (received) {
        if (received.size() < MAX_HELD) {
          received.add(new Received(from, m));
          received.notifyAll();
        }
      }
    } catch (InvalidEncodingException e) {
      // Not for us; the commands wait for what they expect.
    }
  }

  /** Waits until every one of {@code peers} is heard from: its link to this process is up. */
  void awaitLinks(List<NodeId> peers) throws InterruptedException {
    long deadline = System.nanoTime() + LINK_TIMEOUT.toNanos();
    while (true) {
      long now = System.nanoTime();
      List<NodeId> down = peers.stream().filter(p -> !links.stats().get(p).live(now)).toList();
      if (down.isEmpty()) {
        return;
      }
      if (now > deadline) {
        throw new IllegalStateException("no link to " + down + " within " + LINK_TIMEOUT);
      }
      Thread.sleep(50);
    }
  }

  void send(NodeId to, DataFlowMessage message) {
    flow.send(to, DataFlowWire.encode(message));
  }

  /** The first message received that {@code wanted} accepts, removed from those held. */
  Received await(String what, Predicate<Received> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
    synchronized (received) {
      while (true) {
        for (int i = 0; i < received.size(); i++) {
          if (wanted.test(received.get(i))) {
            return received.remove(i);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("no " + what + " within " + ANSWER_TIMEOUT);
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /**
   * This account's next nonce, as storage node {@code at} reports it in {@code /health} (the
   * account holds no chain of its own).
   */
  long nonce(Member at) {
    String url = "http://" + Member.format(at.http()) + "/health";
    Optional<String> body = Commands.get(url);
    if (body.isEmpty()) {
      throw new IllegalStateException("no answer from " + url);
    }
    JsonObject accounts =
        JsonParser.parseString(body.get()).getAsJsonObject().getAsJsonObject("accounts");
    return accounts.getAsJsonObject(node.self().id().value()).get("nonce").getAsLong();
  }

  /**
   * Waits until each of {@code nodes} reports in {@code /health} a best chain of at least {@code
   * height} blocks: a grant in block {@code height} is then in their state.
   */
  void awaitHeight(List<Member> nodes, long height) throws InterruptedException {
    long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
    for (Member n : nodes) {
      String url = "http://" + Member.format(n.http()) + "/health";
      while (Commands.get(url)
              .map(b -> JsonParser.parseString(b).getAsJsonObject().get("height").getAsLong())
              .orElse(-1L)
          < height) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(n.id() + " did not reach block " + height);
        }
        Thread.sleep(50);
      }
    }
  }

  /**
   * Signs a call of {@code contract}, submits it to storage node {@code at} and waits until that
   * node's best chain includes it.
   *
   * @return the index of the block that includes it
   */
  long submit(Member at, ContractId contract, Bytes input) throws InterruptedException {
    SignedTransaction tx = DataFlowLedger.call(key, nonce(at), contract, input);
    Hash id = tx.id();
    send(
        at.id(),
        DataFlowMessage.newBuilder().setTransaction(DataFlowWire.bytes(tx.encoded())).build());
    Received r =
        await(
            "block including transaction " + id,
            x ->
                x.message().hasIncluded()
                    && x.message().getIncluded().getTransaction().equals(DataFlowWire.bytes(id)));
    return r.message().getIncluded().getBlockIndex();
  }

  @Override
  public void close() throws IOException {
    links.close();
  }
}
