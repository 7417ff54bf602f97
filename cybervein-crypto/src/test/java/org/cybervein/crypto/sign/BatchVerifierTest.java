package org.cybervein.crypto.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.testing.PropertyRuns;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BatchVerifierTest {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

  @AfterAll
  static void shutDown() {
    POOL.shutdownNow();
  }

  /** A batch from a few signers with a random fraction of items corrupted in various ways. */
  static List<SignedMessage> mixedBatch(long seed, int size) {
    RandomSource random = DeterministicRandom.fromSeed(seed);
    List<Ed25519PrivateKey> signers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      signers.add(Ed25519PrivateKey.generate(random));
    }
    PublicKey smallOrder =
        PublicKey.ed25519(
            Bytes.fromHex("0100000000000000000000000000000000000000000000000000000000000000")
                .toByteArray());
    List<SignedMessage> items = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Ed25519PrivateKey signer = signers.get(random.nextInt(signers.size()));
      byte[] message = new byte[random.nextInt(120)];
      random.nextBytes(message);
      byte[] sig = signer.sign(message).encoded().toByteArray();
      PublicKey key = signer.publicKey();
      switch (random.nextInt(7)) {
        case 0 -> {
          if (message.length > 0) {
            message[random.nextInt(message.length)] ^= 1;
          }
        }
        case 1 -> sig[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
        case 2 -> key = signers.get((signers.indexOf(signer) + 1) % signers.size()).publicKey();
        case 3 -> key = smallOrder;
        default -> {
          // left intact
        }
      }
      items.add(new SignedMessage(key, Bytes.of(message), Signature.ed25519(sig)));
    }
    return items;
  }

  static boolean singleVerify(SignedMessage item) {
    try {
      return Ed25519Verifier.of(item.key()).verify(item.message(), item.signature());
    } catch (InvalidCryptoInputException e) {
      return false;
    }
  }

  static void assertAgreesWithSingleVerify(List<SignedMessage> items, BatchVerifier.Result r) {
    assertEquals(items.size(), r.size());
    BitSet expected = new BitSet();
    for (int i = 0; i < items.size(); i++) {
      boolean single = singleVerify(items.get(i));
      assertEquals(single, r.isValid(i), "item " + i);
      if (!single) {
        expected.set(i);
      }
    }
    assertEquals(expected, r.invalidIndices());
    assertEquals(expected.cardinality(), r.invalidCount());
    assertEquals(expected.isEmpty(), r.allValid());
  }

  @Test
  void batchResultEqualsSingleVerifyOnCorruptedBatches() {
    BatchVerifier common = BatchVerifier.withCommonPool();
    BatchVerifier wide = new BatchVerifier(POOL, 4);
    PropertyRuns.qt(Math.min(60, PropertyRuns.examples()))
        .forAll(longs().all(), integers().between(0, 40))
        .checkAssert(
            (seed, size) -> {
              List<SignedMessage> items = mixedBatch(seed, size);
              assertAgreesWithSingleVerify(items, common.verify(items));
              assertAgreesWithSingleVerify(items, wide.verify(items));
            });
  }

  @Test
  void largeBatchSplitsIntoChunksAndStillAgrees() {
    List<SignedMessage> items = mixedBatch(2024L, 301);
    BatchVerifier.Result result = new BatchVerifier(POOL, 3).verify(items);
    assertAgreesWithSingleVerify(items, result);
    assertFalse(result.allValid());
    assertTrue(result.invalidCount() < items.size());
  }

  @Test
  void emptyBatchIsAllValid() {
    BatchVerifier.Result result = BatchVerifier.withCommonPool().verify(List.of());
    assertEquals(0, result.size());
    assertTrue(result.allValid());
  }

  @Test
  void invalidKeyInvalidatesOnlyItsOwnItems() {
    List<SignedMessage> items = new ArrayList<>(mixedBatch(5L, 0));
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(5L));
    for (int i = 0; i < 10; i++) {
      byte[] m = {(byte) i};
      items.add(new SignedMessage(key.publicKey(), Bytes.of(m), key.sign(m)));
    }
    PublicKey notAPoint =
        PublicKey.ed25519(
            Bytes.fromHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
                .toByteArray());
    items.set(3, new SignedMessage(notAPoint, items.get(3).message(), items.get(3).signature()));
    BatchVerifier.Result result = new BatchVerifier(POOL, 2).verify(items);
    BitSet expected = new BitSet();
    expected.set(3);
    assertEquals(expected, result.invalidIndices());
  }

  @Test
  void completesWhenTheExecutorRejectsOrNeverRunsTasks() {
    List<SignedMessage> items = mixedBatch(77L, 25);
    BatchVerifier rejecting =
        new BatchVerifier(
            task -> {
              throw new RejectedExecutionException("full");
            },
            4);
    assertAgreesWithSingleVerify(items, rejecting.verify(items));
    BatchVerifier dropping = new BatchVerifier(task -> {}, 4);
    assertAgreesWithSingleVerify(items, dropping.verify(items));
  }

  @Test
  void rejectsProgrammingErrors() {
    assertThrows(IllegalArgumentException.class, () -> new BatchVerifier(POOL, 0));
    BatchVerifier verifier = BatchVerifier.withCommonPool();
    List<SignedMessage> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> verifier.verify(withNull));
    BatchVerifier.Result result = verifier.verify(mixedBatch(1L, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> result.isValid(2));
    assertThrows(IndexOutOfBoundsException.class, () -> result.isValid(-1));
  }
}
