package org.cybervein.crypto.random;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.cybervein.api.random.RandomSource;

/**
 * A seeded, replayable {@link RandomSource}: NIST SP 800-90A Rev. 1 {@code HMAC_DRBG} with
 * HMAC-SHA-256, no prediction resistance and no additional input. Simulations and tests use it so
 * that a run replays exactly from its printed seed; it is also a sound way to expand one secret
 * seed of at least 32 bytes into many keys.
 *
 * <h2>Exact definition of the stream</h2>
 *
 * Other implementations must be able to reproduce it, so:
 *
 * <ul>
 *   <li>Instantiate with {@code entropy_input} = the seed bytes, an empty {@code nonce}, and {@code
 *       personalization_string} = the 17 ASCII bytes {@value #PERSONALIZATION}. That is, {@code
 *       seed_material = seed || "cybervein/drbg/v1"}, {@code K = 0x00..00}, {@code V = 0x01..01},
 *       {@code HMAC_DRBG_Update(seed_material)}.
 *   <li>A {@code long} seed becomes its 8 bytes, most significant first. It carries at most 64 bits
 *       of unpredictability: fine for replayable simulations, not for keys.
 *   <li>{@link #nextBytes(byte[])} of {@code n > 0} bytes is served by consecutive {@code
 *       HMAC_DRBG_Generate} calls of at most {@value #MAX_BYTES_PER_REQUEST} bytes each (the
 *       per-request limit of Bouncy Castle's {@code HMacSP800DRBG}, within SP 800-90A's 2^19-bit
 *       limit), without additional input; {@code n = 0} does nothing. Since every generate call
 *       ends with a state update, the stream depends on the sequence of request sizes, not only on
 *       the seed: the same seed and the same calls give the same bytes.
 *   <li>It never reseeds: there is no entropy source to reseed from. After SP 800-90A's reseed
 *       interval of 2^48 generate calls (thousands of years at realistic rates) it throws {@link
 *       IllegalStateException}.
 * </ul>
 *
 * <p>Thread-safe (calls are serialized), but a stream shared by threads is no longer replayable;
 * give each simulated participant its own instance.
 */
public final class DeterministicRandom implements RandomSource {
  /** The personalization string mixed into every instance's seed material. */
  public static final String PERSONALIZATION = "cybervein/drbg/v1";

  /** The largest number of bytes produced by one generate call. */
  public static final int MAX_BYTES_PER_REQUEST = 1 << 15;

  private static final long RESEED_INTERVAL = 1L << 48;
  private static final int OUT_LEN = 32;

  private final Mac hmac;
  private byte[] key = new byte[OUT_LEN];
  private final byte[] value = new byte[OUT_LEN];
  private long reseedCounter;

  private DeterministicRandom(byte[] seed) {
    try {
      this.hmac = Mac.getInstance("HmacSHA256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides HmacSHA256", e);
    }
    Arrays.fill(value, (byte) 0x01);
    byte[] personalization = PERSONALIZATION.getBytes(StandardCharsets.US_ASCII);
    byte[] seedMaterial = Arrays.copyOf(seed, seed.length + personalization.length);
    System.arraycopy(personalization, 0, seedMaterial, seed.length, personalization.length);
    update(seedMaterial);
    reseedCounter = 1;
  }

  /**
   * A generator whose entropy input is a copy of {@code seed} (any length; 32+ bytes for keys).
   *
   * @param seed the entropy input, any length; copied, so later changes do not affect the generator
   * @return a generator whose output depends only on {@code seed}
   */
  public static DeterministicRandom fromSeed(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    return new DeterministicRandom(seed.clone());
  }

  /**
   * A generator whose entropy input is the 8 big-endian bytes of {@code seed}.
   *
   * @param seed the seed, e.g. a test's fixed seed
   * @return a generator whose output depends only on {@code seed}
   */
  public static DeterministicRandom fromSeed(long seed) {
    byte[] bytes = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      bytes[i] = (byte) (seed >>> (56 - 8 * i));
    }
    return new DeterministicRandom(bytes);
  }

  @Override
  public synchronized void nextBytes(byte[] target) {
    Objects.requireNonNull(target, "target");
    for (int offset = 0; offset < target.length; offset += MAX_BYTES_PER_REQUEST) {
      generate(target, offset, Math.min(MAX_BYTES_PER_REQUEST, target.length - offset));
    }
  }

  private void generate(byte[] out, int offset, int length) {
    if (reseedCounter > RESEED_INTERVAL) {
      throw new IllegalStateException("HMAC_DRBG reseed interval exhausted; make a new instance");
    }
    for (int done = 0; done < length; done += OUT_LEN) {
      mac(value, value);
      System.arraycopy(value, 0, out, offset + done, Math.min(OUT_LEN, length - done));
    }
    update(null);
    reseedCounter++;
  }

  // HMAC_DRBG_Update (SP 800-90A section 10.1.2.2).
  private void update(byte[] providedData) {
    key = macKey((byte) 0x00, providedData);
    mac(value, value);
    if (providedData == null) {
      return;
    }
    key = macKey((byte) 0x01, providedData);
    mac(value, value);
  }

  private byte[] macKey(byte separator, byte[] providedData) {
    init();
    hmac.update(value);
    hmac.update(separator);
    if (providedData != null) {
      hmac.update(providedData);
    }
    return hmac.doFinal();
  }

  private void mac(byte[] input, byte[] output) {
    init();
    hmac.update(input);
    try {
      hmac.doFinal(output, 0);
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException("HMAC-SHA-256 output is 32 bytes", e);
    }
  }

  private void init() {
    try {
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("a 32-byte HMAC key is always valid", e);
    }
  }

  /** Never shows the internal state. */
  @Override
  public String toString() {
    return "DeterministicRandom[HMAC_DRBG-SHA256]";
  }
}
