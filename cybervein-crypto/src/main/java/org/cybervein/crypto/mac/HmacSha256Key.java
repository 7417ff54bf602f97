package org.cybervein.crypto.mac;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.SecretBytes;

/**
 * A secret HMAC-SHA256 key.
 *
 * <p>Length policy: at least {@link #MIN_SIZE} (16) bytes, so that no key gives less than 128-bit
 * security against guessing; {@link #generate} draws {@link #RECOMMENDED_SIZE} (32) bytes, the hash
 * output size that RFC 2104 recommends. Longer keys are accepted (HMAC hashes keys longer than the
 * 64-byte block first). HMAC itself would take any length, including zero; this type refuses the
 * short ones because here a key is always a secret, never a public label.
 */
public final class HmacSha256Key {
  /** The shortest key accepted, in bytes. */
  public static final int MIN_SIZE = 16;

  /** The size of generated keys, in bytes. */
  public static final int RECOMMENDED_SIZE = 32;

  private final SecretBytes key;

  private HmacSha256Key(SecretBytes key) {
    this.key = key;
  }

  /**
   * Draws a fresh 32-byte key from {@code random}.
   *
   * @param random the source of the key bytes; must be cryptographically strong outside tests
   * @return a new 32-byte key
   */
  public static HmacSha256Key generate(RandomSource random) {
    Objects.requireNonNull(random, "random");
    return new HmacSha256Key(SecretBytes.random(RECOMMENDED_SIZE, random));
  }

  /**
   * Wraps key bytes, for example a pairwise key derived with HKDF from an X25519 shared secret.
   *
   * @param key the key bytes, at least {@link #MIN_SIZE} long
   * @return the key
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code key} is shorter than
   *     {@link #MIN_SIZE} bytes
   */
  public static HmacSha256Key fromBytes(Bytes key) throws InvalidCryptoInputException {
    Objects.requireNonNull(key, "key");
    return new HmacSha256Key(SecretBytes.ofMinLength(key, MIN_SIZE, "an HMAC key"));
  }

  /**
   * The secret key bytes. Handle with care.
   *
   * @return a copy of the secret key bytes
   */
  public Bytes toBytes() {
    return key.toBytes();
  }

  /** The key material, for {@link HmacSha256}. */
  SecretBytes secret() {
    return key;
  }

  /** The size only; the key stays secret. */
  @Override
  public String toString() {
    return "HmacSha256Key[" + key.size() + " bytes, redacted]";
  }
}
