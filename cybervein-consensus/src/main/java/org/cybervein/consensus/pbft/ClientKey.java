package org.cybervein.consensus.pbft;

import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;

/**
 * A client is its address and its signing key together, so nobody holding another key can use
 * (squat) a client's address to consume its timestamps or answers.
 */
record ClientKey(NodeId address, PublicKey key) implements Comparable<ClientKey> {
  static ClientKey of(PeerIdentity client) {
    return new ClientKey(client.node(), client.signingKey());
  }

  static ClientKey of(LoggedOperation op) {
    return new ClientKey(op.client(), op.clientKey());
  }

  @Override
  public int compareTo(ClientKey o) {
    int c = address.compareTo(o.address);
    return c != 0 ? c : key.encoded().compareTo(o.key.encoded());
  }
}
