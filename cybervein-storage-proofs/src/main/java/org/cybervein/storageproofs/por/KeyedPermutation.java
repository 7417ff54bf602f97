package org.cybervein.storageproofs.por;

import javax.crypto.Cipher;

/**
 * A keyed pseudorandom permutation of {@code [0, size)}: where the sentinel POR puts each block of
 * the stored file, so that sentinels cannot be told from data and a codeword's bytes end up far
 * apart.
 *
 * <p>A balanced Feistel network of {@value #ROUNDS} rounds (Luby-Rackoff: four rounds with a PRF
 * give a strong pseudorandom permutation) on {@code 2h}-bit values, {@code 2^(2h)} the smallest
 * even power of two at least {@code size} (and at least 4); values that land outside {@code [0,
 * size)} are permuted again (cycle walking), which keeps the result a permutation of {@code [0,
 * size)}. The round function is {@code F_r(x) = AES_k(r || x)} truncated to {@code h} bits, with
 * {@code r} the round number in the block's first byte and {@code x} in its last eight bytes,
 * big-endian. Evaluations are batched, one AES call per round for all pending values.
 *
 * <p>Not thread-safe (it keeps one initialized cipher); make one per use.
 */
final class KeyedPermutation {
  static final int ROUNDS = 4;

  private final Cipher prf;
  private final long size;
  private final int halfBits;
  private final long halfMask;

  KeyedPermutation(byte[] key, long size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive, got " + size);
    }
    if (size > 1L << 60) {
      throw new IllegalArgumentException("size above 2^60");
    }
    this.prf = BlockCipher.ecb(key);
    this.size = size;
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
    this.halfBits = (bits + 1) / 2;
    this.halfMask = (1L << halfBits) - 1;
  }

  long size() {
    return size;
  }

  /** The images of {@code inputs}, each in {@code [0, size)}. */
  long[] apply(long[] inputs) {
    long[] values = inputs.clone();
    for (long v : values) {
      if (v < 0 || v >= size) {
        throw new IllegalArgumentException("input " + v + " outside [0, " + size + ")");
      }
    }
    int[] pending = new int[values.length];
    for (int i = 0; i < pending.length; i++) {
      pending[i] = i;
    }
    int count = pending.length;
    while (count > 0) {
      feistel(values, pending, count);
      int still = 0;
      for (int k = 0; k < count; k++) {
        if (values[pending[k]] >= size) {
          pending[still++] = pending[k];
        }
      }
      count = still;
    }
    return values;
  }

  /** The image of one input. */
  long apply(long input) {
    return apply(new long[] {input})[0];
  }

  private void feistel(long[] values, int[] pending, int count) {
    long[] left = new long[count];
    long[] right = new long[count];
    for (int k = 0; k < count; k++) {
      long v = values[pending[k]];
      left[k] = v >>> halfBits;
      right[k] = v & halfMask;
    }
    byte[] blocks = new byte[count * BlockCipher.BLOCK];
    for (int r = 0; r < ROUNDS; r++) {
      for (int k = 0; k < count; k++) {
        int o = k * BlockCipher.BLOCK;
        blocks[o] = (byte) r;
        long x = right[k];
        for (int b = 0; b < 8; b++) {
          blocks[o + 8 + b] = (byte) (x >>> (56 - 8 * b));
        }
      }
      byte[] out = BlockCipher.encryptBlocks(prf, blocks);
      for (int k = 0; k < count; k++) {
        int o = k * BlockCipher.BLOCK;
        long f = 0;
        for (int b = 0; b < 8; b++) {
          f = (f << 8) | (out[o + b] & 0xff);
        }
        long next = left[k] ^ (f & halfMask);
        left[k] = right[k];
        right[k] = next;
      }
    }
    for (int k = 0; k < count; k++) {
      values[pending[k]] = (left[k] << halfBits) | right[k];
    }
  }
}
