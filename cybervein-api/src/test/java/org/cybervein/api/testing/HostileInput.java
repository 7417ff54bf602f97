package org.cybervein.api.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.cybervein.api.Bytes;

/**
 * Hostile-input checks for any decoder of untrusted bytes: truncated, extended, oversized, mutated
 * and random inputs, and floods of unknown fields whose decoding must cost memory in proportion to
 * the input.
 *
 * <p>A decoder passes if each hostile input is refused with its module's documented exception, or
 * (for inputs that happen to be valid, e.g. a mutated byte inside a bytes field) decodes to a value
 * whose encoding is exactly the input. Anything else (a {@code NullPointerException}, an {@code
 * OutOfMemoryError}, another exception type) fails the test.
 *
 * <pre>{@code
 * HostileInput.of("commit proof", InvalidStorageProofException.class, CommitProof::decode)
 *     .encodedBy(CommitProof::encode)
 *     .checkAll(valid, CommitProof.MAX_ENCODED_SIZE);
 * }</pre>
 *
 * @param <T> the decoded type
 */
public final class HostileInput<T> {
  /** Allocation allowed per input byte when a flood is refused. */
  public static final int BYTES_PER_INPUT_BYTE = 8;

  /** Allocation allowed on top of that (the exception, its message, a few small objects). */
  public static final long FIXED_ALLOWANCE = 1 << 20;

  /** The largest flood built by {@link #checkAll}; larger caps are probed with this many bytes. */
  public static final int DEFAULT_FLOOD_BYTES = 8 << 20;

  /** A decoder under test; it may throw anything, the checks judge what it throws. */
  @FunctionalInterface
  public interface Decoder<T> {
    /**
     * Decodes untrusted bytes.
     *
     * @param encoded the bytes
     * @return the decoded value
     * @throws Exception the documented exception, or whatever the decoder wrongly throws
     */
    T decode(Bytes encoded) throws Exception;
  }

  private final String what;
  private final Class<? extends Exception> documented;
  private final Decoder<T> decoder;
  private final Function<? super T, Bytes> encoder;

  private HostileInput(
      String what,
      Class<? extends Exception> documented,
      Decoder<T> decoder,
      Function<? super T, Bytes> encoder) {
    this.what = what;
    this.documented = documented;
    this.decoder = decoder;
    this.encoder = encoder;
  }

  /**
   * Checks for {@code decoder}, which documents {@code documented} as its only exception.
   *
   * @param <T> the decoded type
   * @param what the decoder's name, for failure messages
   * @param documented the exception type the decoder documents
   * @param decoder the decoder
   * @return the checks
   */
  public static <T> HostileInput<T> of(
      String what, Class<? extends Exception> documented, Decoder<T> decoder) {
    return new HostileInput<>(
        Objects.requireNonNull(what),
        Objects.requireNonNull(documented),
        Objects.requireNonNull(decoder),
        null);
  }

  /**
   * The same checks, also requiring that an accepted input is exactly the encoding of its value.
   *
   * @param newEncoder the canonical encoder of the decoded type
   * @return the checks
   */
  public HostileInput<T> encodedBy(Function<? super T, Bytes> newEncoder) {
    return new HostileInput<>(what, documented, decoder, Objects.requireNonNull(newEncoder));
  }

  /**
   * Runs every check on a valid encoding: the round trip, every prefix, two extensions, an input
   * one byte above {@code maxSize}, 300 single-byte mutations, 200 random inputs, and unknown-field
   * floods before, after and instead of the valid bytes.
   *
   * @param valid a valid encoding
   * @param maxSize the decoder's documented byte limit
   */
  public void checkAll(Bytes valid, int maxSize) {
    long seed = PropertyRuns.seed();
    acceptsValid(valid);
    rejectsTruncated(valid);
    rejectsExtended(valid);
    rejectsOversized(maxSize);
    rejectsMutated(valid, seed, 300);
    rejectsRandom(seed, Math.min(maxSize, 2 * valid.size() + 16), 200);
    refusesUnknownFieldFloods(valid, Math.min(maxSize, DEFAULT_FLOOD_BYTES));
  }

  /**
   * The valid encoding decodes (and, with an encoder, encodes back to itself).
   *
   * @param valid a valid encoding
   */
  public void acceptsValid(Bytes valid) {
    T value;
    try {
      value = decoder.decode(valid);
    } catch (Exception e) {
      throw new AssertionError(what + ": valid encoding rejected: " + e, e);
    }
    if (encoder != null) {
      assertEquals(valid, encoder.apply(value), what + ": round trip");
    }
  }

  /**
   * Every strict prefix of {@code valid} is refused or is itself canonical.
   *
   * @param valid a valid encoding
   */
  public void rejectsTruncated(Bytes valid) {
    int step = Math.max(1, valid.size() / 512);
    for (int n = 0; n < valid.size(); n += step) {
      refusedOrCanonical(valid.slice(0, n));
    }
    if (valid.size() > 0) {
      refusedOrCanonical(valid.slice(0, valid.size() - 1));
    }
  }

  /**
   * {@code valid} followed by a zero byte, and by a repeated low field, is refused or canonical.
   *
   * @param valid a valid encoding
   */
  public void rejectsExtended(Bytes valid) {
    refusedOrCanonical(valid.concat(Bytes.of(new byte[] {0})));
    refusedOrCanonical(valid.concat(Bytes.of(new byte[] {0x08, 0x01})));
    refusedOrCanonical(valid.concat(valid));
  }

