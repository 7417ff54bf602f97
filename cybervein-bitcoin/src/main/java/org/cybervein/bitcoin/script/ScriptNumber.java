package org.cybervein.bitcoin.script;

import java.io.ByteArrayOutputStream;
import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;

/**
 * Bitcoin's script numbers ({@code CScriptNum}): little-endian magnitude with the sign in the top
 * bit of the last byte, in the minimal number of bytes (zero is empty). {@code
 * OP_CHECKLOCKTIMEVERIFY} reads its argument as such a number of up to five bytes (BIP 65).
 */
public final class ScriptNumber {
  /** The most bytes of a locktime argument (BIP 65). */
  public static final int MAX_LOCKTIME_SIZE = 5;

  private ScriptNumber() {}

  /**
   * The minimal encoding of {@code value}.
   *
   * @param value the number
   * @return its bytes, empty for zero
   */
  public static Bytes encode(long value) {
    if (value == 0) {
      return Bytes.EMPTY;
    }
    boolean negative = value < 0;
    // Long.MIN_VALUE has no positive counterpart; locktimes never come near it.
    if (value == Long.MIN_VALUE) {
      throw new IllegalArgumentException("out of range");
    }
    long magnitude = Math.abs(value);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (magnitude != 0) {
      out.write((int) (magnitude & 0xff));
      magnitude >>>= 8;
    }
    byte[] b = out.toByteArray();
    if ((b[b.length - 1] & 0x80) != 0) {
      byte[] wider = new byte[b.length + 1];
      System.arraycopy(b, 0, wider, 0, b.length);
      wider[b.length] = (byte) (negative ? 0x80 : 0);
      return Bytes.of(wider);
    }
    if (negative) {
      b[b.length - 1] |= (byte) 0x80;
    }
    return Bytes.of(b);
  }

  /**
   * Decodes a minimally encoded number of at most {@code maxSize} bytes.
   *
   * @param encoded the bytes
   * @param maxSize the most bytes allowed, 1 to 8
   * @return the number
   * @throws InvalidBitcoinDataException {@code OVERSIZED} above {@code maxSize}, {@code
   *     NON_CANONICAL} if not minimal
   */
  public static long decode(Bytes encoded, int maxSize) throws InvalidBitcoinDataException {
    if (maxSize < 1 || maxSize > 8) {
      throw new IllegalArgumentException("maxSize is 1 to 8");
    }
    int n = encoded.size();
    if (n > maxSize) {
      throw new InvalidBitcoinDataException(
          Reason.OVERSIZED, "script number of " + n + " bytes, at most " + maxSize);
    }
    if (n == 0) {
      return 0;
    }
    byte[] b = encoded.toByteArray();
    // Minimal: the last byte carries more than the sign, unless the byte before needs its top bit.
    if ((b[n - 1] & 0x7f) == 0 && (n == 1 || (b[n - 2] & 0x80) == 0)) {
      throw new InvalidBitcoinDataException(Reason.NON_CANONICAL, "script number not minimal");
    }
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xff);
    }
    long signBit = 0x80L << (8 * (n - 1));
    return (v & signBit) != 0 ? -(v & ~signBit) : v;
  }

  /**
   * The minimal script that pushes {@code value}: {@code OP_0}, {@code OP_1NEGATE}, {@code
   * OP_1..OP_16}, or a data push of its encoding (Bitcoin Core's {@code CScript::push_int64}).
   *
   * @param value the number
   * @return the script bytes
   */
  public static Bytes pushOf(long value) {
    if (value == 0) {
      return Bytes.of(new byte[] {0});
    }
    if (value == -1 || (value >= 1 && value <= 16)) {
      return Bytes.of(new byte[] {(byte) (0x50 + value)});
    }
    return Script.push(encode(value));
  }
}
