package org.cybervein.crypto.hash;

import java.util.Objects;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.cybervein.api.Bytes;

/**
 * RIPEMD-160, the 20-byte hash that Bitcoin applies after SHA-256 to name public keys and scripts
 * ({@code HASH160}). Only for interoperability with Bitcoin: the SDK's own structures hash with
 * {@link HashFunction}. Thread-safe; each call uses its own digest state.
 */
public final class Ripemd160 {
  /** The digest size in bytes. */
  public static final int SIZE = 20;

  private Ripemd160() {}

  /**
   * The plain RIPEMD-160 digest of {@code data}, with no domain tag.
   *
   * @param data the bytes to hash
   * @return the 20-byte digest
   */
  public static Bytes digest(Bytes data) {
    Objects.requireNonNull(data, "data");
    byte[] in = data.toByteArray();
    RIPEMD160Digest d = new RIPEMD160Digest();
    d.update(in, 0, in.length);
    byte[] out = new byte[SIZE];
    d.doFinal(out, 0);
    return Bytes.of(out);
  }

  /**
   * Bitcoin's {@code HASH160}: RIPEMD-160 of the SHA-256 of {@code data}, both untagged.
   *
   * @param data the bytes to hash (a public key or a script)
   * @return the 20-byte digest
   */
  public static Bytes hash160(Bytes data) {
    Objects.requireNonNull(data, "data");
    return digest(HashFunction.SHA256.hashUntagged(data).toBytes());
  }
}
