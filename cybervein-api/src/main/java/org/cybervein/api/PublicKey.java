package org.cybervein.api;

import java.util.Objects;

/**
 * A signature verification key: the whitepaper's {@code pk} of a user, a node or a super node.
 *
 * <p>This type only holds the encoded key and its algorithm; checking that the bytes are a valid
 * curve point is the job of the verifier in {@code cybervein-crypto}.
 *
 * @param algorithm the signature scheme this key belongs to
 * @param encoded the encoded key, {@link SignatureAlgorithm#publicKeySize()} bytes
 */
public record PublicKey(SignatureAlgorithm algorithm, Bytes encoded) {
  /**
   * Checks the size of the encoding against the algorithm.
   *
   * @param algorithm the signature scheme this key belongs to
   * @param encoded the encoded key, {@link SignatureAlgorithm#publicKeySize()} bytes
   */
  public PublicKey {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.size() != algorithm.publicKeySize()) {
      throw new IllegalArgumentException(
          algorithm + " public key must be " + algorithm.publicKeySize() + " bytes");
    }
  }

  /**
   * An Ed25519 public key from its 32-byte RFC 8032 encoding.
   *
   * @param encoded the 32-byte encoding; it is copied
   * @return the key
   * @throws IllegalArgumentException if {@code encoded} is not 32 bytes
   */
  public static PublicKey ed25519(byte[] encoded) {
    return new PublicKey(SignatureAlgorithm.ED25519, Bytes.of(encoded));
  }

  /**
   * Decodes an Ed25519 public key received from outside.
   *
   * @param encoded the received bytes
   * @return the key; whether it is a valid curve point is checked when it verifies
   * @throws InvalidEncodingException if the encoding has the wrong length
   */
  public static PublicKey decodeEd25519(Bytes encoded) throws InvalidEncodingException {
    if (encoded.size() != SignatureAlgorithm.ED25519.publicKeySize()) {
      throw InvalidEncodingException.wrongLength(
          "Ed25519 public key", SignatureAlgorithm.ED25519.publicKeySize(), encoded.size());
    }
    return new PublicKey(SignatureAlgorithm.ED25519, encoded);
  }

  /** Algorithm and the first bytes of the key in hexadecimal. */
  @Override
  public String toString() {
    return algorithm + ":" + encoded.toHex().substring(0, 8) + "..";
  }

  // Written out (the record's own values): keys are looked up per message in the replicas' and
  // hosts' maps, where the record's generated methods, built from method handles, were not
  // always inlined.
  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey k && algorithm == k.algorithm && encoded.equals(k.encoded);
  }

  @Override
  public int hashCode() {
    return 31 * algorithm.hashCode() + encoded.hashCode();
  }
}
