package org.cybervein.storageproofs.por;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.SecretBytes;
import org.cybervein.crypto.kdf.Hkdf;

/**
 * The one secret a sentinel POR verifier keeps for all its files: {@value #SIZE} bytes from which
 * HKDF-SHA256 derives, per file, the encryption key, the permutation key and the sentinel key (salt
 * = the file id, info = {@code "cybervein/por/sentinel/<purpose>/v1"}).
 */
public final class SentinelPorKey {
  /** Size of the key in bytes. */
  public static final int SIZE = 32;

  private final SecretBytes secret;

  private SentinelPorKey(SecretBytes secret) {
    this.secret = secret;
  }

  /**
   * A fresh key.
   *
   * @param random the source of the {@value #SIZE} key bytes; must be cryptographically strong
   *     outside tests
   * @return the key
   */
  public static SentinelPorKey generate(RandomSource random) {
    return new SentinelPorKey(SecretBytes.random(SIZE, random));
  }

  /**
   * A key from its stored bytes.
   *
   * @param encoded the stored key bytes
   * @return the key
   * @throws InvalidCryptoInputException if {@code encoded} is not {@value #SIZE} bytes
   */
  public static SentinelPorKey fromBytes(Bytes encoded) throws InvalidCryptoInputException {
    return new SentinelPorKey(SecretBytes.ofLength(encoded, SIZE, "sentinel POR key"));
  }

  /**
   * The key bytes, for storage by the verifier.
   *
   * @return a copy of the secret key bytes
   */
  public Bytes toBytes() {
    return secret.toBytes();
  }

  byte[] derive(Hash fileId, String purpose) {
    Objects.requireNonNull(fileId, "fileId");
    return Hkdf.derive(
            fileId.toBytes(),
            secret.toBytes(),
            Bytes.utf8("cybervein/por/sentinel/" + purpose + "/v1"),
            32)
        .toByteArray();
  }

  /** Shows no secret. */
  @Override
  public String toString() {
    return "SentinelPorKey[32 bytes]";
  }
}
