package org.cybervein.bitcoin.transaction;

import java.io.ByteArrayOutputStream;
import org.cybervein.api.Bytes;

/** Writes Bitcoin's little-endian wire format. */
final class WireWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  WireWriter uint32(long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >>> (8 * i)));
    }
    return this;
  }

  WireWriter int64(long v) {
    for (int i = 0; i < 8; i++) {
      out.write((int) (v >>> (8 * i)));
    }
    return this;
  }

  WireWriter bytes(Bytes b) {
    out.writeBytes(b.toByteArray());
    return this;
  }

  WireWriter compactSize(long n) {
    if (n < 0xfd) {
      out.write((int) n);
    } else if (n <= 0xffff) {
      out.write(0xfd);
      out.write((int) n);
      out.write((int) (n >>> 8));
    } else if (n <= 0xffffffffL) {
      out.write(0xfe);
      uint32(n);
    } else {
      out.write(0xff);
      int64(n);
    }
    return this;
  }

  WireWriter varBytes(Bytes b) {
    compactSize(b.size());
    return bytes(b);
  }

  Bytes toBytes() {
    return Bytes.of(out.toByteArray());
  }
}
