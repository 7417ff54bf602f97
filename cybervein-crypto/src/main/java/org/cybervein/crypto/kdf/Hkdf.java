package org.cybervein.crypto.kdf;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.SecretBytes;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): {@link #extract}, {@link #expand}, and both in one {@link
 * #derive}.
 *
 * <p>The output length is a parameter the program chooses, not input from a peer, so a length
 * outside {@code [0, 255 * 32]} is a programming error and throws {@link IllegalArgumentException}.
 */
public final class Hkdf {
  /** HashLen of SHA-256, in bytes. */
  public static final int HASH_SIZE = 32;

  /** The longest output RFC 5869 allows: 255 blocks of HashLen bytes. */
  public static final int MAX_OUTPUT_SIZE = 255 * HASH_SIZE;

  private static final String HMAC = "HmacSHA256";

  private Hkdf() {}

  /**
   * HKDF-Extract: concentrates the entropy of {@code inputKeyingMaterial} into a PRK. An empty
   * {@code salt} means "no salt", which RFC 5869 defines as HashLen zero bytes (the same HMAC key,
   * since HMAC pads keys with zeros).
   *
   * @param salt a non-secret random value, or empty for none
   * @param inputKeyingMaterial the secret input, e.g. a Diffie-Hellman shared secret
   * @return the 32-byte pseudorandom key
   */
  public static PseudorandomKey extract(Bytes salt, Bytes inputKeyingMaterial) {
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(inputKeyingMaterial, "inputKeyingMaterial");
    // The JDK refuses an empty SecretKeySpec, hence the explicit zero salt.
    byte[] key = salt.isEmpty() ? new byte[HASH_SIZE] : salt.toByteArray();
    Mac mac = hmac(key);
    return new PseudorandomKey(SecretBytes.copyOf(mac.doFinal(inputKeyingMaterial.toByteArray())));
  }

  /**
   * HKDF-Expand: {@code length} bytes of output keying material bound to {@code info}. A shorter
   * output is always a prefix of a longer one with the same inputs.
   *
   * @param prk the pseudorandom key from {@link #extract}
   * @param info context that binds the output to its use, e.g. a protocol and a pair of node ids;
   *     may be empty
   * @param length the output size in bytes, from 0 to {@link #MAX_OUTPUT_SIZE}
   * @return {@code length} bytes of output keying material
   * @throws IllegalArgumentException if {@code length} is negative or above {@link
   *     #MAX_OUTPUT_SIZE}
   */
  public static Bytes expand(PseudorandomKey prk, Bytes info, int length) {
    Objects.requireNonNull(prk, "prk");
    Objects.requireNonNull(info, "info");
    checkLength(length);
    Mac mac = hmac(prk.secret().toByteArray());
    byte[] infoBytes = info.toByteArray();
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    int written = 0;
    for (int counter = 1; written < length; counter++) {
      // T(i) = HMAC(PRK, T(i-1) || info || i); doFinal resets the Mac for the next block.
      mac.update(block);
      mac.update(infoBytes);
      mac.update((byte) counter);
      block = mac.doFinal();
      int n = Math.min(block.length, length - written);
      System.arraycopy(block, 0, out, written, n);
      written += n;
    }
    return Bytes.of(out);
  }

  /**
   * Extract-then-expand.
   *
   * @param salt a non-secret random value, or empty for none
   * @param inputKeyingMaterial the secret input
   * @param info context that binds the output to its use; may be empty
   * @param length the output size in bytes, from 0 to {@link #MAX_OUTPUT_SIZE}
   * @return {@code length} bytes of output keying material
   * @throws IllegalArgumentException if {@code length} is negative or above {@link
   *     #MAX_OUTPUT_SIZE}
   */
  public static Bytes derive(Bytes salt, Bytes inputKeyingMaterial, Bytes info, int length) {
    checkLength(length);
    return expand(extract(salt, inputKeyingMaterial), info, length);
  }

  private static void checkLength(int length) {
    if (length < 0 || length > MAX_OUTPUT_SIZE) {
      throw new IllegalArgumentException(
          "HKDF-SHA256 output must be 0 to " + MAX_OUTPUT_SIZE + " bytes, got " + length);
    }
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
