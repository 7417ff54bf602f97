package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/**
 * The fast group of ECDH-PSI: the prime-order subgroup of Curve25519 (order {@code l = 2^252 +
 * 27742317777372353535851937790883648493}, cofactor 8), in Montgomery u-coordinates.
 *
 * <ul>
 *   <li>Hashing: RFC 9380 {@code hash_to_curve} in suite {@code curve25519_XMD:SHA-512_ELL2_RO_}
 *       (expand_message_xmd with SHA-512, two field elements, Elligator 2 with Z = 2, the sum of
 *       the two points, cofactor clearing by 8), under the domain separation tag {@value #DST}; the
 *       element is the u-coordinate of the result.
 *   <li>Exponentiation: RFC 7748 X25519 of the element with a 32-byte secret (the Montgomery ladder
 *       of Bouncy Castle), which clamps the secret to {@code 2^254 + 8 s'}; {@code X25519(a,
 *       X25519(b, u)) = X25519(b, X25519(a, u))}, the commutativity PSI needs.
 *   <li>Encoding: 32 bytes, u little-endian, canonical (below {@code p = 2^255 - 19}, top bit 0).
 * </ul>
 *
 * <p>Peer elements are refused unless canonical, on the curve rather than its quadratic twist, and
 * of order above 8 (the five low-order u-coordinates). Torsion components of a mixed-order point
 * need no check: every clamped secret is a multiple of 8, so raising annihilates them and the
 * result depends only on the prime-order component. A u-coordinate stands for the pair {@code ±P};
 * that costs nothing, as x-only arithmetic is well defined on such pairs and DDH in the subgroup
 * implies DDH on them.
 *
 * <p>Hashing uses Bouncy Castle's variable-time inversion and square roots: its running time
 * depends on the id being hashed, which matters only to an observer timing this process. Immutable
 * and thread-safe.
 */
final class Curve25519Group {
  /** The RFC 9380 domain separation tag of id hashing in CyberVein PSI over Curve25519. */
  static final String DST = "CYBERVEIN-V1-PSI-curve25519_XMD:SHA-512_ELL2_RO_";

  /** Bytes of an element. */
  static final int ELEMENT_LENGTH = 32;

  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  private static final int J = 486662;

  // sqrt(-1) = 2^((p-1)/4), and square roots of 2i and -2i (both squares: 2 and i are not).
  private static final BigInteger I =
      BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
  private static final int[] SQRT_MINUS_ONE = fieldOf(I);
  private static final int[] SQRT_TWO_I = fieldOf(sqrt(I.shiftLeft(1).mod(P)));
  private static final int[] SQRT_MINUS_TWO_I = fieldOf(sqrt(P.subtract(I.shiftLeft(1).mod(P))));

  // The u-coordinates of the points of order 1 (none: the identity has no u), 2, 4 and 8, which
  // every clamped exponent sends to the identity.
  private static final List<Bytes> LOW_ORDER =
      List.of(
          element(BigInteger.ZERO),
          element(BigInteger.ONE),
          element(P.subtract(BigInteger.ONE)),
          element(
              new BigInteger(
                  "325606250916557431795983626356110631294008115727848805560023387167927233504")),
          element(
              new BigInteger(
                  "39382357235489614581723060781553021112529911719440698176882885853963445705823")));

