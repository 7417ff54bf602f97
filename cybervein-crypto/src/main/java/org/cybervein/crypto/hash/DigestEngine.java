package org.cybervein.crypto.hash;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.cybervein.api.Hash;

/** The raw compression engine behind a {@link Hasher}: one instance per hash computation. */
interface DigestEngine {
  void update(byte[] data, int offset, int length);

  /** Absorbs the remaining bytes of {@code data}, leaving its position at its limit. */
  void update(ByteBuffer data);

  void update(byte b);

  Hash finish();

  /** SHA-256 from the JDK, which uses the CPU's SHA extensions and is much faster than BC's. */
  final class Sha256 implements DigestEngine {
    private static final MessageDigest PROTOTYPE = newSha256();

    private final MessageDigest digest;

    Sha256() {
      this.digest = fresh();
    }

    private static MessageDigest newSha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform provides SHA-256", e);
      }
    }

    // The prototype is never updated, so concurrent clones read a state that does not change.
    private static MessageDigest fresh() {
      try {
        return (MessageDigest) PROTOTYPE.clone();
      } catch (CloneNotSupportedException e) {
        return newSha256();
      }
    }

    @Override
    public void update(byte[] data, int offset, int length) {
      digest.update(data, offset, length);
    }

    // A read-only buffer reaches the digest through the JDK's small reused array, so large
    // inputs are neither allocated nor copied whole.
    @Override
    public void update(ByteBuffer data) {
      digest.update(data);
    }

    @Override
    public void update(byte b) {
      digest.update(b);
    }

    @Override
    public Hash finish() {
      return Hash.of(digest.digest());
    }
  }

  /** BLAKE2b with a 256-bit output (unkeyed, no salt or personalization) from Bouncy Castle. */
  final class Blake2b256 implements DigestEngine {
    private static final int CHUNK = 4096;

    private final Blake2bDigest digest = new Blake2bDigest(256);
    private byte[] chunk;

    @Override
    public void update(byte[] data, int offset, int length) {
      digest.update(data, offset, length);
    }

    // Callers pass read-only views, which give no array: copy through one small reused chunk.
    @Override
    public void update(ByteBuffer data) {
      if (chunk == null) {
        chunk = new byte[CHUNK];
      }
      while (data.hasRemaining()) {
        int n = Math.min(chunk.length, data.remaining());
        data.get(chunk, 0, n);
        digest.update(chunk, 0, n);
      }
    }

    @Override
    public void update(byte b) {
      digest.update(b);
    }

    @Override
    public Hash finish() {
      byte[] out = new byte[Hash.SIZE];
      digest.doFinal(out, 0);
      return Hash.of(out);
    }
  }
}
