package org.cybervein.consensus.pbft;

/**
 * How replicas and clients authenticate the messages of the agreement protocol.
 *
 * <p>In both modes every message is authenticated and checked before it changes any state, and the
 * messages a third party must be able to check are always Ed25519-signed: UPLOAD entries for the
 * {@link LogContract}, CHECKPOINT messages (stable-checkpoint certificates), VIEW-CHANGE and
 * NEW-VIEW.
 */
public enum AuthMode {
  /**
   * The whitepaper's "Sign" on every message: REQUEST, PRE-PREPARE, PREPARE, COMMIT and REPLY are
   * Ed25519-signed. Every message is transferable: whoever holds it can prove to anyone that its
   * sender sent it. Costs one signature per message sent and one verification per message received,
   * except that a replica signs the REPLYs of one executed batch together, once, as a Merkle root
   * (each REPLY travels with the signed root and its path; see {@link ReplyProof}).
   */
  SIGNATURES,
  /**
   * The classic PBFT optimisation (Castro and Liskov; BFT-SMaRt's default): REQUEST, PRE-PREPARE,
   * PREPARE, COMMIT, REPLY and state-transfer fetches carry MAC authenticators, one truncated
   * HMAC-SHA256 tag per receiving replica under a pairwise key agreed with X25519. A MAC convinces
   * only its receiver, so these messages are not transferable proofs; everything that must convince
   * a third party stays signed (see the enum's Javadoc). A faulty client can make an authenticator
   * whose tags are valid for some replicas and not others; the protocol tolerates that because each
   * replica checks its own tag and a request is only ordered when the primary's PRE-PREPARE carries
   * it and each backup checks the client's tag for itself.
   */
  MAC_AUTHENTICATORS
}
