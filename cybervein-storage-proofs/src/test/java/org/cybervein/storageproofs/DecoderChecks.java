package org.cybervein.storageproofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.HostileInput;

/**
 * Hostile-input checks shared by the codec tests: a decoder fed truncated, extended, mutated or
 * random bytes either throws {@link InvalidStorageProofException} or returns a value whose
 * canonical encoding is exactly the input; it never throws anything else. Floods of unknown fields
 * are refused with memory in proportion to the input ({@link HostileInput}).
 */
public final class DecoderChecks {
  /** A decoder under test. */
  @FunctionalInterface
  public interface Decoder<T> {
    /** Decodes or throws the module's exception. */
    T decode(Bytes encoded) throws InvalidStorageProofException;
  }

  private DecoderChecks() {}

  /** Runs every check on {@code valid}, which must decode to a value that encodes back to it. */
  public static <T> void check(
      Bytes valid, Decoder<T> decoder, Function<T, Bytes> encoder, int maxSize, long seed) {
    try {
      assertEquals(valid, encoder.apply(decoder.decode(valid)), "round trip");
    } catch (InvalidStorageProofException e) {
      fail("valid encoding rejected: " + e.getMessage());
    }
    for (int n = 0; n < valid.size(); n++) {
      checkOne(valid.slice(0, n), decoder, encoder);
    }
    checkOne(valid.concat(Bytes.of(new byte[] {0})), decoder, encoder);
    checkOne(valid.concat(Bytes.of(new byte[] {0x08, 0x01})), decoder, encoder);
    InvalidStorageProofException oversized =
        assertThrows(
            InvalidStorageProofException.class,
            () -> decoder.decode(Bytes.of(new byte[maxSize + 1])));
    assertEquals(InvalidStorageProofException.Reason.OVERSIZED, oversized.reason());
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    byte[] raw = valid.toByteArray();
    for (int t = 0; t < 300 && raw.length > 0; t++) {
      byte[] mutated = raw.clone();
      mutated[random.nextInt(raw.length)] ^= (byte) (1 + random.nextInt(255));
      checkOne(Bytes.of(mutated), decoder, encoder);
    }
    for (int t = 0; t < 200; t++) {
      byte[] noise = new byte[random.nextInt(Math.min(maxSize, 2 * raw.length + 8) + 1)];
      random.nextBytes(noise);
      checkOne(Bytes.of(noise), decoder, encoder);
    }
    HostileInput.of("decoder", InvalidStorageProofException.class, decoder::decode)
        .refusesUnknownFieldFloods(valid, Math.min(maxSize, HostileInput.DEFAULT_FLOOD_BYTES));
  }

  private static <T> void checkOne(Bytes input, Decoder<T> decoder, Function<T, Bytes> encoder) {
    T value;
    try {
      value = decoder.decode(input);
    } catch (InvalidStorageProofException expected) {
      return;
    } catch (RuntimeException e) {
      throw new AssertionError("decoder threw " + e + " on " + input.toHex(), e);
    }
    assertEquals(input, encoder.apply(value), "accepted a non-canonical encoding");
  }
}
