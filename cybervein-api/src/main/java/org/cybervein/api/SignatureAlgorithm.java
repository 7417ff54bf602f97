package org.cybervein.api;

/**
 * The signature schemes the SDK knows. A {@link PublicKey} and a {@link Signature} each carry
 * theirs, so that a verifier can never be handed a key of one scheme and a signature of another.
 */
public enum SignatureAlgorithm {
  /** Ed25519 as in RFC 8032: 32-byte public keys, 64-byte signatures. */
  ED25519(32, 64);

  private final int publicKeySize;
  private final int signatureSize;

  SignatureAlgorithm(int publicKeySize, int signatureSize) {
    this.publicKeySize = publicKeySize;
    this.signatureSize = signatureSize;
  }

  /**
   * Size of an encoded public key in bytes.
   *
   * @return the number of bytes of a public key of this algorithm
   */
  public int publicKeySize() {
    return publicKeySize;
  }

  /**
   * Size of an encoded signature in bytes.
   *
   * @return the number of bytes of a signature of this algorithm
   */
  public int signatureSize() {
    return signatureSize;
  }
}
