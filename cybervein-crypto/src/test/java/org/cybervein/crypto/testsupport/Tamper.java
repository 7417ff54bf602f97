package org.cybervein.crypto.testsupport;

import org.cybervein.api.Bytes;

/** Mutations of byte strings for tamper tests. */
public final class Tamper {
  private Tamper() {}

  /** {@code bytes} with one bit flipped; {@code position} is taken modulo the bit length. */
  public static Bytes flipBit(Bytes bytes, int position) {
    byte[] b = bytes.toByteArray();
    int bit = Math.floorMod(position, b.length * 8);
    b[bit / 8] ^= (byte) (1 << (bit % 8));
    return Bytes.of(b);
  }
}
