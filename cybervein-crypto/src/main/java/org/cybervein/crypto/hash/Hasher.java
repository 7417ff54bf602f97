package org.cybervein.crypto.hash;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/**
 * A streaming hash computation, begun by {@link HashFunction#newHasher(DomainTag)} with the tag
 * already absorbed. Feed it data with the {@code update} methods and finish with {@link #digest()}.
 *
 * <p>The hasher only concatenates what it is given: when several variable-length fields are hashed,
 * the caller must make their encoding unambiguous (fixed sizes or length prefixes, e.g. {@link
 * #updateInt(int)} before each field).
 *
 * <p>Single use and not thread-safe: after {@link #digest()} every method throws {@link
 * IllegalStateException}.
 */
public final class Hasher {
  private final DigestEngine engine;
  private boolean finished;

  Hasher(DigestEngine engine) {
    this.engine = engine;
  }

  /**
   * Absorbs all of {@code data}.
   *
   * @param data the bytes to absorb
   * @return this hasher
   * @throws IllegalStateException if the digest was already taken
   */
  public Hasher update(byte[] data) {
    Objects.requireNonNull(data, "data");
    return update(data, 0, data.length);
  }

  /**
   * Absorbs {@code length} bytes of {@code data} starting at {@code offset}.
   *
   * @param data the array holding the bytes
   * @param offset the index of the first byte to absorb
   * @param length the number of bytes to absorb, zero or more
   * @return this hasher
   * @throws IndexOutOfBoundsException if the range does not lie within {@code data}
   * @throws IllegalStateException if the digest was already taken
   */
  public Hasher update(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(data, "data").length);
    checkOpen();
    engine.update(data, offset, length);
    return this;
  }

  /**
   * Absorbs all bytes of {@code data}.
   *
   * @param data the bytes to absorb
   * @return this hasher
   * @throws IllegalStateException if the digest was already taken
   */
  public Hasher update(Bytes data) {
    Objects.requireNonNull(data, "data");
    checkOpen();
    engine.update(data.asReadOnlyBuffer());
    return this;
  }

  /**
   * Absorbs the 32 bytes of {@code hash}.
   *
   * @param hash the hash to absorb
   * @return this hasher
   * @throws IllegalStateException if the digest was already taken
   */
  public Hasher update(Hash hash) {
    Objects.requireNonNull(hash, "hash");
    checkOpen();
    byte[] copy = new byte[Hash.SIZE];
    hash.copyTo(copy, 0);
    engine.update(copy, 0, copy.length);
    return this;
  }

  /**
   * Absorbs one byte.
   *
   * @param value the byte to absorb, in its low 8 bits; higher bits are ignored
   * @return this hasher
   * @throws IllegalStateException if the digest was already taken
   */
  public Hasher updateByte(int value) {
    checkOpen();
    engine.update((byte) value);
    return this;
  }

  /**
   * Absorbs the four bytes of {@code value}, most significant first.
   *
   * @param value the integer to absorb as 4 big-endian bytes
   * @return this hasher
   * @throws IllegalStateException if the digest was already taken
   */
  public Hasher updateInt(int value) {
    checkOpen();
    for (int shift = 24; shift >= 0; shift -= 8) {
      engine.update((byte) (value >>> shift));
    }
    return this;
  }

  /**
   * Absorbs the eight bytes of {@code value}, most significant first.
   *
   * @param value the integer to absorb as 8 big-endian bytes
   * @return this hasher
   * @throws IllegalStateException if the digest was already taken
   */
  public Hasher updateLong(long value) {
    checkOpen();
    for (int shift = 56; shift >= 0; shift -= 8) {
      engine.update((byte) (value >>> shift));
    }
    return this;
  }

  /**
   * Finishes the computation and returns the digest.
   *
   * @return the 32-byte digest of everything absorbed
   * @throws IllegalStateException if the digest was already taken
   */
  public Hash digest() {
    checkOpen();
    finished = true;
    return engine.finish();
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("this hasher has already produced its digest");
    }
  }
}
