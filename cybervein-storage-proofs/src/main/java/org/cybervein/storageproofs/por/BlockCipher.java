package org.cybervein.storageproofs.por;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

  private static final int CTR_CHUNK = 32 * 1024;
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle NATIVE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

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

  /**
   * XORs the AES-256-CTR keystream (128-bit big-endian counter starting at zero, as the JDK's
   * "AES/CTR/NoPadding" with a zero IV) into {@code data}, in place.
   *
   * <p>The keystream is the ECB encryption of counter blocks, made in chunks that stay in cache:
   * the JDK's ECB runs several times faster than its CTR mode on the same processor.
   */
  static void ctrInPlace(byte[] key, byte[] data) {
    Cipher aes = ecb(key);
    int chunk = Math.min(CTR_CHUNK, (data.length + BLOCK - 1) / BLOCK * BLOCK);
    byte[] counters = new byte[chunk];
    byte[] stream = new byte[chunk];
    long counter = 0;
    for (int start = 0; start < data.length; start += chunk) {
      int length = Math.min(chunk, data.length - start);
      int blocks = (length + BLOCK - 1) / BLOCK;
      for (int b = 0; b < blocks; b++) {
        BIG_ENDIAN_LONG.set(counters, b * BLOCK + 8, counter++);
      }
      try {
        aes.doFinal(counters, 0, blocks * BLOCK, stream, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-ECB over whole blocks cannot fail", e);
      }
      int i = 0;
      for (; i + 8 <= length; i += 8) {
        long x = (long) NATIVE_LONG.get(data, start + i) ^ (long) NATIVE_LONG.get(stream, i);
        NATIVE_LONG.set(data, start + i, x);
      }
      for (; i < length; i++) {
        data[start + i] ^= stream[i];
      }
    }
  }

  /** The JDK's AES-256-CTR, the definition {@link #ctrInPlace} must match (for tests). */
  static byte[] jdkCtr(byte[] key, byte[] data) {
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
