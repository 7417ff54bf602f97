package org.cybervein.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
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
 * without copying the whole content. Protobuf's {@link ByteString} is immutable too, so {@link
 * #toByteString()} shares the content instead of copying it, and {@link #copyOf(ByteString)} copies
 * once.
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

  /**
   * Returns a byte string holding a copy of {@code bytes}.
   *
   * @param bytes the content to copy
   * @return the immutable copy; later changes to {@code bytes} do not show through
   */
  public static Bytes of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /**
   * The protobuf encoding of {@code message}, serialized once straight into the new byte string
   * (where {@code Bytes.of(message.toByteArray())} copies the encoding a second time).
   *
   * @param message the message to encode
   * @return its encoding
   */
  public static Bytes encodingOf(MessageLite message) {
    byte[] encoded = Objects.requireNonNull(message, "message").toByteArray();
    return encoded.length == 0 ? EMPTY : new Bytes(encoded);
  }

  /**
   * Returns a byte string holding a copy of {@code bytes}: one copy, where {@code
   * Bytes.of(bytes.toByteArray())} makes two.
   *
   * @param bytes the content to copy
   * @return the immutable copy
   */
  public static Bytes copyOf(ByteString bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return bytes.isEmpty() ? EMPTY : new Bytes(bytes.toByteArray());
  }

  /**
   * Returns a byte string holding a copy of {@code length} bytes of {@code bytes} from offset.
   *
   * @param bytes the array to copy from
   * @param offset the index of the first byte to copy
   * @param length the number of bytes to copy, zero or more
   * @return the immutable copy of the range
   * @throws IndexOutOfBoundsException if the range does not lie within {@code bytes}
   */
  public static Bytes of(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(bytes, "bytes").length);
    return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /**
   * Returns the UTF-8 encoding of {@code text}.
   *
   * @param text the text to encode
   * @return its UTF-8 bytes
   */
  public static Bytes utf8(String text) {
    return new Bytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses lowercase or uppercase hexadecimal.
   *
   * @param hex the hexadecimal digits, two per byte, no prefix or separators
   * @return the bytes they spell
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

  /**
   * The number of bytes.
   *
   * @return the length in bytes, zero or more
   */
  public int size() {
    return bytes.length;
  }

  /**
   * True if this byte string has no bytes.
   *
   * @return true if {@link #size()} is 0
   */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /**
   * The byte at {@code index}.
   *
   * @param index the position, from 0 to {@code size() - 1}
   * @return the byte there
   * @throws ArrayIndexOutOfBoundsException if {@code index} is outside the content
   */
  public byte byteAt(int index) {
    return bytes[index];
  }

  /**
   * A fresh copy of the content.
   *
   * @return a new array the caller may change freely
   */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * The content as a protobuf {@link ByteString}, without copying it: neither type ever writes the
   * array they then share, so a message built from it or parsed from it (with aliasing) sees
   * exactly this content. Only protobuf's {@code UnsafeByteOperations.unsafeWriteTo}, which hands
   * the array to caller code, could break that; nothing in this SDK calls it.
   *
   * @return an immutable view of the content
   */
  public ByteString toByteString() {
    return UnsafeByteOperations.unsafeWrap(bytes);
  }

  /**
   * The content as a read-only buffer, without copying it: position 0, limit {@link #size()}.
   * Consumers that take a {@link ByteBuffer} (a {@code MessageDigest}, a channel) read the content
   * through it without the copy {@link #toByteArray} makes; the buffer cannot write the content,
   * nor hand out the array behind it.
   *
   * @return a new read-only view of the content
   */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /**
   * Copies the content into {@code target} at {@code offset}.
   *
   * @param target the array to copy into
   * @param offset the index in {@code target} of the first byte written; {@code size()} bytes must
   *     fit from there
   * @throws IndexOutOfBoundsException if the content does not fit into {@code target} at {@code
   *     offset}
   */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }

  /**
   * The bytes from {@code from} (inclusive) to {@code to} (exclusive).
   *
   * @param from the first index, from 0 to {@code to}
   * @param to the index past the last byte, at most {@link #size()}
   * @return the sub-range as its own byte string
   * @throws IndexOutOfBoundsException if {@code from > to} or the range leaves the content
   */
  public Bytes slice(int from, int to) {
    Objects.checkFromToIndex(from, to, bytes.length);
    return of(bytes, from, to - from);
  }

  /**
   * This byte string followed by {@code other}.
   *
   * @param other the bytes to append
   * @return a new byte string of both contents
   */
  public Bytes concat(Bytes other) {
    byte[] joined = Arrays.copyOf(bytes, bytes.length + other.bytes.length);
    System.arraycopy(other.bytes, 0, joined, bytes.length, other.bytes.length);
    return new Bytes(joined);
  }

  /**
   * True if this byte string begins with {@code prefix}.
   *
   * @param prefix the leading bytes to look for; the empty prefix always matches
   * @return true if the first {@code prefix.size()} bytes equal {@code prefix}
   */
  public boolean startsWith(Bytes prefix) {
    return prefix.bytes.length <= bytes.length
        && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
  }

  /**
   * Lowercase hexadecimal of the whole content.
   *
   * @return two lowercase hexadecimal digits per byte
   */
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
