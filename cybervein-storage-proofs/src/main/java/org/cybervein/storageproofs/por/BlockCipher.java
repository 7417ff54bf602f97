package org.cybervein.storageproofs.por;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256 from the JDK, for the three keyed functions of the sentinel POR: the CTR keystream that
 * encrypts the file, the pseudorandom function behind the permutation's rounds, and the sentinel
 * values. AES is in every JDK and runs on the processor's AES instructions.
 */
final class BlockCipher {
  static final int BLOCK = 16;

  private BlockCipher() {}

  /** AES-256 in ECB over whole blocks: the PRF applied to many inputs in one call. */
  static byte[] encryptBlocks(byte[] key, byte[] blocks) {
    return encryptBlocks(ecb(key), blocks);
  }

  /** An AES-256 ECB encryptor for {@link #encryptBlocks(Cipher, byte[])}; not thread-safe. */
  static Cipher ecb(byte[] key) {
    try {
      Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      return aes;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is required of every JDK", e);
    }
  }

  /** Encrypts whole blocks with a cipher from {@link #ecb(byte[])}. */
  static byte[] encryptBlocks(Cipher ecb, byte[] blocks) {
    try {
      return ecb.doFinal(blocks);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-ECB over whole blocks cannot fail", e);
    }
  }

  /** XORs the AES-256-CTR keystream (initial counter zero) into {@code data}. */
  static byte[] ctr(byte[] key, byte[] data) {
    try {
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[BLOCK]));
      return aes.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR is required of every JDK", e);
    }
  }
}
