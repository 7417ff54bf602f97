package org.cybervein.storageproofs.erasure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.cybervein.crypto.field.Gf256;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The Reed-Solomon code RS(255, 223) over GF(2^8): the error-correcting code of the sentinel proof
 * of retrievability, which makes a file recoverable after the small corruptions sentinels may miss.
 *
 * <p>Field: GF(2^8) modulo 0x11d, alpha = 2. Generator {@code g(x) = (x - alpha^0)(x -
 * alpha^1)...(x - alpha^31)} (first consecutive root 0). A codeword is 255 bytes: the 223 data
 * bytes unchanged (systematic) followed by 32 parity bytes; byte {@code i} is the coefficient of
 * {@code x^(254 - i)}. The decoder corrects up to 16 byte errors per codeword (syndromes,
 * Berlekamp-Massey, Chien search, Forney) and refuses a word it cannot correct.
 *
 * <p>The encoder is the hot path of POR encoding: it keeps the 32 parity bytes in four {@code
 * long}s and, per data byte, shifts them by one byte and XORs in a precomputed row of the products
 * of the feedback byte with every generator coefficient. Immutable and thread-safe.
 */
public final class ReedSolomonCode {
  /** Bytes per codeword (n). */
  public static final int CODEWORD_SIZE = 255;

  /** Data bytes per codeword (k). */
  public static final int DATA_SIZE = 223;

  /** Parity bytes per codeword (n - k). */
  public static final int PARITY_SIZE = CODEWORD_SIZE - DATA_SIZE;

  /** Byte errors corrected per codeword, (n - k) / 2. */
  public static final int CORRECTABLE_ERRORS = PARITY_SIZE / 2;

  /** GF(2^8) modulo 0x11d with alpha = 2, as the codeword format above fixes. */
  private static final Gf256 FIELD = Gf256.REED_SOLOMON;

  private static final ReedSolomonCode INSTANCE = new ReedSolomonCode();

  /** Generator coefficients, index = degree; GENERATOR[32] = 1. */
  private final int[] generator;

  /** FEEDBACK[w][f]: parity bytes 8w..8w+7 of f * g(x) without its leading term, big-endian. */
  private final long[][] feedback = new long[4][256];

  private ReedSolomonCode() {
    int[] g = {1};
    for (int j = 0; j < PARITY_SIZE; j++) {
      int[] next = new int[g.length + 1];
      int root = FIELD.pow(j);
      for (int d = 0; d < next.length; d++) {
        int shifted = d > 0 ? g[d - 1] : 0;
        int scaled = d < g.length ? FIELD.mul(g[d], root) : 0;
        next[d] = shifted ^ scaled;
      }
      g = next;
    }
    this.generator = g;
    for (int f = 0; f < 256; f++) {
      for (int j = 0; j < PARITY_SIZE; j++) {
        long product = FIELD.mul(f, generator[PARITY_SIZE - 1 - j]);
        feedback[j >>> 3][f] |= product << (56 - 8 * (j & 7));
      }
    }
  }

  /**
   * The RS(255, 223) code.
   *
   * @return the shared code instance
   */
  public static ReedSolomonCode rs255x223() {
    return INSTANCE;
  }

  /** The generator polynomial's coefficients, lowest degree first (33 values, the last is 1). */
  int[] generatorCoefficients() {
    return generator.clone();
  }

