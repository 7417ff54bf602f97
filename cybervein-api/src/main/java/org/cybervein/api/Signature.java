package org.cybervein.api;

import java.util.Objects;

/**
 * A signature: the whitepaper's {@code Sign} on a request, a unit, a block or an upload.
 *
 * @param algorithm the signature scheme that made it
 * @param encoded the encoded signature, {@link SignatureAlgorithm#signatureSize()} bytes
 */
public record Signature(SignatureAlgorithm algorithm, Bytes encoded) {
  /**
   * Checks the size of the encoding against the algorithm.
   *
   * @param algorithm the signature scheme that made it
   * @param encoded the encoded signature, {@link SignatureAlgorithm#signatureSize()} bytes
   */
  public Signature {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.size() != algorithm.signatureSize()) {
      throw new IllegalArgumentException(
          algorithm + " signature must be " + algorithm.signatureSize() + " bytes");
    }
  }

  /**
   * An Ed25519 signature from its 64-byte RFC 8032 encoding.
   *
   * @param encoded the 64-byte encoding; it is copied
   * @return the signature
   * @throws IllegalArgumentException if {@code encoded} is not 64 bytes
   */
  public static Signature ed25519(byte[] encoded) {
    return new Signature(SignatureAlgorithm.ED25519, Bytes.of(encoded));
  }

  /**
   * Decodes an Ed25519 signature received from outside.
   *
   * @param encoded the received bytes
   * @return the signature
   * @throws InvalidEncodingException if the encoding has the wrong length
   */
  public static Signature decodeEd25519(Bytes encoded) throws InvalidEncodingException {
    if (encoded.size() != SignatureAlgorithm.ED25519.signatureSize()) {
      throw InvalidEncodingException.wrongLength(
          "Ed25519 signature", SignatureAlgorithm.ED25519.signatureSize(), encoded.size());
    }
    return new Signature(SignatureAlgorithm.ED25519, encoded);
  }

  /** Algorithm and the first bytes of the signature in hexadecimal. */
  @Override
  public String toString() {
    return algorithm + "-sig:" + encoded.toHex().substring(0, 8) + "..";
  }
}
