package org.cybervein.transport.grpc;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.NodeId;

/**
 * The members a transport trusts, looked up by certificate: a certificate maps to a member only if
 * its key is that member's identity key AND its common name is that member's node id. A roster key
 * presented under another name (node X showing Y's key while claiming X) maps to no one.
 */
final class Roster {
  private final List<GrpcPeer> members;

  Roster(List<GrpcPeer> members) {
    this.members = List.copyOf(members);
  }

  /**
   * The member {@code certificate} belongs to.
   *
   * @param certificate a certificate that passed {@link NodeCertificate#fromDer}
   * @return the member's id, or empty if no member has both its key and its name
   */
  Optional<NodeId> member(NodeCertificate certificate) {
    for (GrpcPeer member : members) {
      if (member.identityKey().equals(certificate.identityKey())) {
        return member.node().equals(certificate.node())
            ? Optional.of(member.node())
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Roster" + members.stream().map(GrpcPeer::node).toList();
  }
}
