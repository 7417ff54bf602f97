package org.cybervein.fl.secagg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.agreement.SharedSecret;
import org.cybervein.crypto.kdf.Hkdf;

/**
 * Turns 32-byte seeds into mask vectors over Z_(2^64), and pairwise X25519 secrets into seeds and
 * share-cipher keys.
 *
 * <p>The pseudorandom generator is the ChaCha20 keystream (RFC 8439, zero nonce, counter 0) under
 * the seed as key, read as little-endian 64-bit words. Every seed is used for one vector of one
 * round only, so the fixed nonce never repeats under a key.
 *
 * <p>Key derivation (fixed labels, part of the protocol): {@code HKDF-SHA256(salt =
 * "CYBERVEIN-SECAGG-V1" || u64 round, ikm = X25519 secret, info = label, 32 bytes)} with label
 * {@code "pairwise-mask"} for the mask seed s_uv and {@code "share-cipher"} for the
 * ChaCha20-Poly1305 key that seals shares.
 */
final class MaskExpander {
  private static final byte[] ZERO_NONCE = new byte[12];
  private static final Bytes DOMAIN = Bytes.utf8("CYBERVEIN-SECAGG-V1");
  static final Bytes PAIRWISE_MASK = Bytes.utf8("pairwise-mask");
  static final Bytes SHARE_CIPHER = Bytes.utf8("share-cipher");

  private MaskExpander() {}

  static long[] expand(Bytes seed, int length) {
    byte[] stream = new byte[length * 8];
    try {
      Cipher chacha = Cipher.getInstance("ChaCha20");
      chacha.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(seed.toByteArray(), "ChaCha20"),
          new ChaCha20ParameterSpec(ZERO_NONCE, 0));
      stream = chacha.doFinal(stream);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20 is part of every Java 11+ runtime", e);
    }
    long[] out = new long[length];
    ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
    return out;
  }

  static Bytes derive(SharedSecret secret, long round, Bytes label) {
    Bytes salt = DOMAIN.concat(Bytes.of(longBytes(round)));
    return Hkdf.derive(salt, secret.toBytes(), label, 32);
  }

  static byte[] longBytes(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }
}