  private final byte[] dst;
  // One digest per thread: looking one up per hash cost about a microsecond of a 30 us hash.
  private final ThreadLocal<MessageDigest> digests =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-512");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java platform provides SHA-512", e);
            }
          });

  Curve25519Group() {
    this(DST);
  }

  /** A group hashing under another tag: only for the RFC 9380 test vectors. */
  Curve25519Group(String dst) {
    this.dst = dst.getBytes(StandardCharsets.US_ASCII);
    if (this.dst.length > 255) {
      throw new IllegalArgumentException("a DST has at most 255 bytes");
    }
  }

  /**
   * {@code H(id)}: the encoded u-coordinate of the RFC 9380 hash of the id. Computes only what the
   * u-coordinate needs: the sum's x in projective form, three x-only doublings, one inversion (the
   * vector test checks it against the full affine computation of {@link #hashToPointWithSteps}).
   */
  byte[] hash(Bytes id) {
    byte[] uniform = expandMessageXmd(id.toByteArray(), 2 * 48);
    int[][] q0 = map(field(uniform, 0));
    int[][] q1 = map(field(uniform, 48));
    if (X25519Field.areEqualVar(q0[0], q1[0])) {
      return encode(hashToPointWithSteps(id.toByteArray())[0]); // doubling or identity: rare
    }
    // x(Q0 + Q1) = X / Z with X = (y1 - y0)^2 - (J + x0 + x1) (x1 - x0)^2, Z = (x1 - x0)^2.
    int[] z = X25519Field.create();
    X25519Field.sub(q1[0], q0[0], z);
    X25519Field.carry(z);
    X25519Field.sqr(z, z);
    int[] s = X25519Field.create();
    X25519Field.add(q0[0], q1[0], s);
    X25519Field.add(s, constant(J), s);
    X25519Field.carry(s);
    X25519Field.mul(s, z, s);
    int[] x = X25519Field.create();
    X25519Field.sub(q1[1], q0[1], x);
    X25519Field.carry(x);
    X25519Field.sqr(x, x);
    X25519Field.sub(x, s, x);
    X25519Field.carry(x);
    // Cofactor clearing, x only: (X : Z) -> ((X+Z)^2 (X-Z)^2 : 4XZ ((X-Z)^2 + 121666 * 4XZ)).
    int[] t1 = X25519Field.create();
    int[] t2 = X25519Field.create();
    int[] t3 = X25519Field.create();
    for (int i = 0; i < 3; i++) {
      X25519Field.apm(x, z, t1, t2);
      X25519Field.sqr(t1, t1);
      X25519Field.sqr(t2, t2);
      X25519Field.mul(t1, t2, x);
      X25519Field.sub(t1, t2, t3);
      X25519Field.mul(t3, 121666, z);
      X25519Field.add(z, t2, z);
      X25519Field.mul(z, t3, z);
    }
    X25519Field.normalize(z);
    if (X25519Field.isZeroVar(z)) {
      throw new IllegalStateException("hash to curve reached the identity");
    }
    X25519Field.invVar(z, z);
    X25519Field.mul(x, z, x);
    return encode(normal(x));
  }

  private static byte[] encode(int[] fieldElement) {
    byte[] out = new byte[ELEMENT_LENGTH];
    X25519Field.encode(fieldElement, out, 0);
    return out;
  }

  /**
   * The affine point {@code (x, y)} of RFC 9380 {@code hash_to_curve}, normalised, and the two
   * mapped points Q0, Q1 before their sum: {x, y, q0x, q0y, q1x, q1y}. Exposed to the vector test.
   */
  int[][] hashToPointWithSteps(byte[] message) {
    byte[] uniform = expandMessageXmd(message, 2 * 48);
    int[][] q0 = map(field(uniform, 0));
    int[][] q1 = map(field(uniform, 48));
    int[][] r = add(q0, q1);
    for (int i = 0; i < 3; i++) {
      r = add(r, r);
    }
    return new int[][] {
      normal(r[0]), normal(r[1]), normal(q0[0]), normal(q0[1]), normal(q1[0]), normal(q1[1])
    };
  }

  /**
   * {@code element^k}: X25519 of a peer's element with the secret. The element is checked first.
   *
   * @throws InvalidCryptoInputException if the element is not a valid encoding of a point of order
   *     above 8 on the curve
   */
  static byte[] raise(byte[] secret, ByteString element) throws InvalidCryptoInputException {
    byte[] u = check(element);
    return raiseChecked(secret, u);
  }

  /** {@code element^k} of an element this process made (a hash output). */
  static byte[] raiseChecked(byte[] secret, byte[] u) {
    byte[] out = new byte[ELEMENT_LENGTH];
    if (!X25519.calculateAgreement(secret, 0, u, 0, out, 0)) {
      // Unreachable for checked elements: only points of order dividing 8 reach the identity.
      throw new IllegalStateException("X25519 reached the identity on a checked element");
    }
    return out;
  }

  /**
   * The element's bytes once its encoding is found canonical, on the curve and of order above 8.
   */
  static byte[] check(ByteString element) throws InvalidCryptoInputException {
    if (element.size() != ELEMENT_LENGTH) {
      throw new InvalidCryptoInputException(
          Reason.WRONG_LENGTH,
          "element has " + element.size() + " bytes, expected " + ELEMENT_LENGTH);
    }
    byte[] u = element.toByteArray();
    if (!isCanonical(u)) {
      throw new InvalidCryptoInputException(
          Reason.INVALID_KEY, "u-coordinate is not below 2^255 - 19");
    }
    Bytes asBytes = Bytes.of(u);
    for (Bytes low : LOW_ORDER) {
      if (low.equals(asBytes)) {
        throw new InvalidCryptoInputException(Reason.INVALID_KEY, "a point of order at most 8");
      }
    }
    int[] x = X25519Field.create();
    X25519Field.decode255(u, x);
    if (!X25519Field.sqrtRatioVar(curveEquation(x), one(), X25519Field.create())) {
      throw new InvalidCryptoInputException(
          Reason.INVALID_KEY, "u-coordinate of a point on the twist, not on Curve25519");
    }
    return u;
  }

  private static boolean isCanonical(byte[] u) {
    if ((u[31] & 0x80) != 0) {
      return false;
    }
    // Only 2^255 - 19 .. 2^255 - 1 are at or above p: ed ff .. ff 7f up to ff ff .. ff 7f.
    if (u[31] != 0x7f || (u[0] & 0xff) < 0xed) {
      return true;
    }
    for (int i = 1; i < 31; i++) {
      if (u[i] != (byte) 0xff) {
        return true;
      }
    }
    return false;
  }

  /** {@code x^3 + J x^2 + x}: a square exactly when x is the u-coordinate of a curve point. */
  private static int[] curveEquation(int[] x) {
    int[] t = X25519Field.create();
    X25519Field.copy(x, 0, t, 0);
    X25519Field.add(t, constant(J), t);
    X25519Field.mul(t, x, t);
    X25519Field.addOne(t);
    X25519Field.mul(t, x, t);
    return t;
  }

  /** RFC 9380 section 6.7.1, Elligator 2 for {@code y^2 = x^3 + J x^2 + x} (K = 1, Z = 2). */
  private static int[][] map(int[] u) {
    int[] tv = X25519Field.create();
    X25519Field.sqr(u, tv);
    X25519Field.add(tv, tv, tv); // Z u^2
    int[] d = X25519Field.create();
    X25519Field.copy(tv, 0, d, 0);
    X25519Field.addOne(d);
    X25519Field.normalize(d);
    int[] x1 = X25519Field.create();
    if (X25519Field.isZeroVar(d)) {
      X25519Field.copy(constant(J), 0, x1, 0); // inv0(0) = 0, then x1 = -J
    } else {
      X25519Field.invVar(d, x1);
      X25519Field.mul(x1, J, x1);
    }
    X25519Field.negate(x1, x1);
    X25519Field.normalize(x1);
    int[] gx1 = curveEquation(x1);
    // One exponentiation serves both candidates (p = 5 mod 8): r = g^((p+3)/8) squares to g or -g
    // when g(x1) is a square, and to i g or -i g (i = sqrt(-1)) when it is not; then g(x2) = Z u^2
    // g(x1) = 2 u^2 g has the root u r c with c^2 = 2 / (r^2 / g), c one of sqrt(2i), sqrt(-2i).
    int[] r = powPp3d8(gx1);
    int[] r2 = X25519Field.create();
    X25519Field.sqr(r, r2);
    X25519Field.normalize(r2);
    X25519Field.normalize(gx1);
    int[] y = X25519Field.create();
    if (X25519Field.areEqualVar(r2, gx1)) {
      return new int[][] {x1, withSign(r, 1)};
    }
    int[] t = X25519Field.create();
    X25519Field.negate(gx1, t);
    X25519Field.normalize(t);
    if (X25519Field.areEqualVar(r2, t)) {
      X25519Field.mul(r, SQRT_MINUS_ONE, y);
      return new int[][] {x1, withSign(y, 1)};
    }
    // x2 = -x1 - J = Z u^2 x1, and g(x2) = Z u^2 g(x1), a square as Z is not one.
    int[] x2 = X25519Field.create();
    X25519Field.mul(tv, x1, x2);
    int[] gx2 = X25519Field.create();
    X25519Field.mul(tv, gx1, gx2);
    X25519Field.mul(gx1, SQRT_MINUS_ONE, t);
    X25519Field.normalize(t);
    // r^2 = i g: c^2 = -2i; r^2 = -i g: c^2 = 2i.
    X25519Field.mul(r, X25519Field.areEqualVar(r2, t) ? SQRT_MINUS_TWO_I : SQRT_TWO_I, y);
    X25519Field.mul(y, u, y);
    X25519Field.sqr(y, t);
    X25519Field.normalize(t);
    X25519Field.normalize(gx2);
    if (!X25519Field.areEqualVar(t, gx2)) {
      throw new IllegalStateException("Elligator 2: neither g(x1) nor g(x2) is a square");
    }
    return new int[][] {normal(x2), withSign(y, 0)};
  }

  /** {@code a^((p+3)/8)}: a times a^(2^252 - 3), the usual addition chain (ref10's pow22523). */
  private static int[] powPp3d8(int[] a) {
    int[] z2 = X25519Field.create();
    int[] t = X25519Field.create();
    X25519Field.sqr(a, z2); // 2
    X25519Field.sqr(z2, 2, t); // 8
    int[] z9 = X25519Field.create();
    X25519Field.mul(a, t, z9); // 9
    int[] z11 = X25519Field.create();
    X25519Field.mul(z2, z9, z11); // 11
    X25519Field.sqr(z11, t); // 22
    int[] z5 = X25519Field.create();
    X25519Field.mul(z9, t, z5); // 2^5 - 1
    int[] z10 = X25519Field.create();
    X25519Field.sqr(z5, 5, t);
    X25519Field.mul(t, z5, z10); // 2^10 - 1
    int[] z20 = X25519Field.create();
    X25519Field.sqr(z10, 10, t);
    X25519Field.mul(t, z10, z20); // 2^20 - 1
    int[] z40 = X25519Field.create();
    X25519Field.sqr(z20, 20, t);
    X25519Field.mul(t, z20, z40); // 2^40 - 1
    int[] z50 = X25519Field.create();
    X25519Field.sqr(z40, 10, t);
    X25519Field.mul(t, z10, z50); // 2^50 - 1
    int[] z100 = X25519Field.create();
    X25519Field.sqr(z50, 50, t);
    X25519Field.mul(t, z50, z100); // 2^100 - 1
    int[] z200 = X25519Field.create();
    X25519Field.sqr(z100, 100, t);
    X25519Field.mul(t, z100, z200); // 2^200 - 1
    int[] z250 = X25519Field.create();
    X25519Field.sqr(z200, 50, t);
    X25519Field.mul(t, z50, z250); // 2^250 - 1
    X25519Field.sqr(z250, 2, t); // 2^252 - 4
    X25519Field.mul(t, a, t); // 2^252 - 3
    X25519Field.mul(t, a, t); // times a: (p + 3) / 8 = 2^252 - 2
    return t;
  }

  /** The field element of a value in {@code [0, p)}. */
  private static int[] fieldOf(BigInteger value) {
    int[] out = X25519Field.create();
    X25519Field.decode255(element(value).toByteArray(), out);
    return out;
  }

  /** A square root of {@code a}, a square mod p, by the p = 5 mod 8 method (class set-up only). */
  private static BigInteger sqrt(BigInteger a) {
    BigInteger root = a.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!root.multiply(root).mod(P).equals(a.mod(P))) {
      root = root.multiply(I).mod(P);
    }
    if (!root.multiply(root).mod(P).equals(a.mod(P))) {
      throw new IllegalStateException("not a square");
    }
    return root;
  }

  /**
   * The affine sum on the Montgomery curve (B = 1), doubling when the points are equal.
   *
   * @throws IllegalStateException if the sum is the identity, which has no affine form: for hashed
   *     ids that needs a collision of SHA-512-derived field elements (probability about 2^-250)
   */
  private static int[][] add(int[][] p, int[][] q) {
    int[] x0 = normal(p[0]);
    int[] y0 = normal(p[1]);
    int[] x1 = normal(q[0]);
    int[] y1 = normal(q[1]);
    int[] num = X25519Field.create();
    int[] den = X25519Field.create();
    if (X25519Field.areEqualVar(x0, x1)) {
      if (!X25519Field.areEqualVar(y0, y1) || X25519Field.isZeroVar(y0)) {
        throw new IllegalStateException("hash to curve reached the identity");
      }
      // lambda = (3 x^2 + 2 J x + 1) / (2 y)
      int[] t = X25519Field.create();
      X25519Field.sqr(x0, t);
      X25519Field.mul(t, 3, num);
      X25519Field.mul(x0, 2 * J, t);
      X25519Field.add(num, t, num);
      X25519Field.addOne(num);
      X25519Field.add(y0, y0, den);
    } else {
      X25519Field.sub(y1, y0, num);
      X25519Field.sub(x1, x0, den);
    }
    X25519Field.carry(num);
    X25519Field.carry(den);
    int[] lambda = X25519Field.create();
    X25519Field.invVar(den, lambda);
    X25519Field.mul(lambda, num, lambda);
    int[] x = X25519Field.create();
    X25519Field.sqr(lambda, x);
    X25519Field.sub(x, constant(J), x);
    X25519Field.sub(x, x0, x);
    X25519Field.sub(x, x1, x);
    X25519Field.carry(x);
    int[] y = X25519Field.create();
    X25519Field.sub(x0, x, y);
    X25519Field.carry(y);
    X25519Field.mul(y, lambda, y);
    X25519Field.sub(y, y0, y);
    return new int[][] {normal(x), normal(y)};
  }

  /** y or -y, whichever has sgn0 (the parity of its canonical value) equal to {@code sign}. */
  private static int[] withSign(int[] y, int sign) {
    int[] n = normal(y);
    byte[] bytes = new byte[ELEMENT_LENGTH];
    X25519Field.encode(n, bytes, 0);
    if ((bytes[0] & 1) != sign) {
      X25519Field.negate(n, n);
      X25519Field.normalize(n);
    }
    return n;
  }

  private static int[] normal(int[] a) {
    int[] n = X25519Field.create();
    X25519Field.copy(a, 0, n, 0);
    X25519Field.normalize(n);
    return n;
  }

  private static int[] one() {
    int[] one = X25519Field.create();
    X25519Field.one(one);
    return one;
  }

  private static int[] constant(int value) {
    int[] c = X25519Field.create();
    c[0] = value; // below 2^26, the first limb's width
    return c;
  }

  /** OS2IP of 48 bytes at {@code offset}, reduced mod p, as a field element. */
  private static int[] field(byte[] uniform, int offset) {
    byte[] chunk = new byte[48];
    System.arraycopy(uniform, offset, chunk, 0, 48);
    int[] out = X25519Field.create();
    X25519Field.decode255(element(new BigInteger(1, chunk).mod(P)).toByteArray(), out);
    return out;
  }

  /** The 32-byte little-endian encoding of a value in {@code [0, p)}. */
  static Bytes element(BigInteger value) {
    byte[] be = value.toByteArray();
    byte[] le = new byte[ELEMENT_LENGTH];
    for (int i = 0; i < be.length && i < ELEMENT_LENGTH; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return Bytes.of(le);
  }

  /** RFC 9380 section 5.3.1 with SHA-512 (b_in_bytes 64, s_in_bytes 128). */
  byte[] expandMessageXmd(byte[] message, int length) {
    MessageDigest sha512 = digests.get();
    sha512.reset();
    int ell = (length + 63) / 64;
    sha512.update(new byte[128]);
    sha512.update(message);
    sha512.update(new byte[] {(byte) (length >>> 8), (byte) length, 0});
    updateDstPrime(sha512);
    byte[] b0 = sha512.digest();
    byte[] out = new byte[length];
    byte[] previous = new byte[64];
    for (int i = 1; i <= ell; i++) {
      for (int j = 0; j < 64; j++) {
        previous[j] ^= b0[j]; // b_0 for i = 1 (previous is zero), else b_0 xor b_(i-1)
      }
      sha512.update(previous);
      sha512.update((byte) i);
      updateDstPrime(sha512);
      previous = sha512.digest();
      System.arraycopy(previous, 0, out, (i - 1) * 64, Math.min(64, length - (i - 1) * 64));
    }
    return out;
  }

  private void updateDstPrime(MessageDigest digest) {
    digest.update(dst);
    digest.update((byte) dst.length);
  }

  @Override
  public String toString() {
    return "Curve25519Group[" + new String(dst, StandardCharsets.US_ASCII) + "]";
  }
}
