package org.cybervein.fl.secagg;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cybervein.api.NodeId;

/**
 * The clients of secure aggregation, in a fixed order every party agrees on: client index i
 * (1-based) is the Shamir evaluation point of its shares and orders the signs of pairwise masks.
 *
 * @param participants the clients, at least two, at most 255, with distinct nodes
 */
public record SecAggRoster(List<Participant> participants) {
  /**
   * Checks size and distinctness.
   *
   * @param participants the clients, at least two, at most 255, with distinct nodes
   */
  public SecAggRoster {
    participants = List.copyOf(participants);
    if (participants.size() < 2 || participants.size() > 255) {
      throw new IllegalArgumentException(
          "secure aggregation needs 2..255 clients, got " + participants.size());
    }
    Set<NodeId> nodes = new HashSet<>();
    for (Participant p : participants) {
      if (!nodes.add(p.node())) {
        throw new IllegalArgumentException("client " + p.node() + " appears twice");
      }
    }
  }

  /**
   * The number of clients.
   *
   * @return the count of clients
   */
  public int size() {
    return participants.size();
  }

  /**
   * The client with 1-based index {@code index}.
   *
   * @param index the 1-based index
   * @return the client
   * @throws IllegalArgumentException if no client has this index
   */
  public Participant get(int index) {
    if (index < 1 || index > participants.size()) {
      throw new IllegalArgumentException("no client with index " + index);
    }
    return participants.get(index - 1);
  }

  /**
   * The 1-based index of {@code node}, if it is a client.
   *
   * @param node the node to look up
   * @return its 1-based index, or empty if it is not in the roster
   */
  public Optional<Integer> indexOf(NodeId node) {
    Objects.requireNonNull(node, "node");
    for (int i = 0; i < participants.size(); i++) {
      if (participants.get(i).node().equals(node)) {
        return Optional.of(i + 1);
      }
    }
    return Optional.empty();
  }
}
