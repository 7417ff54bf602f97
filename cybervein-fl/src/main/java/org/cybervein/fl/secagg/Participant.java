package org.cybervein.fl.secagg;

import java.util.Objects;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;

/**
 * A client of secure aggregation: where it is reached and the Ed25519 identity that signs its
 * per-round keys.
 *
 * @param node the client's address
 * @param identity the client's long-term Ed25519 public key
 */
public record Participant(NodeId node, PublicKey identity) {
  /**
   * Rejects nulls.
   *
   * @param node the client's address
   * @param identity the client's long-term Ed25519 public key
   */
  public Participant {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(identity, "identity");
  }
}
