package org.cybervein.fl.vertical;

import java.math.BigInteger;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.fl.InvalidFederatedMessageException;

/**
 * A stand-in cipher that does not encrypt: a "ciphertext" is the plaintext residue itself, modulo
 * the Mersenne prime {@code 2^1279 - 1}. Training with it runs every step of the protocol (fixed
 * point encoding, masks, messages) except the modular exponentiations, so it is fast, and the
 * weights it gives equal the encrypted run's: both compute exactly in the residues. It hides
 * nothing, so it is for tests, benchmarks' baselines and demos only.
 */
public final class MockCipherSuite implements CipherSuite {
  /** The wire name, "mock". */
  public static final String NAME = "mock";

  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(1279).subtract(BigInteger.ONE);
  private static final Cipher CIPHER = new Cipher();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GradientDecryptor generate(RandomSource random) {
    return new GradientDecryptor() {
      @Override
      public GradientCipher publicKey() {
        return CIPHER;
      }

      @Override
      public BigInteger encryptZero(RandomSource random) {
        return BigInteger.ZERO;
      }

      @Override
      public BigInteger decrypt(BigInteger ciphertext) {
        if (!CIPHER.isCiphertext(ciphertext)) {
          throw new IllegalArgumentException("not a mock ciphertext");
        }
        return ciphertext;
      }
    };
  }

  @Override
  public GradientCipher decodePublicKey(Bytes encoded) throws InvalidFederatedMessageException {
    if (!encoded.equals(CIPHER.encoded())) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.INVALID_VALUE, "not the mock cipher's key");
    }
    return CIPHER;
  }

  @Override
  public String toString() {
    return "MockCipherSuite";
  }

  private static final class Cipher implements GradientCipher {
    private final Bytes encoded = Bytes.of(MODULUS.toByteArray());

    @Override
    public String suite() {
      return NAME;
    }

    @Override
    public Bytes encoded() {
      return encoded;
    }

    @Override
    public BigInteger plaintextModulus() {
      return MODULUS;
    }

    @Override
    public int maxCiphertextBytes() {
      return (MODULUS.bitLength() + 7) / 8;
    }

    @Override
    public boolean isCiphertext(BigInteger c) {
      return c.signum() >= 0 && c.compareTo(MODULUS) < 0;
    }

    @Override
    public BigInteger encrypt(BigInteger m, RandomSource random) {
      return m.mod(MODULUS);
    }

    @Override
    public BigInteger add(BigInteger a, BigInteger b) {
      return a.add(b).mod(MODULUS);
    }

    @Override
    public BigInteger addPlaintext(BigInteger c, BigInteger m) {
      return c.add(m).mod(MODULUS);
    }

    @Override
    public BigInteger multiply(BigInteger c, BigInteger k) {
      return c.multiply(k).mod(MODULUS);
    }

    @Override
    public BigInteger negate(BigInteger c) {
      return MODULUS.subtract(c).mod(MODULUS);
    }
  }
}
