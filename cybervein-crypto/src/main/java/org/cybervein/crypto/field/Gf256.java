package org.cybervein.crypto.field;

/**
 * Arithmetic in the field GF(2^8): bytes as polynomials over GF(2), multiplied modulo an
 * irreducible polynomial of degree 8, through logarithm and exponent tables over a generator.
 *
 * <p>The field's products depend on the reduction polynomial, so each user names the one its format
 * fixed: Shamir sharing uses {@link #AES} and Reed-Solomon codewords use {@link #REED_SOLOMON}.
 * Changing either would change every share or parity byte already written.
 *
 * <p>Elements are {@code int}s in {@code [0, 255]}. Instances are immutable and thread-safe.
 */
public final class Gf256 {
  /**
   * The AES field: x^8 + x^4 + x^3 + x + 1 (0x11b) with generator 3 (x + 1, since 2 is not a
   * generator of this field). Shamir secret sharing works in it.
   */
  public static final Gf256 AES = new Gf256(0x11b, 0x03);

  /**
   * The field of the common Reed-Solomon codes: x^8 + x^4 + x^3 + x^2 + 1 (0x11d) with generator
   * alpha = 2. The erasure code's generator polynomial has the roots alpha^0 .. alpha^31 in it.
   */
  public static final Gf256 REED_SOLOMON = new Gf256(0x11d, 0x02);

  private static final int ORDER = 255;

  private final int polynomial;
  private final int generator;

  /** EXP[i] = generator^i for i in [0, 510): doubled so that a sum of two logs needs no modulo. */
  private final int[] exp = new int[2 * ORDER];

  /** LOG[x] = i with generator^i = x, for x != 0. */
  private final int[] log = new int[256];

  private Gf256(int polynomial, int generator) {
    if (polynomial < 0x100 || polynomial > 0x1ff) {
      throw new IllegalArgumentException(
          "the reduction polynomial must have degree 8, got 0x" + Integer.toHexString(polynomial));
    }
    this.polynomial = polynomial;
    this.generator = generator;
    int x = 1;
    for (int i = 0; i < ORDER; i++) {
      if (i > 0 && x == 1) {
        throw new IllegalArgumentException(
            "0x"
                + Integer.toHexString(generator)
                + " does not generate the nonzero elements modulo 0x"
                + Integer.toHexString(polynomial));
      }
      exp[i] = x;
      log[x] = i;
      x = mulReference(x, generator);
    }
    if (x != 1) {
      throw new IllegalArgumentException(
          "0x" + Integer.toHexString(polynomial) + " is not irreducible");
    }
    for (int i = ORDER; i < exp.length; i++) {
      exp[i] = exp[i - ORDER];
    }
  }

  /**
   * The field modulo {@code polynomial}, with tables over {@code generator}.
   *
   * @param polynomial the reduction polynomial, bit i the coefficient of x^i; degree exactly 8
   * @param generator an element whose powers are all 255 nonzero elements
   * @return the field
   * @throws IllegalArgumentException if the polynomial is not of degree 8 or {@code generator} does
   *     not generate the multiplicative group modulo it (which it cannot if the polynomial is
   *     reducible)
   */
  public static Gf256 of(int polynomial, int generator) {
    checkElement(generator);
    return new Gf256(polynomial, generator);
  }

  /**
   * The reduction polynomial.
   *
   * @return the polynomial, bit i the coefficient of x^i (e.g. 0x11b)
   */
  public int polynomial() {
    return polynomial;
  }

  /**
   * The generator the tables are built over, the base of {@link #pow(int)}.
   *
   * @return the generator
   */
  public int generator() {
    return generator;
  }

  /**
   * The product {@code a * b}.
   *
   * @param a an element
   * @param b an element
   * @return their product in this field
   * @throws IllegalArgumentException if an argument is outside {@code [0, 255]}
   */
  public int mul(int a, int b) {
    checkElement(a | b);
    if (a == 0 || b == 0) {
      return 0;
    }
    return exp[log[a] + log[b]];
  }

  /**
   * The quotient {@code a / b}.
   *
   * @param a the dividend
   * @param b the divisor, not zero
   * @return the element q with {@code q * b = a}
   * @throws ArithmeticException if {@code b} is zero
   * @throws IllegalArgumentException if an argument is outside {@code [0, 255]}
   */
  public int div(int a, int b) {
    checkElement(a | b);
    if (b == 0) {
      throw new ArithmeticException("division by zero in GF(2^8)");
    }
    if (a == 0) {
      return 0;
    }
    return exp[log[a] + ORDER - log[b]];
  }

  /**
   * The generator raised to {@code e}.
   *
   * @param e the exponent, zero or more
   * @return {@code generator()^e}
   * @throws IllegalArgumentException if {@code e} is negative
   */
  public int pow(int e) {
    if (e < 0) {
      throw new IllegalArgumentException("exponent must be >= 0, got " + e);
    }
    return exp[e % ORDER];
  }

  /**
   * The product {@code a * b} by carry-less multiplication and reduction bit by bit: the slow
   * reference that the tables are built with and tested against.
   *
   * @param a an element
   * @param b an element
   * @return their product in this field
   * @throws IllegalArgumentException if an argument is outside {@code [0, 255]}
   */
  public int mulReference(int a, int b) {
    checkElement(a | b);
    int product = 0;
    while (b != 0) {
      if ((b & 1) != 0) {
        product ^= a;
      }
      a <<= 1;
      if ((a & 0x100) != 0) {
        a ^= polynomial;
      }
      b >>>= 1;
    }
    return product;
  }

  private static void checkElement(int bits) {
    if ((bits & ~0xff) != 0) {
      throw new IllegalArgumentException("GF(2^8) elements are in [0, 255]");
    }
  }

  @Override
  public String toString() {
    return "GF(2^8) mod 0x"
        + Integer.toHexString(polynomial)
        + ", generator 0x"
        + Integer.toHexString(generator);
  }
}
