package org.cybervein.ledger.contract.database;

import java.util.Objects;
import org.cybervein.api.PublicKey;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.ledger.account.Address;

/**
 * One member of a database: the account that votes for it and the Ed25519 key its node signs PBFT
 * messages with. Member i of the list is PBFT replica i.
 *
 * @param account the member's account address
 * @param nodeKey the member node's Ed25519 signing key
 */
public record Member(Address account, PublicKey nodeKey) {
  /**
   * Rejects null parts and a key that is not Ed25519.
   *
   * @param account the member's account address
   * @param nodeKey the member node's Ed25519 signing key
   */
  public Member {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(nodeKey, "nodeKey");
    if (nodeKey.algorithm() != SignatureAlgorithm.ED25519) {
      throw new IllegalArgumentException("node keys are Ed25519, got " + nodeKey.algorithm());
    }
  }
}
