package org.cybervein.crypto.envelope;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * Puts a body in a {@link SignedEnvelope} signed with one Ed25519 key: the whitepaper's {@code
 * <..., Sign>} on every message a node or user sends.
 *
 * <p>The signature covers {@link SignedEnvelope#signingInput(String, Bytes)}: the payload type and
 * the body exactly as they will travel. Thread-safe.
 */
public final class EnvelopeSigner {
  private final Ed25519PrivateKey key;

  private EnvelopeSigner(Ed25519PrivateKey key) {
    this.key = key;
  }

  /**
   * A signer that signs with {@code key}.
   *
   * @param key the signing key; its public key is named as the envelope's signer
   * @return the signer
   */
  public static EnvelopeSigner of(Ed25519PrivateKey key) {
    return new EnvelopeSigner(Objects.requireNonNull(key, "key"));
  }

  /**
   * Signs {@code body} as a message of {@code payloadType}.
   *
   * @param payloadType what the body is, 1..128 printable ASCII characters
   * @param body the exact bytes to carry
   * @return the envelope carrying {@code body}, signed over {@link
   *     SignedEnvelope#signingInput(String, Bytes)}
   */
  public SignedEnvelope sign(String payloadType, Bytes body) {
    byte[] input = SignedEnvelope.signingInput(payloadType, body);
    return new SignedEnvelope(payloadType, body, key.publicKey(), key.sign(input));
  }

  @Override
  public String toString() {
    return "EnvelopeSigner[" + key.publicKey() + "]";
  }
}
