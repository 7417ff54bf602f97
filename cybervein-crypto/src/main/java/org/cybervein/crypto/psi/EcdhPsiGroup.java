package org.cybervein.crypto.psi;

import org.cybervein.api.wire.v1.HeProto;

/**
 * The group an ECDH-PSI run exponentiates in. Both parties must choose the same one: each message
 * names its group and a party refuses a message of another ({@link
 * org.cybervein.crypto.InvalidCryptoInputException.Reason#WRONG_ALGORITHM}). The constructions are
 * documented in the crypto README (section "PSI groups") so that another implementation can
 * interoperate.
 */
public enum EcdhPsiGroup {
  /**
   * NIST P-256 (prime order, cofactor 1); ids hashed by RFC 9380 {@code P256_XMD:SHA-256_SSWU_RO_};
   * elements are 33-byte SEC1 compressed points. Security: DDH in P-256 with the hash a random
   * oracle. The group of earlier releases and the default of the factories without a group.
   */
  P256(HeProto.PsiEcdhGroup.PSI_ECDH_GROUP_P256),

  /**
   * The prime-order subgroup of Curve25519 (order about 2^252, cofactor 8); ids hashed by RFC 9380
   * {@code curve25519_XMD:SHA-512_ELL2_RO_}, exponentiation by RFC 7748 X25519 with a fresh 32-byte
   * secret; elements are 32-byte u-coordinates. Security: DDH in that subgroup with the hash a
   * random oracle; the clamped exponents are multiples of 8, so the cofactor never reaches a
   * result. Two to three times faster than {@link #P256} per id on the same machine.
   */
  CURVE25519(HeProto.PsiEcdhGroup.PSI_ECDH_GROUP_CURVE25519);

  private final HeProto.PsiEcdhGroup wire;

  EcdhPsiGroup(HeProto.PsiEcdhGroup wire) {
    this.wire = wire;
  }

  /**
   * The identifier messages carry.
   *
   * @return the group's value of {@code PsiEcdhGroup} in {@code cybervein/v1/he.proto}
   */
  public HeProto.PsiEcdhGroup wire() {
    return wire;
  }

  /** The bytes of one encoded element. */
  int elementLength() {
    return this == P256 ? P256Group.POINT_LENGTH : Curve25519Group.ELEMENT_LENGTH;
  }
}
