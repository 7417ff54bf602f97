package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.wire.v1.PbftProto;

/**
 * Many {@link Client}s behind one address, as a pure core: each client has its own signing key, so
 * the replicas treat them as distinct clients (each with its own timestamps and one outstanding
 * request), while their REPLYs all travel to the one address. A received message is parsed once and
 * handed to the client whose key the REPLY names. This is how one process keeps many requests
 * outstanding (BFT-SMaRt's throughput client runs many client threads in one JVM) without a
 * transport link per client.
 *
 * <p>Not thread-safe; a host serializes calls.
 */
public final class ClientGroup {
  /**
   * What a received message did: the actions of the client it was addressed to.
   *
   * @param client the index of that client in the group
   * @param actions what the client asks its host to carry out
   */
  public record Delivery(int client, List<Action> actions) {
    /**
     * Copies the actions and rejects a negative index.
     *
     * @param client the index of the client in the group
     * @param actions what the client asks its host to carry out
     */
    public Delivery {
      if (client < 0) {
        throw new IllegalArgumentException("negative client index");
      }
      actions = List.copyOf(actions);
    }
  }

  private final List<Client> clients;
  private final Map<ByteString, Integer> byKey = new HashMap<>();
  private final int maxMessageBytes;
  private final EnumMap<Rejection, Long> rejections = new EnumMap<>(Rejection.class);

  /**
   * A group of {@code clients}; all share one address and one configuration, each has its own key.
   *
   * @param clients the clients, at least one; the group's index of a client is its position
   * @throws IllegalArgumentException if the list is empty, the clients' addresses or configurations
   *     differ, or two clients share a signing key
   */
  public ClientGroup(List<Client> clients) {
    this.clients = List.copyOf(clients);
    if (this.clients.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one client");
    }
    Client first = this.clients.get(0);
    for (int i = 0; i < this.clients.size(); i++) {
      Client c = this.clients.get(i);
      if (!c.address().equals(first.address()) || !c.config().equals(first.config())) {
        throw new IllegalArgumentException("the clients of a group share address and config");
      }
      if (byKey.put(c.wireSigningKey(), i) != null) {
        throw new IllegalArgumentException("two clients of the group share a signing key");
      }
    }
    this.maxMessageBytes = first.config().maxMessageBytes();
  }

  /**
   * The number of clients.
   *
   * @return at least 1
   */
  public int size() {
    return clients.size();
  }

  /**
   * Client {@code index}.
   *
   * @param index its position in the group
   * @return the client core
   * @throws IndexOutOfBoundsException if there is no such client
   */
  public Client client(int index) {
    return clients.get(index);
  }

  /**
   * A message arrived for the group's address: a REPLY goes to the client whose key it names.
   *
   * @param from the sender
   * @param message the received frame
   * @return the addressed client's actions, or empty if the message is malformed, not a REPLY or
   *     names no client of the group (counted in {@link #rejections()})
   */
  public Optional<Delivery> onMessage(NodeId from, Bytes message) {
    Frame f;
    try {
      f = Frame.parse(message, maxMessageBytes);
    } catch (InvalidPbftMessageException e) {
      return reject(Rejection.MALFORMED);
    }
    if (f.body.getKindCase() != PbftProto.PbftBody.KindCase.REPLY) {
      return reject(Rejection.UNEXPECTED_KIND);
    }
    Integer index = byKey.get(f.body.getReply().getClientKey().getKey());
    if (index == null) {
      return reject(Rejection.STALE);
    }
    return Optional.of(new Delivery(index, clients.get(index).onFrame(f, message)));
  }

  /**
   * Messages the group itself refused before any client saw them, by reason.
   *
   * @return a copy of the counts per reason
   */
  public Map<Rejection, Long> rejections() {
    return new EnumMap<>(rejections);
  }

  private Optional<Delivery> reject(Rejection r) {
    rejections.merge(r, 1L, Long::sum);
    return Optional.empty();
  }
}
