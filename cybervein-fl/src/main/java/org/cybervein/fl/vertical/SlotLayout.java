package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.fl.InvalidFederatedMessageException;

/**
 * Packing in the manner of BatchCrypt (Zhang et al., USENIX ATC 2020): how several masked
 * fixed-point values share one plaintext, so that coordinator C decrypts one ciphertext for {@link
 * #slots()} values instead of one per value.
 *
 * <p>A slot is {@link #slotBits()} = w bits wide and holds {@code v + 2^V + r}: a signed value
 * {@code |v| < 2^V} ({@link #valueBits()} = V), the offset {@code 2^V} that makes it non-negative,
 * and the sender's mask r, uniform in {@code [0, 2^(V + 1 + s))} with s = {@value
 * #STATISTICAL_SECURITY_BITS} bits of statistical security. The slot's content is below {@code 2^(V
 * + 1) + 2^(V + 1 + s) <= 2^(V + 2 + s)}, so w = V + 2 + s leaves one guard bit and no carry ever
 * reaches the next slot; C sees each slot's content within statistical distance {@code 2^-s} of the
 * same distribution whatever v is. A plaintext holds {@code slots} slots, value k of a group at
 * bits {@code [k w, (k + 1) w)}, with {@code slots * w} below the bit length of n, so the packed
 * integer {@code sum_k slot_k 2^(k w)} never wraps modulo n.
 *
 * <p>The sender packs homomorphically by Horner's rule, {@code P = (...(c_last^(2^w) c_(last-1))^
 * (2^w) ...) c_0}, each step one two-term {@link GradientCipher#dot}; C decrypts P and cuts it into
 * slots ({@link #unpack}); the sender subtracts its masks and the offset ({@link #recover}), which
 * also detects any value that left its bound (the slot then falls outside {@code [r, r + 2^(V +
 * 1))}).
 *
 * @param slotBits the slot width w in bits, at least {@code STATISTICAL_SECURITY_BITS + 3}
 * @param slots the slots per plaintext, at least 1
 */
public record SlotLayout(int slotBits, int slots) {
  /**
   * The statistical security s of the masks: each slot's content is within statistical distance
   * {@code 2^-40} of a distribution independent of the value it hides.
   */
  public static final int STATISTICAL_SECURITY_BITS = 40;

  /**
   * The bound on one term of the protocol's sums, in integer bits: {@code |d_i x_ij| < 2^20} and
   * the like, ample for standardised features; a run that leaves it is refused as overflowing.
   */
  public static final int TERM_INTEGER_BITS = 20;

  /**
   * Headroom for sums of several terms per row (B's loss adds the loss shares of every host, its
   * own terms and the penalties): up to 16 terms per row.
   */
  public static final int TERMS_PER_ROW_BITS = 4;

  /** The fractional bits of the largest scale the protocol decrypts (scale 3: gradient sums). */
  private static final int FRACTION_BITS = 3 * FixedPoint.PRECISION_BITS;

  /**
   * Checks the widths.
   *
   * @param slotBits the slot width w in bits
   * @param slots the slots per plaintext
   * @throws IllegalArgumentException if {@code slotBits} leaves no value bit or {@code slots < 1}
   */
  public SlotLayout {
    if (slotBits < STATISTICAL_SECURITY_BITS + 3 || slots < 1) {
      throw new IllegalArgumentException(
          "a slot layout needs slots >= 1 and slot bits >= "
              + (STATISTICAL_SECURITY_BITS + 3)
              + ", got "
              + slots
              + " x "
              + slotBits);
    }
  }

  /**
   * The layout for sums over mini-batches of {@code batchSize} rows under a plaintext modulus of
   * {@code modulusBits} bits: V = 72 fractional bits + {@value #TERM_INTEGER_BITS} integer bits per
   * term + the bits of the batch size + {@value #TERMS_PER_ROW_BITS}, w = V + 2 + {@value
   * #STATISTICAL_SECURITY_BITS}, and as many slots as fit below the modulus.
   *
   * @param modulusBits the bit length of the plaintext modulus n
   * @param batchSize the largest number of rows summed into one value
   * @return the layout
   * @throws IllegalArgumentException if the modulus is too small for even one slot
   */
  public static SlotLayout forBatch(int modulusBits, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    int valueBits =
        FRACTION_BITS
            + TERM_INTEGER_BITS
            + (32 - Integer.numberOfLeadingZeros(batchSize))
            + TERMS_PER_ROW_BITS;
    int slotBits = valueBits + 2 + STATISTICAL_SECURITY_BITS;
    int slots = (modulusBits - 1) / slotBits;
    if (slots < 1) {
      throw new IllegalArgumentException(
          "a "
              + modulusBits
              + "-bit key holds no slot of "
              + slotBits
              + " bits (batches of "
              + batchSize
              + " rows); use a key of at least "
              + (slotBits + 1)
              + " bits or smaller batches");
    }
    return new SlotLayout(slotBits, slots);
  }

  /** Refuses at setup a suite whose keys hold no slot for the batches of {@code h}. */
  static void requireRoom(CipherSuite suite, org.cybervein.fl.model.Hyperparameters h) {
    if (suite instanceof PaillierCipherSuite paillier) {
      forBatch(paillier.bits(), h.batchSize());
    }
  }

