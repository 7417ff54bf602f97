package org.cybervein.api;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 32-byte digest: a unit id, a block id, a Merkle root, a content hash.
 *
 * <p>The SDK hashes with SHA-256 unless a type says otherwise; {@code Hash} itself only carries the
 * 32 bytes and compares them unsigned-lexicographically.
 */
public final class Hash implements Comparable<Hash> {
  /** The size of every hash in bytes. */
  public static final int SIZE = 32;

  /** Thirty-two zero bytes, used where the whitepaper's structures need a "no predecessor". */
  public static final Hash ZERO = new Hash(new byte[SIZE]);

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Hash(byte[] owned) {
    this.bytes = owned;
  }

  /**
   * Returns the hash with a copy of these 32 bytes.
   *
   * @param bytes the 32 hash bytes
   * @return the hash
   * @throws IllegalArgumentException if {@code bytes} is not exactly 32 bytes long
   */
  public static Hash of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("a hash is 32 bytes, got " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /**
   * Returns the hash held in {@code bytes[offset .. offset + 32)}.
   *
   * @param bytes an array holding the hash
   * @param offset the index of the hash's first byte; 32 bytes must follow from there
   * @return the hash, copied out of {@code bytes}
   * @throws IndexOutOfBoundsException if fewer than 32 bytes follow {@code offset}
   */
  public static Hash of(byte[] bytes, int offset) {
    Objects.checkFromIndexSize(offset, SIZE, Objects.requireNonNull(bytes, "bytes").length);
    return new Hash(Arrays.copyOfRange(bytes, offset, offset + SIZE));
  }

  /**
   * Decodes a hash received from a peer.
   *
   * @param bytes the received bytes
   * @return the hash
   * @throws InvalidEncodingException if {@code bytes} is not exactly 32 bytes long
   */
  public static Hash decode(Bytes bytes) throws InvalidEncodingException {
    if (bytes.size() != SIZE) {
      throw InvalidEncodingException.wrongLength("hash", SIZE, bytes.size());
    }
    return new Hash(bytes.toByteArray());
  }

  /**
   * Parses 64 hexadecimal digits.
   *
   * @param hex exactly 64 hexadecimal digits, either case
   * @return the hash they spell
   * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal digits
   */
  public static Hash fromHex(String hex) {
    return of(HEX.parseHex(hex));
  }

  /**
   * A fresh copy of the 32 bytes.
   *
   * @return a new 32-byte array the caller may change freely
   */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * Copies the 32 bytes into {@code target} at {@code offset}.
   *
   * @param target the array to copy into
   * @param offset the index in {@code target} of the first byte written; 32 bytes must fit from
   *     there
   * @throws IndexOutOfBoundsException if 32 bytes do not fit into {@code target} at {@code offset}
   */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, SIZE);
  }

  /**
   * The 32 bytes as an immutable {@link Bytes}.
   *
   * @return the hash bytes, 32 of them
   */
  public Bytes toBytes() {
    return Bytes.wrap(bytes.clone());
  }

  /**
   * Lowercase hexadecimal, 64 digits.
   *
   * @return the hash as 64 lowercase hexadecimal digits
   */
  public String toHex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public int compareTo(Hash other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    // The bytes of a digest are already uniformly distributed.
    return (bytes[0] & 0xff) << 24
        | (bytes[1] & 0xff) << 16
        | (bytes[2] & 0xff) << 8
        | bytes[3] & 0xff;
  }

  /** The first eight hexadecimal digits, enough to tell hashes apart in a log. */
  @Override
  public String toString() {
    return HEX.formatHex(bytes, 0, 4) + "..";
  }
}