  /**
   * Encodes one codeword: copies {@code data[dataOffset .. +223)} to {@code codeword[codewordOffset
   * ..]} and appends the 32 parity bytes.
   *
   * @param data the array holding the 223 data bytes
   * @param dataOffset the index of the first data byte
   * @param codeword the array to write the 255-byte codeword into
   * @param codewordOffset the index of the codeword's first byte
   */
  public void encode(byte[] data, int dataOffset, byte[] codeword, int codewordOffset) {
    Objects.checkFromIndexSize(dataOffset, DATA_SIZE, data.length);
    Objects.checkFromIndexSize(codewordOffset, CODEWORD_SIZE, codeword.length);
    long[] t0 = feedback[0];
    long[] t1 = feedback[1];
    long[] t2 = feedback[2];
    long[] t3 = feedback[3];
    long r0 = 0;
    long r1 = 0;
    long r2 = 0;
    long r3 = 0;
    for (int i = 0; i < DATA_SIZE; i++) {
      int f = (data[dataOffset + i] ^ (int) (r0 >>> 56)) & 0xff;
      r0 = (r0 << 8) | (r1 >>> 56);
      r1 = (r1 << 8) | (r2 >>> 56);
      r2 = (r2 << 8) | (r3 >>> 56);
      r3 <<= 8;
      r0 ^= t0[f];
      r1 ^= t1[f];
      r2 ^= t2[f];
      r3 ^= t3[f];
    }
    System.arraycopy(data, dataOffset, codeword, codewordOffset, DATA_SIZE);
    int p = codewordOffset + DATA_SIZE;
    putLong(codeword, p, r0);
    putLong(codeword, p + 8, r1);
    putLong(codeword, p + 16, r2);
    putLong(codeword, p + 24, r3);
  }

  /**
   * Encodes consecutive stripes on the calling thread: stripe {@code s} is {@code data[223s .. 223s
   * + 223)} and becomes {@code codewords[255s .. 255s + 255)}.
   *
   * @param stripes the number of stripes; {@code data} holds at least {@code 223 * stripes} bytes
   *     and {@code codewords} at least {@code 255 * stripes}
   * @param data the data bytes
   * @param codewords the array the codewords are written to
   */
  public void encodeStripes(byte[] data, byte[] codewords, int stripes) {
    checkStripes(data, codewords, stripes);
    encodeRange(data, codewords, 0, stripes);
  }

