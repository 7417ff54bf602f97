package org.cybervein.crypto.hash;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.cybervein.api.Bytes;

/**
 * The name of the purpose a hash is computed for, such as {@code "cybervein/unit-id/v1"}, mixed
 * into every tagged hash so that a digest computed for one purpose can never be replayed as a
 * digest for another (a unit id as a Merkle node, a block hash as a request digest).
 *
 * <h2>Byte layout</h2>
 *
 * A tag's encoding is one unsigned length byte {@code L} (1..255) followed by the {@code L} ASCII
 * bytes of the name:
 *
 * <pre>
 *   encode(tag) = uint8(L) || ascii(name)        where L = name.length()
 * </pre>
 *
 * A tagged hash of data {@code D} is the plain hash function over {@code encode(tag) || D}, with no
 * other framing. For example the tag {@code "ab"} encodes to {@code 02 61 62}. Because the length
 * byte comes first, the set of encodings is prefix-free: no tag's encoding is a prefix of
 * another's, so {@code (tag, data)} is uniquely determined by the hashed byte string. Other
 * implementations must reproduce this layout exactly.
 *
 * <p>Names are printable ASCII (0x20..0x7e), 1 to 255 characters. By convention they read {@code
 * cybervein/<purpose>/v<version>}.
 *
 * @param name the tag name, printable ASCII, 1..255 characters
 */
public record DomainTag(String name) {
  /** The largest name length a single length byte can carry. */
  public static final int MAX_LENGTH = 255;

  /**
   * Checks that the name is 1..255 printable ASCII characters.
   *
   * @param name the tag name, printable ASCII, 1..255 characters
   */
  public DomainTag {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a domain tag is 1.." + MAX_LENGTH + " characters, got " + name.length());
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            "a domain tag is printable ASCII; character " + i + " is U+" + Integer.toHexString(c));
      }
    }
  }

  /**
   * The tag with this name; see the class documentation for the allowed names.
   *
   * @param name 1 to 255 printable ASCII characters
   * @return the tag
   * @throws IllegalArgumentException if {@code name} is empty, longer than 255 or not printable
   *     ASCII
   */
  public static DomainTag of(String name) {
    return new DomainTag(name);
  }

  /**
   * The encoding {@code uint8(length) || ascii(name)} that tagged hashes begin with.
   *
   * @return the length byte followed by the name's ASCII bytes
   */
  public Bytes encoded() {
    return Bytes.of(encodedArray());
  }

  byte[] encodedArray() {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[1 + ascii.length];
    out[0] = (byte) ascii.length;
    System.arraycopy(ascii, 0, out, 1, ascii.length);
    return out;
  }

  @Override
  public String toString() {
    return "DomainTag[" + name + "]";
  }
}
