package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import org.bouncycastle.crypto.hash2curve.HashToCurveProfile;
import org.bouncycastle.crypto.hash2curve.HashToEllipticCurve;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/**
 * The prime-order group of ECDH-PSI: NIST P-256 (cofactor 1), with ids hashed to points by RFC 9380
 * {@code hash_to_curve} in suite {@code P256_XMD:SHA-256_SSWU_RO_} (Bouncy Castle's implementation)
 * under the domain separation tag {@value #DST}. Points travel as 33-byte SEC1 compressed
 * encodings, which are canonical, so equal points have equal bytes.
 *
 * <p>Not thread-safe (the hasher keeps state); each PSI party has its own instance.
 */
final class P256Group {
  /** The RFC 9380 domain separation tag of id hashing in CyberVein PSI. */
  static final String DST = "CYBERVEIN-V1-PSI-P256_XMD:SHA-256_SSWU_RO_";

  /** Bytes of a compressed point. */
  static final int POINT_LENGTH = 33;

  private final HashToEllipticCurve hasher;
  private final ECCurve curve;
  private final BigInteger order;

  P256Group() {
    this(DST);
  }

  /** A group hashing under another tag: only for the RFC 9380 test vectors. */
  P256Group(String dst) {
    this.hasher = HashToEllipticCurve.getInstance(HashToCurveProfile.P256_XMD_SHA_256, dst);
    this.curve = hasher.hashToCurve(new byte[0]).getCurve();
    this.order = curve.getOrder();
  }

  /** {@code H(id)}: the RFC 9380 random-oracle hash of the id bytes to a point. */
  ECPoint hash(Bytes id) {
    return hasher.hashToCurve(id.toByteArray()).normalize();
  }

  /** A uniform secret exponent in {@code [1, order)}. */
  BigInteger randomScalar(RandomSource random) {
    byte[] buffer = new byte[(order.bitLength() + 7) / 8 + 16];
    while (true) {
      random.nextBytes(buffer);
      // 128 extra bits make the reduction's bias negligible (below 2^-128).
      BigInteger k = new BigInteger(1, buffer).mod(order);
      if (k.signum() != 0) {
        return k;
      }
    }
  }

  static Bytes encode(ECPoint point) {
    return Bytes.of(point.normalize().getEncoded(true));
  }

  /**
   * A point from its compressed encoding: exactly 33 bytes, prefix 2 or 3, x below the field prime,
   * on the curve (the point at infinity has no such encoding).
   */
  ECPoint decode(ByteString bytes) throws InvalidCryptoInputException {
    if (bytes.size() != POINT_LENGTH) {
      throw new InvalidCryptoInputException(
          Reason.WRONG_LENGTH, "point has " + bytes.size() + " bytes, expected " + POINT_LENGTH);
    }
    byte prefix = bytes.byteAt(0);
    if (prefix != 2 && prefix != 3) {
      throw new InvalidCryptoInputException(Reason.INVALID_KEY, "not a compressed point");
    }
    byte[] raw = bytes.toByteArray();
    ECPoint point;
    try {
      point = curve.decodePoint(raw);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InvalidCryptoInputException(Reason.INVALID_KEY, "not a point of P-256", e);
    }
    if (point.isInfinity() || !point.isValid()) {
      throw new InvalidCryptoInputException(Reason.INVALID_KEY, "not a point of P-256");
    }
    return point;
  }

  @Override
  public String toString() {
    return "P256Group[" + DST + "]";
  }
}
