package org.cybervein.storageproofs.compactpor;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.SecretBytes;
import org.cybervein.crypto.kdf.Hkdf;
import org.cybervein.crypto.mac.HmacSha256;
import org.cybervein.crypto.mac.HmacSha256Key;

/**
 * The compact POR verifier's one secret, {@value #SIZE} bytes. Per file, HKDF-SHA256 (salt = the
 * file id) derives the PRF key {@code k} (info {@code "cybervein/pdp/prf/v1"}) and the secret
 * coefficients {@code alpha_1..alpha_s} (info {@code "cybervein/pdp/alpha/v1"}, 32 bytes each,
 * reduced mod p).
 */
public final class CompactPorKey {
  /** Size of the key in bytes. */
  public static final int SIZE = 32;

  private final SecretBytes secret;

  private CompactPorKey(SecretBytes secret) {
    this.secret = secret;
  }

  /**
   * A fresh key.
   *
   * @param random the source of the {@value #SIZE} key bytes; must be cryptographically strong
   *     outside tests
   * @return the key
   */
  public static CompactPorKey generate(RandomSource random) {
    return new CompactPorKey(SecretBytes.random(SIZE, random));
  }

  /**
   * A key from its stored bytes.
   *
   * @param encoded the stored key bytes
   * @return the key
   * @throws InvalidCryptoInputException if {@code encoded} is not {@value #SIZE} bytes
   */
  public static CompactPorKey fromBytes(Bytes encoded) throws InvalidCryptoInputException {
    return new CompactPorKey(SecretBytes.ofLength(encoded, SIZE, "compact POR key"));
  }

  /**
   * The key bytes, for storage by the verifier.
   *
   * @return a copy of the secret key bytes
   */
  public Bytes toBytes() {
    return secret.toBytes();
  }

  /** The per-file secrets. */
  FileSecrets forFile(Hash fileId, int sectorsPerBlock) {
    Objects.requireNonNull(fileId, "fileId");
    Bytes prfKey =
        Hkdf.derive(fileId.toBytes(), secret.toBytes(), Bytes.utf8("cybervein/pdp/prf/v1"), 32);
    byte[] alphaBytes =
        Hkdf.derive(
                fileId.toBytes(),
                secret.toBytes(),
                Bytes.utf8("cybervein/pdp/alpha/v1"),
                32 * sectorsPerBlock)
            .toByteArray();
    BigInteger[] alpha = new BigInteger[sectorsPerBlock];
    byte[] raw = new byte[32];
    for (int j = 0; j < sectorsPerBlock; j++) {
      System.arraycopy(alphaBytes, 32 * j, raw, 0, 32);
      alpha[j] = PrimeField.reduce(raw);
    }
    try {
      return new FileSecrets(new HmacSha256(HmacSha256Key.fromBytes(prfKey)), alpha);
    } catch (InvalidCryptoInputException e) {
      throw new IllegalStateException("HKDF gives 32-byte keys", e);
    }
  }

  /** {@code f_k} and the alphas of one file. */
  static final class FileSecrets {
    private final HmacSha256 prf;
    final BigInteger[] alpha;

    FileSecrets(HmacSha256 prf, BigInteger[] alpha) {
      this.prf = prf;
      this.alpha = alpha;
    }

    /** {@code f_k(i)}: HMAC-SHA256 of {@code u64be(i)}, reduced mod p. */
    BigInteger prf(long index) {
      byte[] in = new byte[8];
      for (int b = 0; b < 8; b++) {
        in[b] = (byte) (index >>> (56 - 8 * b));
      }
      return PrimeField.reduce(prf.compute(Bytes.of(in)).toByteArray());
    }
  }

  /** Shows no secret. */
  @Override
  public String toString() {
    return "CompactPorKey[32 bytes]";
  }
}
