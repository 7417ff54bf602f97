package org.cybervein.crypto.sign;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;

/**
 * One item of a {@link BatchVerifier} batch: a message, the signature claimed on it and the key
 * that supposedly made it.
 *
 * @param key the signer's public key
 * @param message the exact signed bytes
 * @param signature the signature to check
 */
public record SignedMessage(PublicKey key, Bytes message, Signature signature) {
  /**
   * Rejects null components.
   *
   * @param key the signer's public key
   * @param message the exact signed bytes
   * @param signature the signature to check
   */
  public SignedMessage {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
  }
}