  /**
   * Encodes stripes as {@link #encodeStripes(byte[], byte[], int)} does, split into {@code tasks}
   * contiguous ranges run on {@code executor}; returns when all are done. The executor is the
   * host's: this class creates no threads.
   *
   * @param data the data bytes, at least {@code 223 * stripes}
   * @param codewords the array the codewords are written to, at least {@code 255 * stripes}
   * @param stripes the number of stripes
   * @param executor runs the tasks
   * @param tasks the number of tasks, at least 1
   */
  public void encodeStripes(
      byte[] data, byte[] codewords, int stripes, Executor executor, int tasks) {
    checkStripes(data, codewords, stripes);
    Objects.requireNonNull(executor, "executor");
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks must be positive, got " + tasks);
    }
    int chunks = Math.min(tasks, Math.max(1, stripes));
    int per = Math.max(1, (stripes + chunks - 1) / chunks);
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (int from = 0; from < stripes; from += per) {
      int start = from;
      int end = Math.min(stripes, from + per);
      running.add(
          CompletableFuture.runAsync(() -> encodeRange(data, codewords, start, end), executor));
    }
    CompletableFuture.allOf(running.toArray(new CompletableFuture<?>[0])).join();
  }

  private void encodeRange(byte[] data, byte[] codewords, int from, int to) {
    int s = from;
    for (; s + 1 < to; s += 2) {
      encodePair(data, s * DATA_SIZE, codewords, s * CODEWORD_SIZE);
    }
    if (s < to) {
      encode(data, s * DATA_SIZE, codewords, s * CODEWORD_SIZE);
    }
  }

  /**
   * Encodes two consecutive stripes in one loop: the two parity registers are independent, so the
   * processor overlaps their table loads instead of waiting on one feedback chain.
   */
  private void encodePair(byte[] data, int dataOffset, byte[] codewords, int codewordOffset) {
    long[] t0 = feedback[0];
    long[] t1 = feedback[1];
    long[] t2 = feedback[2];
    long[] t3 = feedback[3];
    long a0 = 0;
    long a1 = 0;
    long a2 = 0;
    long a3 = 0;
    long b0 = 0;
    long b1 = 0;
    long b2 = 0;
    long b3 = 0;
    int second = dataOffset + DATA_SIZE;
    for (int i = 0; i < DATA_SIZE; i++) {
      int f = (data[dataOffset + i] ^ (int) (a0 >>> 56)) & 0xff;
      int g = (data[second + i] ^ (int) (b0 >>> 56)) & 0xff;
      a0 = ((a0 << 8) | (a1 >>> 56)) ^ t0[f];
      b0 = ((b0 << 8) | (b1 >>> 56)) ^ t0[g];
      a1 = ((a1 << 8) | (a2 >>> 56)) ^ t1[f];
      b1 = ((b1 << 8) | (b2 >>> 56)) ^ t1[g];
      a2 = ((a2 << 8) | (a3 >>> 56)) ^ t2[f];
      b2 = ((b2 << 8) | (b3 >>> 56)) ^ t2[g];
      a3 = (a3 << 8) ^ t3[f];
      b3 = (b3 << 8) ^ t3[g];
    }
    System.arraycopy(data, dataOffset, codewords, codewordOffset, DATA_SIZE);
    System.arraycopy(data, second, codewords, codewordOffset + CODEWORD_SIZE, DATA_SIZE);
    int p = codewordOffset + DATA_SIZE;
    putLong(codewords, p, a0);
    putLong(codewords, p + 8, a1);
    putLong(codewords, p + 16, a2);
    putLong(codewords, p + 24, a3);
    int q = p + CODEWORD_SIZE;
    putLong(codewords, q, b0);
    putLong(codewords, q + 8, b1);
    putLong(codewords, q + 16, b2);
    putLong(codewords, q + 24, b3);
  }

  /**
   * Corrects the codeword at {@code codeword[offset .. offset + 255)} in place.
   *
   * @param codeword the array holding the received word
   * @param offset the index of its first byte; 255 bytes must follow
   * @return the number of byte errors corrected, 0 to 16
   * @throws InvalidStorageProofException {@link Reason#UNCORRECTABLE} if the word is farther than
   *     16 errors from every codeword the decoder can find; the bytes are then left unchanged
   */
  public int decode(byte[] codeword, int offset) throws InvalidStorageProofException {
    Objects.checkFromIndexSize(offset, CODEWORD_SIZE, codeword.length);
    int[] syndromes = syndromes(codeword, offset);
    if (allZero(syndromes)) {
      return 0;
    }
    int[] locator = berlekampMassey(syndromes);
    int errors = degree(locator);
    if (errors > CORRECTABLE_ERRORS) {
      throw uncorrectable("error locator of degree " + errors);
    }
    // Chien search: byte i is wrong iff the locator vanishes at X^-1 with X = alpha^(254 - i).
    int[] positions = new int[errors];
    int found = 0;
    for (int i = 0; i < CODEWORD_SIZE; i++) {
      int inverse = FIELD.pow(255 - (CODEWORD_SIZE - 1 - i));
      if (evaluate(locator, inverse) == 0) {
        if (found == errors) {
          throw uncorrectable("more locator roots than its degree");
        }
        positions[found++] = i;
      }
    }
    if (found != errors) {
      throw uncorrectable("locator of degree " + errors + " has " + found + " roots in the code");
    }
    // Forney: Omega = S * Lambda mod x^32; e = X * Omega(X^-1) / Lambda'(X^-1) for first root 0.
    int[] omega = new int[PARITY_SIZE];
    for (int i = 0; i < PARITY_SIZE; i++) {
      int acc = 0;
      for (int j = 0; j <= Math.min(i, locator.length - 1); j++) {
        acc ^= FIELD.mul(locator[j], syndromes[i - j]);
      }
      omega[i] = acc;
    }
    byte[] corrected = new byte[CODEWORD_SIZE];
    System.arraycopy(codeword, offset, corrected, 0, CODEWORD_SIZE);
    for (int k = 0; k < errors; k++) {
      int power = CODEWORD_SIZE - 1 - positions[k];
      int x = FIELD.pow(power);
      int inverse = FIELD.pow(255 - power);
      int derivative = 0;
      for (int j = 1; j < locator.length; j += 2) {
        derivative ^= FIELD.mul(locator[j], powerOf(inverse, j - 1));
      }
      if (derivative == 0) {
        throw uncorrectable("repeated locator root");
      }
      int magnitude = FIELD.div(FIELD.mul(x, evaluate(omega, inverse)), derivative);
      corrected[positions[k]] ^= (byte) magnitude;
    }
    if (!allZero(syndromes(corrected, 0))) {
      throw uncorrectable("correction does not yield a codeword");
    }
    System.arraycopy(corrected, 0, codeword, offset, CODEWORD_SIZE);
    return errors;
  }

  /**
   * True if the 255 bytes at {@code offset} are a codeword.
   *
   * @param word the array holding the word
   * @param offset the index of its first byte; 255 bytes must follow
   * @return true if all syndromes are zero
   */
  public boolean isCodeword(byte[] word, int offset) {
    Objects.checkFromIndexSize(offset, CODEWORD_SIZE, word.length);
    return allZero(syndromes(word, offset));
  }

  private static int[] syndromes(byte[] word, int offset) {
    int[] s = new int[PARITY_SIZE];
    for (int j = 0; j < PARITY_SIZE; j++) {
      int root = FIELD.pow(j);
      int acc = 0;
      for (int i = 0; i < CODEWORD_SIZE; i++) {
        acc = FIELD.mul(acc, root) ^ (word[offset + i] & 0xff);
      }
      s[j] = acc;
    }
    return s;
  }

  /** The error locator Lambda(x), lowest degree first, from the 32 syndromes. */
  private static int[] berlekampMassey(int[] s) {
    int[] c = new int[PARITY_SIZE + 1];
    int[] b = new int[PARITY_SIZE + 1];
    c[0] = 1;
    b[0] = 1;
    int length = 0;
    int shift = 1;
    int lastDiscrepancy = 1;
    for (int n = 0; n < PARITY_SIZE; n++) {
      int d = s[n];
      for (int i = 1; i <= length; i++) {
        d ^= FIELD.mul(c[i], s[n - i]);
      }
      if (d == 0) {
        shift++;
        continue;
      }
      int scale = FIELD.div(d, lastDiscrepancy);
      int[] previous = c.clone();
      for (int i = 0; i + shift <= PARITY_SIZE; i++) {
        c[i + shift] ^= FIELD.mul(scale, b[i]);
      }
      if (2 * length <= n) {
        length = n + 1 - length;
        b = previous;
        lastDiscrepancy = d;
        shift = 1;
      } else {
        shift++;
      }
    }
    int[] locator = new int[length + 1];
    System.arraycopy(c, 0, locator, 0, length + 1);
    return locator;
  }

  private static int degree(int[] polynomial) {
    int d = polynomial.length - 1;
    while (d > 0 && polynomial[d] == 0) {
      d--;
    }
    return d;
  }

  /** Evaluates a polynomial given lowest degree first. */
  private static int evaluate(int[] polynomial, int x) {
    int acc = 0;
    for (int i = polynomial.length - 1; i >= 0; i--) {
      acc = FIELD.mul(acc, x) ^ polynomial[i];
    }
    return acc;
  }

  private static int powerOf(int x, int e) {
    int acc = 1;
    for (int i = 0; i < e; i++) {
      acc = FIELD.mul(acc, x);
    }
    return acc;
  }

  private static boolean allZero(int[] values) {
    for (int v : values) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  private static InvalidStorageProofException uncorrectable(String why) {
    return new InvalidStorageProofException(
        Reason.UNCORRECTABLE, "codeword has more than 16 byte errors: " + why);
  }

  private static void checkStripes(byte[] data, byte[] codewords, int stripes) {
    if (stripes < 0) {
      throw new IllegalArgumentException("stripes must not be negative, got " + stripes);
    }
    if ((long) stripes * DATA_SIZE > data.length
        || (long) stripes * CODEWORD_SIZE > codewords.length) {
      throw new IllegalArgumentException(stripes + " stripes do not fit the given arrays");
    }
  }

  private static void putLong(byte[] target, int offset, long value) {
    for (int i = 0; i < 8; i++) {
      target[offset + i] = (byte) (value >>> (56 - 8 * i));
    }
  }

  @Override
  public String toString() {
    return "ReedSolomonCode[255, 223]";
  }
}
