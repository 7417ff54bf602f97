package org.cybervein.crypto.hash;

import java.util.Objects;
import java.util.function.Supplier;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;

/**
 * The 256-bit hash functions of the SDK. Every protocol hash is <em>tagged</em>: computed over
 * {@link DomainTag#encoded()} followed by the data (layout in {@link DomainTag}). Untagged hashing
 * exists only for interoperability with digests computed by outside tools, and says so in its name.
 *
 * <p>The one-shot methods are thread-safe; each call uses its own digest state.
 */
public enum HashFunction {
  /** SHA-256 (FIPS 180-4). The SDK's default hash. */
  SHA256(DigestEngine.Sha256::new),
  /** BLAKE2b (RFC 7693) with a 32-byte output, no key, salt or personalization. */
  BLAKE2B_256(DigestEngine.Blake2b256::new);

  private final Supplier<DigestEngine> engines;

  HashFunction(Supplier<DigestEngine> engines) {
    this.engines = engines;
  }

  /**
   * Starts a streaming tagged hash; the tag's encoding has already been absorbed.
   *
   * @param tag the domain the hash belongs to
   * @return a hasher to absorb the message into
   */
  public Hasher newHasher(DomainTag tag) {
    Objects.requireNonNull(tag, "tag");
    byte[] encodedTag = tag.encodedArray();
    DigestEngine engine = engines.get();
    engine.update(encodedTag, 0, encodedTag.length);
    return new Hasher(engine);
  }

  /**
   * The tagged hash of the concatenation of {@code parts}: {@code H(encode(tag) || parts[0] ||
   * parts[1] || ...)}. The parts are joined without separators.
   *
   * @param tag the domain the hash belongs to
   * @param parts the byte arrays to hash, concatenated in order
   * @return the tagged hash
   */
  public Hash hash(DomainTag tag, byte[]... parts) {
    Objects.requireNonNull(parts, "parts");
    Hasher hasher = newHasher(tag);
    for (byte[] part : parts) {
      hasher.update(part);
    }
    return hasher.digest();
  }

  /**
   * The tagged hash {@code H(encode(tag) || data)}.
   *
   * @param tag the domain the hash belongs to
   * @param data the bytes to hash
   * @return the tagged hash
   */
  public Hash hash(DomainTag tag, Bytes data) {
    return newHasher(tag).update(data).digest();
  }

  /**
   * The plain hash of {@code data} with no domain tag, as {@code sha256sum} or {@code b2sum -l 256}
   * would compute it. Only for digests that outside tools must reproduce (content hashes of files);
   * protocol structures use {@link #hash(DomainTag, byte[]...)}.
   *
   * @param data the bytes to hash
   * @return the plain 32-byte digest
   */
  public Hash hashUntagged(byte[] data) {
    Objects.requireNonNull(data, "data");
    DigestEngine engine = engines.get();
    engine.update(data, 0, data.length);
    return engine.finish();
  }

  /**
   * The plain hash of {@code data} with no domain tag; see {@link #hashUntagged(byte[])}.
   *
   * @param data the bytes to hash
   * @return the plain 32-byte digest
   */
  public Hash hashUntagged(Bytes data) {
    Objects.requireNonNull(data, "data");
    return newUntaggedHasher().update(data).digest();
  }

  /**
   * Starts a streaming plain hash with no domain tag, for inputs in several parts; see {@link
   * #hashUntagged(byte[])} for when an untagged hash is right.
   *
   * @return a hasher to absorb the message into
   */
  public Hasher newUntaggedHasher() {
    return new Hasher(engines.get());
  }

  /**
   * Plain, untagged SHA-256 of {@code data}: {@code SHA256.hashUntagged(data)}.
   *
   * @param data the bytes to hash
   * @return the SHA-256 digest, as {@code sha256sum} prints it
   */
  public static Hash untaggedSha256(byte[] data) {
    return SHA256.hashUntagged(data);
  }
}
