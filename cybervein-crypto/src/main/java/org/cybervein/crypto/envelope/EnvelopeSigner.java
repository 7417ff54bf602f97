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

  /** A signer that signs with {@code key}. */
  public static EnvelopeSigner of(Ed25519PrivateKey key) {
    return new EnvelopeSigner(Objects.requireNonNull(key, "key"));
  }

  /**
   * Signs {@code body} as a message of {@code payloadType}.
   *
   * @param payloadType what the body is, 1..128 printable ASCII characters
   * @param body the exact bytes to carry
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
