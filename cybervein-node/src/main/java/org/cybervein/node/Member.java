package org.cybervein.node;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.cybervein.api.NodeId;
import org.cybervein.consensus.pbft.PeerIdentity;

/**
 * One member of a cluster description.
 *
 * @param identity the node id and its public keys (Ed25519 identity, X25519 agreement)
 * @param role what the member's process runs
 * @param address where its transport listens for peers
 * @param http where its health and metrics endpoint listens
 */
record Member(PeerIdentity identity, Role role, InetSocketAddress address, InetSocketAddress http) {
  Member {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(http, "http");
  }

  NodeId id() {
    return identity.node();
  }

  static InetSocketAddress parseAddress(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("an address is HOST:PORT, got '" + text + "'");
    }
    int port = Integer.parseInt(text.substring(colon + 1));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range in '" + text + "'");
    }
    return InetSocketAddress.createUnresolved(text.substring(0, colon), port);
  }

  static String format(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }
}
