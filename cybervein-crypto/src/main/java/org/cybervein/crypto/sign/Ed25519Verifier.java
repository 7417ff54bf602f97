package org.cybervein.crypto.sign;

import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * Checks Ed25519 signatures (RFC 8032) against one public key: the whitepaper's signature checks on
 * units, on block signature sub-blocks {@code sigma_i} and on PBFT requests and votes.
 *
 * <h2>Key policy</h2>
 *
 * {@link #of(PublicKey)} accepts a key only if its 32 bytes are the canonical encoding of a point
 * of prime order {@code L} on edwards25519 (Bouncy Castle's "full" validation). It rejects, with
 * {@link InvalidCryptoInputException.Reason#INVALID_KEY}: encodings that are not on the curve,
 * non-canonical encodings (y not reduced mod p, or a set sign bit with x = 0), the identity and the
 * other small-order points, and points with a small-order component. Honest keys from {@link
 * Ed25519PrivateKey} always pass. Such keys are refused because a small-order key lets its owner
 * make one signature valid for many messages; no Wycheproof {@code valid} case uses one.
 *
 * <h2>Signature policy</h2>
 *
 * {@link #verify(byte[], Signature)} returns {@code false}, and never throws, for any signature
 * that does not verify: a non-canonical {@code R}, an {@code S} not below the group order {@code L}
 * (which rules out the classic malleability), or a failed equation. This is what Wycheproof's
 * {@code ed25519_test.json} expects. A signature of another {@link SignatureAlgorithm} is also
 * answered {@code false}.
 *
 * <p>Instances are immutable and thread-safe; the decoded public point is kept, so make one
 * verifier per key and reuse it.
 */
public final class Ed25519Verifier {
  private final PublicKey publicKey;
  private final Ed25519.PublicPoint point;

  private Ed25519Verifier(PublicKey publicKey, Ed25519.PublicPoint point) {
    this.publicKey = publicKey;
    this.point = point;
  }

  /**
   * The verifier for {@code key}.
   *
   * @param key the Ed25519 public key to verify against
   * @return a verifier bound to {@code key}
   * @throws InvalidCryptoInputException {@link InvalidCryptoInputException.Reason#WRONG_ALGORITHM}
   *     if the key is not an Ed25519 key; {@link InvalidCryptoInputException.Reason#INVALID_KEY} if
   *     it fails the key policy above
   */
  public static Ed25519Verifier of(PublicKey key) throws InvalidCryptoInputException {
    Objects.requireNonNull(key, "key");
    if (key.algorithm() != SignatureAlgorithm.ED25519) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.WRONG_ALGORITHM,
          "not an Ed25519 key: " + key.algorithm());
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(key.encoded().toByteArray(), 0);
    if (point == null) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.INVALID_KEY,
          "not a canonical Ed25519 point of prime order: " + key);
    }
    return new Ed25519Verifier(key, point);
  }

  /**
   * The key this verifier checks against.
   *
   * @return the public key signatures are checked against
   */
  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * True if {@code signature} is a valid Ed25519 signature of {@code message} under this key; false
   * for every other signature, including malformed ones and those of another algorithm.
   *
   * @param message the signed bytes
   * @param signature the signature to check
   * @return true only for a valid Ed25519 signature of {@code message} by this key
   */
  public boolean verify(byte[] message, Signature signature) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    if (signature.algorithm() != SignatureAlgorithm.ED25519) {
      return false;
    }
    byte[] sig = signature.encoded().toByteArray();
    return Ed25519.verify(sig, 0, point, message, 0, message.length);
  }

  /**
   * True if {@code signature} is valid for the bytes of {@code message}; see above.
   *
   * @param message the signed bytes
   * @param signature the signature to check
   * @return true only for a valid Ed25519 signature of {@code message} by this key
   */
  public boolean verify(Bytes message, Signature signature) {
    Objects.requireNonNull(message, "message");
    return verify(message.toByteArray(), signature);
  }

  @Override
  public String toString() {
    return "Ed25519Verifier[" + publicKey + "]";
  }
}
