package org.cybervein.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable byte string, ordered unsigned-lexicographically (the order of keys in every {@link
 * org.cybervein.api.store.KeyValueStore}).
 *
 * <p>Arrays are copied on the way in and on the way out, so a holder can never see a change it did
 * not make. Use {@link #size()}, {@link #byteAt(int)} and {@link #copyTo(byte[], int)} to read
 * without copying the whole content.
 */
public final class Bytes implements Comparable<Bytes> {
  private static final HexFormat HEX = HexFormat.of();

  /** The empty byte string. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;
  private int hash;

  private Bytes(byte[] owned) {
    this.bytes = owned;
  }

  /** Returns a byte string holding a copy of {@code bytes}. */
  public static Bytes of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /** Returns a byte string holding a copy of {@code length} bytes of {@code bytes} from offset. */
  public static Bytes of(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(bytes, "bytes").length);
    return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /** Returns the UTF-8 encoding of {@code text}. */
  public static Bytes utf8(String text) {
    return new Bytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses lowercase or uppercase hexadecimal.
   *
   * @throws IllegalArgumentException if {@code hex} is not an even-length hexadecimal string
   */
  public static Bytes fromHex(String hex) {
    return new Bytes(HEX.parseHex(hex));
  }

  /**
   * Wraps an array without copying. Only for arrays that the caller has just created and never
   * touches again; kept package-private so that outside code cannot break immutability.
   */
  static Bytes wrap(byte[] owned) {
    return new Bytes(owned);
  }

  /** The number of bytes. */
  public int size() {
    return bytes.length;
  }

  /** True if this byte string has no bytes. */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** The byte at {@code index}. */
  public byte byteAt(int index) {
    return bytes[index];
  }

  /** A fresh copy of the content. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** Copies the content into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }

  /** The bytes from {@code from} (inclusive) to {@code to} (exclusive). */
  public Bytes slice(int from, int to) {
    Objects.checkFromToIndex(from, to, bytes.length);
    return of(bytes, from, to - from);
  }

  /** This byte string followed by {@code other}. */
  public Bytes concat(Bytes other) {
    byte[] joined = Arrays.copyOf(bytes, bytes.length + other.bytes.length);
    System.arraycopy(other.bytes, 0, joined, bytes.length, other.bytes.length);
    return new Bytes(joined);
  }

  /** True if this byte string begins with {@code prefix}. */
  public boolean startsWith(Bytes prefix) {
    return prefix.bytes.length <= bytes.length
        && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
  }

  /** Lowercase hexadecimal of the whole content. */
  public String toHex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /** Hexadecimal, shortened after 16 bytes so that logs stay readable. */
  @Override
  public String toString() {
    if (bytes.length <= 16) {
      return "Bytes[" + toHex() + "]";
    }
    return "Bytes[" + HEX.formatHex(bytes, 0, 16) + "..(" + bytes.length + " bytes)]";
  }
}
