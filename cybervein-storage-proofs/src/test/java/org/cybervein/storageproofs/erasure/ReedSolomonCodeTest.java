package org.cybervein.storageproofs.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.field.Gf256;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class ReedSolomonCodeTest {
  private static final Gf256 FIELD = Gf256.REED_SOLOMON;
  private static final long SEED = Long.getLong("rs.seed", 20261125L);
  private static final int TRIALS = Integer.getInteger("rs.trials", 300);
  private final ReedSolomonCode code = ReedSolomonCode.rs255x223();

  @Test
  void fieldTablesAgreeWithBitwiseMultiplication() {
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        int product = FIELD.mulReference(a, b);
        assertEquals(product, FIELD.mul(a, b), a + "*" + b);
        if (b != 0) {
          assertEquals(a, FIELD.div(product, b));
        }
      }
    }
  }

  @Test
  void generatorHasTheThirtyTwoConsecutiveRoots() {
    int[] g = code.generatorCoefficients();
    assertEquals(33, g.length);
    assertEquals(1, g[32]);
    for (int j = 0; j < 32; j++) {
      int x = FIELD.pow(j);
      int acc = 0;
      for (int d = 32; d >= 0; d--) {
        acc = FIELD.mulReference(acc, x) ^ g[d];
      }
      assertEquals(0, acc, "alpha^" + j);
    }
  }

  @Test
  void encoderMatchesSlowPolynomialDivision() {
    System.out.println("ReedSolomonCodeTest seed " + SEED);
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    int[] g = code.generatorCoefficients();
    for (int t = 0; t < 50; t++) {
      byte[] data = new byte[223];
      random.nextBytes(data);
      byte[] codeword = new byte[255];
      code.encode(data, 0, codeword, 0);
      assertArrayEquals(slowEncode(data, g), codeword);
      assertTrue(code.isCodeword(codeword, 0));
    }
  }

  @Test
  void correctsRandomErrorPatternsUpToCapacity() throws Exception {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 1);
    for (int t = 0; t < TRIALS; t++) {
      byte[] original = randomCodeword(random);
      int errors = t % 17;
      byte[] received = corrupt(original, errors, random);
      assertEquals(errors, code.decode(received, 0), "trial " + t);
      assertArrayEquals(original, received, "trial " + t);
    }
  }

  @Test
  void decodingUndoesEveryErrorPatternWithinCapacity() {
    PropertyRuns.qt(Math.min(100, PropertyRuns.examples()))
        .forAll(integers().between(0, 16), longs().all())
        .checkAssert(
            (errors, patternSeed) -> {
              DeterministicRandom random = DeterministicRandom.fromSeed(patternSeed);
              byte[] original = randomCodeword(random);
              byte[] received = corrupt(original, errors, random);
              try {
                assertEquals(errors, code.decode(received, 0));
              } catch (InvalidStorageProofException e) {
                throw new AssertionError("refused " + errors + " errors", e);
              }
              assertArrayEquals(original, received);
            });
  }

  @Test
  void correctsBurstsAndErrorsInParity() throws Exception {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 2);
    byte[] original = randomCodeword(random);
    for (int start : new int[] {0, 100, 239}) {
      byte[] received = original.clone();
      for (int i = start; i < start + 16; i++) {
        received[i] ^= (byte) 0xff;
      }
      assertEquals(16, code.decode(received, 0));
      assertArrayEquals(original, received);
    }
  }

  @Test
  void rejectsErrorPatternsBeyondCapacityWithoutTouchingTheWord() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 3);
    for (int t = 0; t < TRIALS / 3; t++) {
      byte[] original = randomCodeword(random);
      int errors = 17 + random.nextInt(40);
      byte[] received = corrupt(original, errors, random);
      byte[] before = received.clone();
      InvalidStorageProofException e =
          assertThrows(InvalidStorageProofException.class, () -> code.decode(received, 0));
      assertEquals(Reason.UNCORRECTABLE, e.reason());
      assertArrayEquals(before, received);
    }
  }

  @Test
  void decodesAtAnOffset() throws Exception {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 4);
    byte[] original = randomCodeword(random);
    byte[] buffer = new byte[300];
    System.arraycopy(corrupt(original, 5, random), 0, buffer, 20, 255);
    assertEquals(5, code.decode(buffer, 20));
    byte[] window = new byte[255];
    System.arraycopy(buffer, 20, window, 0, 255);
    assertArrayEquals(original, window);
    assertFalse(code.isCodeword(corrupt(original, 1, random), 0));
  }

  @Test
  void parallelStripeEncodingEqualsSerial() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 5);
    int stripes = 37;
    byte[] data = new byte[stripes * 223];
    random.nextBytes(data);
    byte[] serial = new byte[stripes * 255];
    code.encodeStripes(data, serial, stripes);
    byte[] oneByOne = new byte[stripes * 255];
    for (int s = 0; s < stripes; s++) {
      code.encode(data, s * 223, oneByOne, s * 255);
    }
    assertArrayEquals(oneByOne, serial, "paired stripes encode as single ones");
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      for (int tasks : new int[] {1, 2, 5, 64}) {
        byte[] parallel = new byte[stripes * 255];
        code.encodeStripes(data, parallel, stripes, executor, tasks);
        assertArrayEquals(serial, parallel, "tasks " + tasks);
      }
    } finally {
      executor.shutdownNow();
    }
    assertThrows(IllegalArgumentException.class, () -> code.encodeStripes(data, serial, 38));
  }

  private byte[] randomCodeword(DeterministicRandom random) {
    byte[] data = new byte[223];
    random.nextBytes(data);
    byte[] codeword = new byte[255];
    code.encode(data, 0, codeword, 0);
    return codeword;
  }

  private static byte[] corrupt(byte[] original, int errors, DeterministicRandom random) {
    byte[] word = original.clone();
    boolean[] hit = new boolean[255];
    int placed = 0;
    while (placed < errors) {
      int i = random.nextInt(255);
      if (!hit[i]) {
        hit[i] = true;
        word[i] ^= (byte) (1 + random.nextInt(255));
        placed++;
      }
    }
    assertNotEquals(errors == 0, !java.util.Arrays.equals(word, original));
    return word;
  }

  /** Remainder of data(x) * x^32 divided by g(x), by schoolbook long division. */
  private static byte[] slowEncode(byte[] data, int[] g) {
    int[] dividend = new int[255];
    for (int i = 0; i < 223; i++) {
      dividend[i] = data[i] & 0xff;
    }
    for (int i = 0; i < 223; i++) {
      int coefficient = dividend[i];
      if (coefficient != 0) {
        for (int d = 0; d <= 32; d++) {
          dividend[i + d] ^= FIELD.mulReference(coefficient, g[32 - d]);
        }
      }
    }
    byte[] codeword = new byte[255];
    System.arraycopy(data, 0, codeword, 0, 223);
    for (int i = 223; i < 255; i++) {
      codeword[i] = (byte) dividend[i];
    }
    return codeword;
  }
}
