package org.cybervein.storageproofs.compactpor;

import java.math.BigInteger;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The field Z_p of the compact POR, p = 2^127 - 1 (a Mersenne prime), with elements written as 16
 * big-endian bytes. A forger's chance to pass one audit with a wrong answer is about 1/p.
 */
final class PrimeField {
  static final BigInteger P = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
  static final int ELEMENT_SIZE = 16;

  private PrimeField() {}

  static BigInteger reduce(byte[] unsignedBigEndian) {
    return new BigInteger(1, unsignedBigEndian).mod(P);
  }

  static void write(BigInteger element, byte[] target, int offset) {
    byte[] raw = element.toByteArray();
    int length = Math.min(raw.length, ELEMENT_SIZE);
    System.arraycopy(raw, raw.length - length, target, offset + ELEMENT_SIZE - length, length);
  }

  /** Reads a received element; it must be below p. */
  static BigInteger read(byte[] source, int offset, String what)
      throws InvalidStorageProofException {
    byte[] raw = new byte[ELEMENT_SIZE];
    System.arraycopy(source, offset, raw, 0, ELEMENT_SIZE);
    BigInteger value = new BigInteger(1, raw);
    if (value.compareTo(P) >= 0) {
      throw new InvalidStorageProofException(Reason.INVALID_VALUE, what + " is not below p");
    }
    return value;
  }
}
