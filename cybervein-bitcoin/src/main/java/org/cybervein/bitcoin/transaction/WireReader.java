package org.cybervein.bitcoin.transaction;

import org.cybervein.api.Bytes;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;

/** Reads Bitcoin's little-endian wire format from untrusted bytes, never past their end. */
final class WireReader {
  private final byte[] data;
  private int position;

  WireReader(Bytes bytes) {
    this.data = bytes.toByteArray();
  }

  int remaining() {
    return data.length - position;
  }

  int position() {
    return position;
  }

  private void need(int n, String what) throws InvalidBitcoinDataException {
    if (n < 0 || n > remaining()) {
      throw new InvalidBitcoinDataException(
          Reason.TRUNCATED, what + " needs " + n + " bytes, " + remaining() + " left");
    }
  }

  int readByte(String what) throws InvalidBitcoinDataException {
    need(1, what);
    return data[position++] & 0xff;
  }

  long readUint32(String what) throws InvalidBitcoinDataException {
    need(4, what);
    long v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (data[position + i] & 0xff);
    }
    position += 4;
    return v;
  }

  long readInt64(String what) throws InvalidBitcoinDataException {
    need(8, what);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (data[position + i] & 0xff);
    }
    position += 8;
    return v;
  }

  Bytes readBytes(int n, String what) throws InvalidBitcoinDataException {
    need(n, what);
    Bytes b = Bytes.of(data, position, n);
    position += n;
    return b;
  }

  /**
   * A CompactSize count, only in its minimal form (as Bitcoin Core's {@code ReadCompactSize}
   * requires), and at most {@code max}.
   */
  int readCompactSize(long max, String what) throws InvalidBitcoinDataException {
    int first = readByte(what);
    long value;
    long minimum;
    if (first < 0xfd) {
      return checkMax(first, max, what);
    } else if (first == 0xfd) {
      need(2, what);
      value = (data[position] & 0xff) | ((data[position + 1] & 0xff) << 8);
      position += 2;
      minimum = 0xfd;
    } else if (first == 0xfe) {
      value = readUint32(what);
      minimum = 0x10000;
    } else {
      value = readInt64(what);
      minimum = 0x100000000L;
    }
    if (Long.compareUnsigned(value, minimum) < 0) {
      throw new InvalidBitcoinDataException(
          Reason.NON_CANONICAL, what + ": CompactSize " + value + " not in its shortest form");
    }
    return checkMax(value, max, what);
  }

  private static int checkMax(long value, long max, String what)
      throws InvalidBitcoinDataException {
    if (value < 0 || value > max) {
      throw new InvalidBitcoinDataException(
          Reason.OVERSIZED, what + ": " + Long.toUnsignedString(value) + " above " + max);
    }
    return (int) value;
  }
}
