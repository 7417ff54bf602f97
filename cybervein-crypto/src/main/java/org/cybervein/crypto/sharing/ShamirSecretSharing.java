package org.cybervein.crypto.sharing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.field.Gf256;

/**
 * Shamir's t-of-n secret sharing, byte by byte over GF(2^8): each secret byte is the constant term
 * of its own random polynomial of degree t - 1, and share i holds every polynomial's value at x =
 * i.
 *
 * <p>Any {@code threshold} shares give the secret back; fewer give no information about it
 * (information-theoretically, for each byte). At most 255 shares exist, one per non-zero field
 * element.
 */
public final class ShamirSecretSharing {
  /** The most shares a secret can have: the non-zero elements of GF(2^8). */
  public static final int MAX_SHARES = 255;

  /** The field of every share byte; fixed, since shares made in another field would not mix. */
  private static final Gf256 FIELD = Gf256.AES;

  private ShamirSecretSharing() {}

  /**
   * Splits a secret into {@code shares} shares with indexes 1..shares, any {@code threshold} of
   * which recover it.
   *
   * @param secret the bytes to share, not empty; each byte is shared on its own polynomial over
   *     GF(2^8)
   * @param threshold the number of shares needed to recover, from 1 to {@code shares}
   * @param shares the number of shares to make, from {@code threshold} to 255
   * @param random the source of the polynomial coefficients; must be cryptographically strong
   *     outside tests
   * @return the shares with indexes 1 to {@code shares}, in order
   * @throws IllegalArgumentException unless {@code 1 <= threshold <= shares <= 255} and the secret
   *     is non-empty
   */
  public static List<SecretShare> split(
      Bytes secret, int threshold, int shares, RandomSource random) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(random, "random");
    if (threshold < 1 || threshold > shares || shares > MAX_SHARES) {
      throw new IllegalArgumentException(
          "need 1 <= threshold <= shares <= 255, got threshold "
              + threshold
              + " and shares "
              + shares);
    }
    if (secret.size() == 0) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    byte[] s = secret.toByteArray();
    // coefficients[j][k]: coefficient of x^(k+1) in the polynomial of byte j
    byte[] coefficients = new byte[s.length * (threshold - 1)];
    random.nextBytes(coefficients);
    List<SecretShare> out = new ArrayList<>(shares);
    for (int x = 1; x <= shares; x++) {
      byte[] y = new byte[s.length];
      for (int j = 0; j < s.length; j++) {
        // Horner's rule from the highest coefficient down to the secret byte
        int acc = 0;
        for (int k = threshold - 2; k >= 0; k--) {
          acc = FIELD.mul(acc, x) ^ (coefficients[j * (threshold - 1) + k] & 0xff);
        }
        y[j] = (byte) (FIELD.mul(acc, x) ^ (s[j] & 0xff));
      }
      out.add(new SecretShare(x, Bytes.of(y)));
    }
    Arrays.fill(coefficients, (byte) 0);
    Arrays.fill(s, (byte) 0);
    return List.copyOf(out);
  }

  /**
   * Recovers a secret from at least {@code threshold} shares by Lagrange interpolation at zero; it
   * uses the first {@code threshold} shares given.
   *
   * @param shares at least {@code threshold} shares of one secret, with distinct indexes
   * @param threshold the threshold the secret was split with, from 1 to 255
   * @return the recovered secret
   * @throws InvalidCryptoInputException if there are fewer than {@code threshold} shares, two
   *     shares share an index, or the shares differ in length
   * @throws IllegalArgumentException if {@code threshold} is not in 1 to 255
   */
  public static Bytes combine(List<SecretShare> shares, int threshold)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(shares, "shares");
    if (threshold < 1 || threshold > MAX_SHARES) {
      throw new IllegalArgumentException("threshold must be in 1..255, got " + threshold);
    }
    if (shares.size() < threshold) {
      throw new InvalidCryptoInputException(
          Reason.TRUNCATED, "need " + threshold + " shares, got " + shares.size());
    }
    List<SecretShare> used = shares.subList(0, threshold);
    int length = used.get(0).value().size();
    Set<Integer> seen = new HashSet<>();
    for (SecretShare share : used) {
      if (!seen.add(share.index())) {
        throw new InvalidCryptoInputException(
            Reason.MALFORMED, "two shares have index " + share.index());
      }
      if (share.value().size() != length) {
        throw new InvalidCryptoInputException(
            Reason.WRONG_LENGTH, "shares of one secret must have equal lengths");
      }
    }
    // Lagrange basis at 0: l_i = prod_{m != i} x_m / (x_m - x_i); minus is xor in GF(2^8)
    int[] basis = new int[threshold];
    for (int i = 0; i < threshold; i++) {
      int xi = used.get(i).index();
      int num = 1;
      int den = 1;
      for (int m = 0; m < threshold; m++) {
        if (m != i) {
          int xm = used.get(m).index();
          num = FIELD.mul(num, xm);
          den = FIELD.mul(den, xm ^ xi);
        }
      }
      basis[i] = FIELD.div(num, den);
    }
    byte[] secret = new byte[length];
    for (int i = 0; i < threshold; i++) {
      byte[] y = used.get(i).value().toByteArray();
      for (int j = 0; j < length; j++) {
        secret[j] ^= (byte) FIELD.mul(basis[i], y[j] & 0xff);
      }
    }
    return Bytes.of(secret);
  }
}
