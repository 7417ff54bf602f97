package org.cybervein.transport.grpc;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.SignatureAlgorithm;

/**
 * One member of a {@link GrpcTransport}'s roster: who it is, the key its TLS certificate must
 * carry, and where it listens.
 *
 * @param node the member's node id, what the cores see as {@code from}
 * @param identityKey the member's Ed25519 identity key; its {@link NodeCertificate} carries it
 * @param address where the member's transport listens
 */
public record GrpcPeer(NodeId node, PublicKey identityKey, InetSocketAddress address) {
  /**
   * Checks that every part is present and the key is Ed25519.
   *
   * @param node the member's node id
   * @param identityKey the member's Ed25519 identity key
   * @param address where the member listens
   */
  public GrpcPeer {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(identityKey, "identityKey");
    Objects.requireNonNull(address, "address");
    if (identityKey.algorithm() != SignatureAlgorithm.ED25519) {
      throw new IllegalArgumentException("a peer's identity key is Ed25519, got " + identityKey);
    }
  }
}
