package org.cybervein.transport.grpc;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * What a {@link GrpcTransport} needs to start: this node's id and identity key, where to listen,
 * the roster of peers, and the limits.
 *
 * <p>The roster may list this node itself (every member can then share one roster file); such an
 * entry must carry this node's own public key and is not dialled. Node ids and identity keys are
 * unique in the roster, so a certificate maps to at most one member.
 *
 * @param self this node's id; its certificate's common name
 * @param identity this node's Ed25519 identity key; its certificate's key
 * @param listenAddress where to accept peers (port 0 picks a free port: see {@link
 *     GrpcTransport#boundAddress()})
 * @param peers the roster, in any order
 * @param limits queue bounds, frame sizes and timings
 * @param threading the network threads and the handler's thread
 */
public record GrpcTransportConfig(
    NodeId self,
    Ed25519PrivateKey identity,
    InetSocketAddress listenAddress,
    List<GrpcPeer> peers,
    GrpcTransportLimits limits,
    GrpcTransportThreading threading) {
  /**
   * Checks the roster: unique node ids and keys, and this node (if listed) under its own key.
   *
   * @param self this node's id
   * @param identity this node's identity key
   * @param listenAddress where to listen
   * @param peers the roster; copied
   * @param limits the limits
   * @param threading the threads
   */
  public GrpcTransportConfig {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(threading, "threading");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(listenAddress, "listenAddress");
    Objects.requireNonNull(limits, "limits");
    peers = List.copyOf(peers);
    Set<NodeId> ids = new HashSet<>();
    Set<PublicKey> keys = new HashSet<>();
    for (GrpcPeer peer : peers) {
      if (!ids.add(peer.node())) {
        throw new IllegalArgumentException("node id " + peer.node() + " is twice in the roster");
      }
      if (!keys.add(peer.identityKey())) {
        throw new IllegalArgumentException(
            "identity key " + peer.identityKey() + " is twice in the roster");
      }
      if (peer.node().equals(self) != peer.identityKey().equals(identity.publicKey())) {
        throw new IllegalArgumentException(
            "the roster lists "
                + peer.node()
                + " with "
                + peer.identityKey()
                + " but this node is "
                + self
                + " with "
                + identity.publicKey());
      }
    }
  }

  /**
   * A configuration with {@link GrpcTransportThreading#defaults()}.
   *
   * @param self this node's id
   * @param identity this node's identity key
   * @param listenAddress where to listen
   * @param peers the roster
   * @param limits the limits
   */
  public GrpcTransportConfig(
      NodeId self,
      Ed25519PrivateKey identity,
      InetSocketAddress listenAddress,
      List<GrpcPeer> peers,
      GrpcTransportLimits limits) {
    this(self, identity, listenAddress, peers, limits, GrpcTransportThreading.defaults());
  }

  /**
   * A configuration with {@link GrpcTransportLimits#defaults()} and {@link
   * GrpcTransportThreading#defaults()}.
   *
   * @param self this node's id
   * @param identity this node's identity key
   * @param listenAddress where to listen
   * @param peers the roster
   */
  public GrpcTransportConfig(
      NodeId self,
      Ed25519PrivateKey identity,
      InetSocketAddress listenAddress,
      List<GrpcPeer> peers) {
    this(self, identity, listenAddress, peers, GrpcTransportLimits.defaults());
  }

  /**
   * The roster without this node: the peers this node dials.
   *
   * @return the other members
   */
  List<GrpcPeer> others() {
    return peers.stream().filter(p -> !p.node().equals(self)).toList();
  }

  /**
   * This node's certificate, as it presents it to peers.
   *
   * @return the self-signed certificate of {@link #identity()} for {@link #self()}
   */
  NodeCertificate certificate() {
    return NodeCertificate.selfSigned(identity, self);
  }
}
