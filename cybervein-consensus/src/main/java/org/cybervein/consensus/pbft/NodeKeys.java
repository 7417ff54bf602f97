package org.cybervein.consensus.pbft;

import java.util.Objects;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.agreement.X25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * The private keys of one replica or client: the whitepaper's {@code sk} for "Sign", and the X25519
 * key for pairwise MAC keys.
 *
 * @param signingKey the Ed25519 signing key
 * @param agreementKey the X25519 private key
 */
public record NodeKeys(Ed25519PrivateKey signingKey, X25519PrivateKey agreementKey) {
  /**
   * Rejects null keys.
   *
   * @param signingKey the Ed25519 signing key
   * @param agreementKey the X25519 private key
   */
  public NodeKeys {
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(agreementKey, "agreementKey");
  }

  /**
   * Fresh keys drawn from {@code random}.
   *
   * @param random the source of both keys; must be cryptographically strong outside tests
   * @return the signing and key-agreement keys
   */
  public static NodeKeys generate(RandomSource random) {
    return new NodeKeys(Ed25519PrivateKey.generate(random), X25519PrivateKey.generate(random));
  }

  /**
   * The public identity of these keys at address {@code node}.
   *
   * @param node the node id the keys belong to
   * @return the identity to put in a configuration
   */
  public PeerIdentity identity(NodeId node) {
    return new PeerIdentity(node, signingKey.publicKey(), agreementKey.publicKey());
  }

  /** Shows the public keys only. */
  @Override
  public String toString() {
    return "NodeKeys[" + signingKey + ", " + agreementKey + "]";
  }
}
