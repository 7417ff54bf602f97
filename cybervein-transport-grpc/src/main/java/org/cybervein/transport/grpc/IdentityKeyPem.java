package org.cybervein.transport.grpc;

import java.util.Arrays;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;

/**
 * A node's Ed25519 identity key as a PEM {@code PRIVATE KEY} file: PKCS#8 with the RFC 8410
 * encoding, which OpenSSL reads ({@code openssl pkey -in node.key -text}). Beside the {@link
 * NodeCertificate} this is a node's whole TLS material; it is also the key that signs the node's
 * protocol messages, so keep the file private.
 */
public final class IdentityKeyPem {
  private static final String LABEL = "PRIVATE KEY";

  /** RFC 8410 section 7: PrivateKeyInfo { v1, id-Ed25519, OCTET STRING { OCTET STRING seed } }. */
  private static final byte[] PKCS8_PREFIX = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
  };

  private IdentityKeyPem() {}

  /**
   * The PEM text of {@code key}.
   *
   * @param key the identity key
   * @return a {@code PRIVATE KEY} block holding the PKCS#8 encoding, ending with a newline
   */
  public static String encode(Ed25519PrivateKey key) {
    Objects.requireNonNull(key, "key");
    return Pem.encode(LABEL, pkcs8(key));
  }

  /**
   * Reads a key written by {@link #encode} (or by {@code openssl genpkey -algorithm ed25519}).
   *
   * @param pem the text of one PEM block labelled {@code PRIVATE KEY}
   * @return the identity key
   * @throws InvalidTransportInputException with {@link Reason#MALFORMED} if the armour or the
   *     PKCS#8 structure is wrong, {@link Reason#WRONG_ALGORITHM} if it holds another kind of key
   */
  public static Ed25519PrivateKey decode(String pem) throws InvalidTransportInputException {
    Objects.requireNonNull(pem, "pem");
    byte[] der = Pem.decode(LABEL, pem);
    if (der.length != PKCS8_PREFIX.length + Ed25519PrivateKey.SEED_SIZE
        || !Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
      throw new InvalidTransportInputException(
          Reason.WRONG_ALGORITHM, "expected an RFC 8410 Ed25519 PKCS#8 private key");
    }
    try {
      return Ed25519PrivateKey.decode(
          Bytes.of(der, PKCS8_PREFIX.length, Ed25519PrivateKey.SEED_SIZE));
    } catch (InvalidCryptoInputException e) {
      throw new InvalidTransportInputException(Reason.MALFORMED, "not an Ed25519 seed", e);
    }
  }

  /** The PKCS#8 DER of {@code key}, as the JDK's key factory takes it. */
  static byte[] pkcs8(Ed25519PrivateKey key) {
    byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + Ed25519PrivateKey.SEED_SIZE);
    key.encodeSeed().copyTo(der, PKCS8_PREFIX.length);
    return der;
  }
}