  /** The session's layout once C's key has arrived; a key too small for a slot is refused. */
  static SlotLayout forSession(GradientCipher key, org.cybervein.fl.model.Hyperparameters h)
      throws InvalidFederatedMessageException {
    try {
      return forBatch(key.plaintextModulus().bitLength(), h.batchSize());
    } catch (IllegalArgumentException e) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.INVALID_VALUE, e.getMessage(), e);
    }
  }

  /**
   * Reads a layout from the wire and checks that it fits the plaintext modulus.
   *
   * @param layout the received layout
   * @param modulus the plaintext modulus n of the session
   * @return the layout
   * @throws InvalidFederatedMessageException with reason {@code INVALID_VALUE} if the widths are
   *     out of range or the slots do not fit below n
   */
  public static SlotLayout fromWire(FlProto.FlSlotLayout layout, BigInteger modulus)
      throws InvalidFederatedMessageException {
    long bits = (long) layout.getSlotBits() * layout.getSlots();
    if (layout.getSlots() < 1
        || layout.getSlotBits() < STATISTICAL_SECURITY_BITS + 3
        || bits > modulus.bitLength() - 1) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.INVALID_VALUE,
          "slot layout "
              + layout.getSlots()
              + " x "
              + layout.getSlotBits()
              + " bits does not fit a "
              + modulus.bitLength()
              + "-bit modulus");
    }
    return new SlotLayout(layout.getSlotBits(), layout.getSlots());
  }

  /**
   * This layout as carried in {@code FlMaskedCiphertexts.layout}.
   *
   * @return the wire message
   */
  public FlProto.FlSlotLayout toWire() {
    return FlProto.FlSlotLayout.newBuilder().setSlotBits(slotBits).setSlots(slots).build();
  }

  /**
   * V: every value a slot carries is below {@code 2^V} in magnitude.
   *
   * @return the value bits
   */
  public int valueBits() {
    return slotBits - 2 - STATISTICAL_SECURITY_BITS;
  }

  /**
   * The number of plaintexts (and ciphertexts) {@code values} values take.
   *
   * @param values the number of values, at least 0
   * @return {@code ceil(values / slots)}
   */
  public int plaintexts(int values) {
    return (values + slots - 1) / slots;
  }

  /**
   * A fresh mask r, uniform in {@code [0, 2^(V + 1 + s))}.
   *
   * @param random the sender's randomness
   * @return the mask
   */
  public BigInteger mask(RandomSource random) {
    int bits = valueBits() + 1 + STATISTICAL_SECURITY_BITS;
    byte[] bytes = new byte[(bits + 7) / 8];
    random.nextBytes(bytes);
    return new BigInteger(1, bytes).and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
  }

  /**
   * The plaintext the sender adds to a value's ciphertext before packing: the offset {@code 2^V}
   * plus its mask.
   *
   * @param mask the value's mask from {@link #mask}
   * @return {@code 2^V + mask}
   */
  public BigInteger shift(BigInteger mask) {
    return BigInteger.ONE.shiftLeft(valueBits()).add(mask);
  }

  /**
   * Packs masked ciphertexts, {@link #slots()} per result, by Horner's rule under the cipher; the
   * groups run in parallel on the executor.
   *
   * @param cipher the session's public key
   * @param masked encryptions of {@code v_k + 2^V + r_k}, at least one
   * @param executor where the exponentiations run
   * @return {@code plaintexts(masked.length)} ciphertexts, group g holding values {@code g slots}
   *     onwards, the first in the lowest slot
   */
  public BigInteger[] pack(GradientCipher cipher, BigInteger[] masked, Executor executor) {
    BigInteger step = BigInteger.ONE.shiftLeft(slotBits);
    return Parallel.map(
        executor,
        plaintexts(masked.length),
        g -> {
          int from = g * slots;
          int to = Math.min(masked.length, from + slots);
          BigInteger packed = masked[to - 1];
          for (int k = to - 2; k >= from; k--) {
            packed =
                cipher.dot(
                    new BigInteger[] {packed, masked[k]}, new BigInteger[] {step, BigInteger.ONE});
          }
          return packed;
        });
  }

  /**
   * C's side: the slots of one decrypted plaintext holding {@code count} values, lowest first.
   *
   * @param plaintext the decrypted packed plaintext
   * @param count the values it holds, 1 to {@link #slots()}
   * @return the slot contents, each below {@code 2^w}; empty if the plaintext does not fit {@code
   *     count} slots (a value overflowed its bound, or the sender did not pack)
   */
  public Optional<BigInteger[]> unpack(BigInteger plaintext, int count) {
    if (count < 1 || count > slots) {
      throw new IllegalArgumentException(count + " values in a plaintext of " + slots + " slots");
    }
    if (plaintext.signum() < 0 || plaintext.bitLength() > count * slotBits) {
      return Optional.empty();
    }
    BigInteger[] out = new BigInteger[count];
    BigInteger slotMask = BigInteger.ONE.shiftLeft(slotBits).subtract(BigInteger.ONE);
    for (int k = 0; k < count; k++) {
      out[k] = plaintext.shiftRight(k * slotBits).and(slotMask);
    }
    return Optional.of(out);
  }

  /**
   * The sender's side: the signed value a slot carried, once its mask is removed.
   *
   * @param slot the slot content C returned, below {@code 2^w}
   * @param mask the mask the sender drew for it
   * @return v, with {@code |v| < 2^V}
   * @throws InvalidFederatedMessageException with reason {@code OVERFLOW} if the slot cannot hold
   *     {@code v + 2^V + mask} for any {@code |v| < 2^V}: the value left its bound
   */
  public BigInteger recover(BigInteger slot, BigInteger mask)
      throws InvalidFederatedMessageException {
    BigInteger shifted = slot.subtract(mask);
    if (shifted.signum() < 0 || shifted.bitLength() > valueBits() + 1) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.OVERFLOW,
          "a decrypted value overflows its "
              + valueBits()
              + "-bit slot bound (|d x| above 2^"
              + TERM_INTEGER_BITS
              + " per row); standardise the features");
    }
    return shifted.subtract(BigInteger.ONE.shiftLeft(valueBits()));
  }
}
