package org.cybervein.consensus.pbft;

import java.util.Objects;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.crypto.agreement.X25519PublicKey;

/**
 * The public identity of one replica (a member node of the database) or one client: its network
 * address, the Ed25519 key that checks its signatures, and the X25519 key from which its pairwise
 * MAC keys are agreed.
 *
 * @param node the network address
 * @param signingKey the Ed25519 verification key
 * @param agreementKey the X25519 public key
 */
public record PeerIdentity(NodeId node, PublicKey signingKey, X25519PublicKey agreementKey) {
  /**
   * Rejects null parts and a non-Ed25519 signing key.
   *
   * @param node the network address
   * @param signingKey the Ed25519 verification key
   * @param agreementKey the X25519 public key
   */
  public PeerIdentity {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(agreementKey, "agreementKey");
    if (signingKey.algorithm() != SignatureAlgorithm.ED25519) {
      throw new IllegalArgumentException("signing key must be Ed25519, got " + signingKey);
    }
  }
}
