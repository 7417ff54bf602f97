package org.cybervein.crypto.sharing;

import java.util.Objects;
import org.cybervein.api.Bytes;

/**
 * One share of a secret: the evaluation point {@code x} (1..255) and, for each byte of the secret,
 * the value of that byte's polynomial at {@code x}.
 *
 * @param index the evaluation point x, in 1..255 (0 would be the secret itself)
 * @param value one byte per byte of the secret
 */
public record SecretShare(int index, Bytes value) {
  /**
   * Checks the index range; the value must not be empty.
   *
   * @param index the evaluation point x, in 1..255 (0 would be the secret itself)
   * @param value one byte per byte of the secret
   */
  public SecretShare {
    if (index < 1 || index > ShamirSecretSharing.MAX_SHARES) {
      throw new IllegalArgumentException("share index must be in 1..255, got " + index);
    }
    Objects.requireNonNull(value, "value");
    if (value.size() == 0) {
      throw new IllegalArgumentException("a share of an empty secret is meaningless");
    }
  }

  /** Shows the index and length only: a share is secret material. */
  @Override
  public String toString() {
    return "SecretShare[index " + index + ", " + value.size() + " bytes, redacted]";
  }
}