  /**
   * An input one byte longer than {@code maxSize} is refused with the documented exception.
   *
   * @param maxSize the decoder's byte limit
   */
  public void rejectsOversized(int maxSize) {
    refused(Bytes.of(new byte[maxSize + 1]), "an input of maxSize + 1 bytes");
  }

  /**
   * Single-byte mutations of {@code valid} are refused or canonical.
   *
   * @param valid a valid encoding
   * @param seed the seed of the mutations
   * @param tries how many mutations
   */
  public void rejectsMutated(Bytes valid, long seed, int tries) {
    Random random = new Random(seed);
    byte[] raw = valid.toByteArray();
    for (int t = 0; t < tries && raw.length > 0; t++) {
      byte[] mutated = raw.clone();
      mutated[random.nextInt(raw.length)] ^= (byte) (1 + random.nextInt(255));
      refusedOrCanonical(Bytes.of(mutated));
    }
  }

  /**
   * Random inputs of up to {@code maxLength} bytes are refused or canonical.
   *
   * @param seed the seed of the inputs
   * @param maxLength the longest input
   * @param tries how many inputs
   */
  public void rejectsRandom(long seed, int maxLength, int tries) {
    Random random = new Random(seed ^ 0x5EED);
    for (int t = 0; t < tries; t++) {
      byte[] noise = new byte[random.nextInt(Math.max(1, maxLength) + 1)];
      random.nextBytes(noise);
      refusedOrCanonical(Bytes.of(noise));
    }
  }

  /**
   * Floods of unknown fields of {@code floodBytes} bytes in all (field 15 as varint 0, {@code 78
   * 00}, and the highest field number as varint 0) appended to {@code valid}, put before it, and on
   * their own, are each refused with the documented exception while the decoding thread allocates
   * less than {@link #BYTES_PER_INPUT_BYTE} times the input plus {@link #FIXED_ALLOWANCE}.
   *
   * @param valid a valid encoding
   * @param floodBytes the size of each flooded input, at most the decoder's byte limit
   */
  public void refusesUnknownFieldFloods(Bytes valid, int floodBytes) {
    byte[] field15 = {0x78, 0x00};
    byte[] highest = {(byte) 0xf8, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x00};
    // Untimed: the first call may load classes and build schemas, which is no cost of the input.
    try {
      decoder.decode(valid);
    } catch (Exception ignored) {
      // only warming up
    }
    for (byte[] unit : new byte[][] {field15, highest}) {
      refusedWithinMemory(flood(Bytes.EMPTY, unit, floodBytes, false), "a flood");
      if (valid.size() + unit.length <= floodBytes) {
        refusedWithinMemory(flood(valid, unit, floodBytes, true), "valid bytes then a flood");
        refusedWithinMemory(flood(valid, unit, floodBytes, false), "a flood then valid bytes");
      }
    }
  }

  /**
   * {@code input} is refused with the documented exception, and decoding it allocates less than
   * {@link #BYTES_PER_INPUT_BYTE} times its size plus {@link #FIXED_ALLOWANCE} on this thread.
   *
   * @param input the hostile input
   * @param description what the input is, for failure messages
   */
  public void refusedWithinMemory(Bytes input, String description) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    Throwable thrown = null;
    try {
      decoder.decode(input);
    } catch (Throwable t) {
      thrown = t;
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    if (thrown == null) {
      fail(what + " accepted " + description + " of " + input.size() + " bytes");
    }
    if (!documented.isInstance(thrown)) {
      throw new AssertionError(
          what + " threw " + thrown + " instead of " + documented.getSimpleName(), thrown);
    }
    long allowed = (long) BYTES_PER_INPUT_BYTE * input.size() + FIXED_ALLOWANCE;
    assertTrue(
        allocated < allowed,
        what
            + " allocated "
            + allocated
            + " bytes to refuse "
            + description
            + " of "
            + input.size()
            + " bytes (allowed "
            + allowed
            + ")");
  }

  /**
   * Decoding {@code input} throws the documented exception.
   *
   * @param input the hostile input
   * @param description what the input is, for failure messages
   * @return the exception, for checking its reason
   */
  public Exception refused(Bytes input, String description) {
    try {
      decoder.decode(input);
    } catch (Exception e) {
      if (documented.isInstance(e)) {
        return e;
      }
      throw new AssertionError(
          what + " threw " + e + " on " + description + " instead of " + documented.getSimpleName(),
          e);
    }
    throw new AssertionError(what + " accepted " + description);
  }

  private void refusedOrCanonical(Bytes input) {
    T value;
    try {
      value = decoder.decode(input);
    } catch (Exception e) {
      if (documented.isInstance(e)) {
        return;
      }
      throw new AssertionError(
          what + " threw " + e + " instead of " + documented.getSimpleName() + " on " + hex(input),
          e);
    }
    if (encoder != null) {
      assertEquals(input, encoder.apply(value), what + ": accepted a non-canonical encoding");
    }
  }

  private static Bytes flood(Bytes valid, byte[] unit, int totalBytes, boolean validFirst) {
    byte[] out = new byte[Math.max(totalBytes, valid.size())];
    int floodLength = (out.length - valid.size()) / unit.length * unit.length;
    int floodStart = validFirst ? valid.size() : 0;
    valid.copyTo(out, validFirst ? 0 : floodLength);
    for (int i = 0; i < floodLength; i += unit.length) {
      System.arraycopy(unit, 0, out, floodStart + i, unit.length);
    }
    return Bytes.of(out, 0, valid.size() + floodLength);
  }

  private static String hex(Bytes input) {
    String hex = input.toHex();
    return hex.length() > 200 ? hex.substring(0, 200) + "..." : hex;
  }
}
