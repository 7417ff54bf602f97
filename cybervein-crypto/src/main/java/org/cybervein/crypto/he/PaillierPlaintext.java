package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An encoded plaintext: a residue {@code value} in {@code Z_n} of a public key's modulus, with the
 * number of fractional bits {@code scale} it carries. It stands for the signed number {@code
 * signed(value) * 2^-scale}, where {@code signed(v) = v} for {@code v <= n/3} and {@code v - n} for
 * {@code v >= n - n/3}; see {@link FixedPointCodec}.
 *
 * @param publicKey the key whose modulus the value is reduced by
 * @param value the residue, in {@code [0, n)}
 * @param scale the number of fractional bits, in {@code [0, }{@link #MAX_SCALE}{@code ]}
 */
public record PaillierPlaintext(PaillierPublicKey publicKey, BigInteger value, int scale) {
  /**
   * The largest scale a plaintext or ciphertext may carry. Beyond it the fraction would need more
   * bits than any supported modulus has, so a larger scale can only come from a mistake.
   */
  public static final int MAX_SCALE = 4096;

  /**
   * Validates the residue range and the scale.
   *
   * @param publicKey the key whose modulus the value is reduced by
   * @param value the residue, in {@code [0, n)}
   * @param scale the number of fractional bits, in {@code [0, }{@link #MAX_SCALE}{@code ]}
   */
  public PaillierPlaintext {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(value, "value");
    if (value.signum() < 0 || value.compareTo(publicKey.modulus()) >= 0) {
      throw new IllegalArgumentException("plaintext residue must be in [0, n)");
    }
    checkScale(scale);
  }

  static void checkScale(int scale) {
    if (scale < 0 || scale > MAX_SCALE) {
      throw new IllegalArgumentException("scale must be in [0, " + MAX_SCALE + "], got " + scale);
    }
  }

  /** Shows the scale only: plaintexts are often secrets. */
  @Override
  public String toString() {
    return "PaillierPlaintext[scale=" + scale + "]";
  }
}
