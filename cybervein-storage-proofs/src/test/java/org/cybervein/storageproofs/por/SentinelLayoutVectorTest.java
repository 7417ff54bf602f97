package org.cybervein.storageproofs.por;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.junit.jupiter.api.Test;

/**
 * Pins the stored layout of the sentinel POR (encryption, coding, interleaving, permutation,
 * sentinels) to digests recorded before the encoder was optimised, so that speed-ups cannot change
 * a single stored byte, and checks the fast paths against their plain definitions.
 */
class SentinelLayoutVectorTest {
  private static final long SEED = 0x534e544c4c41594fL;
  private static final DomainTag VECTOR_TAG = DomainTag.of("cybervein/test/por-layout");

  private static String storedDigest(int fileSize, int sentinels, int tasks) {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + fileSize);
    SentinelPor por = SentinelPor.withKey(SentinelPorKey.generate(random));
    byte[] id = new byte[32];
    random.nextBytes(id);
    byte[] file = new byte[fileSize];
    random.nextBytes(file);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      SentinelEncoding encoding = por.encode(Hash.of(id), Bytes.of(file), sentinels, pool, tasks);
      return HashFunction.SHA256.hash(VECTOR_TAG, encoding.stored()).toHex();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void storedLayoutMatchesRecordedDigests() {
    String[][] vectors = {
      {"1", "1", "e741df6d4dfe3fc80ff54997a187c838684ba85273955e71e9eab87caa95c742"},
      {"40000", "2000", "af11e5a2e9825fa48c0d0659bcba4bc5bad001b1dc10b3e9490e95fc2f60e555"},
      {"1048546", "1000", "363fc019fcaab9ad522186111690b489cef29f80221c9cfe321dc1f6e3856753"},
    };
    for (String[] v : vectors) {
      int size = Integer.parseInt(v[0]);
      int sentinels = Integer.parseInt(v[1]);
      assertEquals(v[2], storedDigest(size, sentinels, 1), "file of " + size + " bytes");
      assertEquals(v[2], storedDigest(size, sentinels, 2), "two tasks, file of " + size);
    }
  }

  @Test
  void ecbKeystreamEqualsJdkCtr() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    byte[] key = new byte[32];
    random.nextBytes(key);
    for (int length : new int[] {0, 1, 15, 16, 17, 1000, 32 * 1024, 32 * 1024 + 5, 100_003}) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      byte[] expected = BlockCipher.jdkCtr(key, data);
      BlockCipher.ctrInPlace(key, data);
      assertArrayEquals(expected, data, "length " + length);
    }
  }

  @Test
  void tabulatedPermutationEqualsDirectEvaluation() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    for (long size : new long[] {1, 2, 5, 64, 1000, 4097, 75_970, 300_000}) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      KeyedPermutation pi = new KeyedPermutation(key, size);
      long[] all = new long[(int) size];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      assertArrayEquals(pi.applyDirect(all), pi.apply(all), "size " + size);
    }
  }
}
