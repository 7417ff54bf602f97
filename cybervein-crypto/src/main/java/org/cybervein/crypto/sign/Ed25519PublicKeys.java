package org.cybervein.crypto.sign;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * Conversion of Ed25519 public keys to and from X.509 {@code SubjectPublicKeyInfo} DER (RFC 8410),
 * the form PEM files, TLS stacks and the JDK use.
 *
 * <p>An Ed25519 SPKI has exactly one valid DER encoding: the 12-byte prefix {@code 30 2a 30 05 06
 * 03 2b 65 70 03 21 00} (SEQUENCE, AlgorithmIdentifier with OID 1.3.101.112 and no parameters, BIT
 * STRING with no unused bits) followed by the 32-byte raw key, 44 bytes in all. Decoding compares
 * against that prefix byte for byte and accepts nothing else (no BER, no parameters, no trailing
 * bytes).
 */
public final class Ed25519PublicKeys {
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  /** Length of an Ed25519 SubjectPublicKeyInfo in bytes. */
  public static final int SPKI_SIZE = SPKI_PREFIX.length + 32;

  private Ed25519PublicKeys() {}

  /**
   * Decodes an Ed25519 key from its SubjectPublicKeyInfo DER. This checks the encoding only; {@link
   * Ed25519Verifier#of(PublicKey)} checks that the key is a valid point.
   *
   * @param der the 44-byte DER encoding
   * @return the Ed25519 public key it holds
   * @throws InvalidCryptoInputException {@link InvalidCryptoInputException.Reason#WRONG_LENGTH} if
   *     the input is not 44 bytes, {@link InvalidCryptoInputException.Reason#MALFORMED} if it does
   *     not begin with the Ed25519 SPKI prefix
   */
  public static PublicKey fromSpki(Bytes der) throws InvalidCryptoInputException {
    Objects.requireNonNull(der, "der");
    if (der.size() != SPKI_SIZE) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.WRONG_LENGTH,
          "an Ed25519 SubjectPublicKeyInfo is " + SPKI_SIZE + " bytes, got " + der.size());
    }
    for (int i = 0; i < SPKI_PREFIX.length; i++) {
      if (der.byteAt(i) != SPKI_PREFIX[i]) {
        throw new InvalidCryptoInputException(
            InvalidCryptoInputException.Reason.MALFORMED,
            "not an Ed25519 SubjectPublicKeyInfo: byte " + i + " differs from the RFC 8410 form");
      }
    }
    return new PublicKey(SignatureAlgorithm.ED25519, der.slice(SPKI_PREFIX.length, SPKI_SIZE));
  }

  /**
   * Encodes an Ed25519 key as SubjectPublicKeyInfo DER (44 bytes).
   *
   * @param key an Ed25519 public key
   * @return its 44-byte DER encoding
   * @throws IllegalArgumentException if {@code key} is not an Ed25519 key
   */
  public static Bytes toSpki(PublicKey key) {
    Objects.requireNonNull(key, "key");
    if (key.algorithm() != SignatureAlgorithm.ED25519) {
      throw new IllegalArgumentException("not an Ed25519 key: " + key.algorithm());
    }
    byte[] out = new byte[SPKI_SIZE];
    System.arraycopy(SPKI_PREFIX, 0, out, 0, SPKI_PREFIX.length);
    key.encoded().copyTo(out, SPKI_PREFIX.length);
    return Bytes.of(out);
  }
}
