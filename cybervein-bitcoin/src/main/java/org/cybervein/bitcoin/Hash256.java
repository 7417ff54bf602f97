package org.cybervein.bitcoin;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.hash.HashFunction;

/**
 * Bitcoin's double SHA-256, {@code SHA256(SHA256(x))}, as block hashes, txids and Merkle nodes use
 * it. The 32 bytes are kept in wire order (as they appear inside headers and transactions); Bitcoin
 * tools display them reversed, which {@link #fromDisplayHex} and {@link #toDisplayHex} convert.
 *
 * @param wireBytes the 32 digest bytes in wire (internal) order
 */
public record Hash256(Bytes wireBytes) {
  /** The digest size in bytes. */
  public static final int SIZE = 32;

  /** All zero bytes: the previous-block hash of the genesis block. */
  public static final Hash256 ZERO = new Hash256(Bytes.of(new byte[SIZE]));

  /**
   * Checks the size.
   *
   * @param wireBytes the 32 digest bytes in wire order
   */
  public Hash256 {
    Objects.requireNonNull(wireBytes, "wireBytes");
    if (wireBytes.size() != SIZE) {
      throw new IllegalArgumentException("a hash256 is 32 bytes, got " + wireBytes.size());
    }
  }

  /**
   * The double SHA-256 of {@code data}.
   *
   * @param data the bytes to hash
   * @return {@code SHA256(SHA256(data))} in wire order
   */
  public static Hash256 of(Bytes data) {
    Objects.requireNonNull(data, "data");
    byte[] once = HashFunction.SHA256.hashUntagged(data).toByteArray();
    return new Hash256(HashFunction.SHA256.hashUntagged(once).toBytes());
  }

  /**
   * The hash that Bitcoin tools print as {@code hex} (byte-reversed against wire order).
   *
   * @param hex 64 hex digits as a block explorer shows them
   * @return the hash
   * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
   */
  public static Hash256 fromDisplayHex(String hex) {
    return new Hash256(reverse(Bytes.fromHex(hex)));
  }

  /**
   * The hex that Bitcoin tools print for this hash (byte-reversed against wire order).
   *
   * @return 64 lower-case hex digits
   */
  public String toDisplayHex() {
    return reverse(wireBytes).toHex();
  }

  /**
   * The hash read as a 256-bit little-endian unsigned number, as proof of work compares it.
   *
   * @return the number, 0 to 2^256 - 1
   */
  public BigInteger toUnsignedInteger() {
    return new BigInteger(1, reverse(wireBytes).toByteArray());
  }

  static Bytes reverse(Bytes b) {
    byte[] a = b.toByteArray();
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      byte t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return Bytes.of(a);
  }

  @Override
  public String toString() {
    return toDisplayHex().substring(0, 16) + "..";
  }
}
