package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.he.MultiExponentiation;
import org.cybervein.crypto.he.PaillierCiphertext;
import org.cybervein.crypto.he.PaillierEncryptor;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.crypto.he.PaillierPlaintext;
import org.cybervein.crypto.he.PaillierPrivateKey;
import org.cybervein.crypto.he.PaillierPublicKey;
import org.cybervein.crypto.he.PaillierWire;
import org.cybervein.crypto.he.ShortExponentRandomness;
import org.cybervein.fl.InvalidFederatedMessageException;

/**
 * The Paillier cryptosystem of {@code org.cybervein.crypto.he} as the vertical-training cipher: the
 * public key travels as the big-endian modulus n, ciphertexts as integers in {@code Z*_{n^2}}. The
 * protocol keeps its own fixed-point scales, so every value here is at scale 0 of the crypto
 * module's codec.
 */
public final class PaillierCipherSuite implements CipherSuite {
  /** The wire name, "paillier". */
  public static final String NAME = "paillier";

  private final int bits;
  private final boolean production;
  private final boolean shortExponents;

  private PaillierCipherSuite(int bits, boolean production, boolean shortExponents) {
    this.bits = bits;
    this.production = production;
    this.shortExponents = shortExponents;
  }

  /**
   * Keys of a production size (2048 or 3072 bits).
   *
   * @param size the modulus size
   * @return the suite
   */
  public static PaillierCipherSuite of(PaillierKeySize size) {
    return new PaillierCipherSuite(size.bits(), true, false);
  }

  /**
   * INSECURE: keys of {@code bits} bits (at least 256), so that tests run fast. Never use outside
   * tests.
   *
   * @param bits the modulus size in bits, at least 256
   * @return the insecure suite
   * @throws IllegalArgumentException if {@code bits} is below 256
   */
  public static PaillierCipherSuite insecureForTesting(int bits) {
    if (bits < PaillierPrivateKey.MIN_INSECURE_TEST_BITS) {
      throw new IllegalArgumentException("test keys need at least 256 bits, got " + bits);
    }
    return new PaillierCipherSuite(bits, false, false);
  }

  /**
   * This suite with C's encryptions of zero drawn as {@code h_s^a} for short random exponents a
   * ({@link ShortExponentRandomness}, Damgard-Jurik-Nielsen): several times faster than the default
   * uniform factors through the factorisation, at the price of the short-exponent assumption on top
   * of Paillier's. Off by default; only C's side changes, so A and B need not know, and the wire
   * name stays {@value #NAME}.
   *
   * @return the suite with short-exponent randomness at C
   */
  public PaillierCipherSuite withShortExponentRandomness() {
    return new PaillierCipherSuite(bits, production, true);
  }

  /**
   * True if C draws its encryptions of zero with short exponents (see {@link
   * #withShortExponentRandomness()}).
   *
   * @return true for the opt-in fast randomness
   */
  public boolean usesShortExponentRandomness() {
    return shortExponents;
  }

  /**
   * The modulus length of the keys this suite generates.
   *
   * @return the modulus size in bits
   */
  public int bits() {
    return bits;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GradientDecryptor generate(RandomSource random) {
    PaillierPrivateKey key =
        production
            ? PaillierPrivateKey.generate(
                bits == 3072 ? PaillierKeySize.BITS_3072 : PaillierKeySize.BITS_2048, random)
            : PaillierPrivateKey.generateInsecureForTesting(bits, random);
    Cipher cipher = new Cipher(key.publicKey());
    java.util.Optional<ShortExponentRandomness> fast =
        shortExponents
            ? java.util.Optional.of(ShortExponentRandomness.create(key.publicKey(), random))
            : java.util.Optional.empty();
    return new GradientDecryptor() {
      @Override
      public GradientCipher publicKey() {
        return cipher;
      }

      @Override
      public BigInteger encryptZero(RandomSource random) {
        if (fast.isPresent()) {
          // Enc(0) = (1 + 0 n) h_s^a: the factor itself
          return fast.get().nextFactor(random);
        }
        return PaillierEncryptor.withPrivateKey(key, random)
            .encrypt(new PaillierPlaintext(key.publicKey(), BigInteger.ZERO, 0))
            .value();
      }

      @Override
      public BigInteger decrypt(BigInteger ciphertext) {
        return key.decrypt(cipher.wrap(ciphertext)).value();
      }
    };
  }

  @Override
  public GradientCipher decodePublicKey(Bytes encoded) throws InvalidFederatedMessageException {
    PaillierWire wire = production ? PaillierWire.production() : PaillierWire.insecureForTesting();
    try {
      return new Cipher(wire.decodePublicKey(encoded));
    } catch (InvalidCryptoInputException e) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.INVALID_VALUE, e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "PaillierCipherSuite[" + bits + " bits" + (production ? "" : ", INSECURE test") + "]";
  }

  private static final class Cipher implements GradientCipher {
    private final PaillierPublicKey key;
    private final Bytes encoded;

    Cipher(PaillierPublicKey key) {
      this.key = Objects.requireNonNull(key, "key");
      this.encoded = PaillierWire.encode(key);
    }

    PaillierCiphertext wrap(BigInteger c) {
      byte[] fixed = new byte[key.ciphertextLength()];
      byte[] minimal = FlWire.unsigned(c).toByteArray();
      if (c.signum() < 0 || minimal.length > fixed.length) {
        throw new IllegalArgumentException("not a ciphertext under this key");
      }
      System.arraycopy(minimal, 0, fixed, fixed.length - minimal.length, minimal.length);
      try {
        return PaillierWire.fromProto(
            key,
            HeProto.PaillierCiphertext.newBuilder()
                .setValue(com.google.protobuf.ByteString.copyFrom(fixed))
                .build());
      } catch (InvalidCryptoInputException e) {
        throw new IllegalArgumentException("not a ciphertext under this key", e);
      }
    }

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
      return key.modulus();
    }

    @Override
    public int maxCiphertextBytes() {
      return key.ciphertextLength();
    }

    @Override
    public boolean isCiphertext(BigInteger c) {
      return key.isValidCiphertextValue(c);
    }

    /**
     * {@code 0 < c < n^2} for each, and one gcd for all: the product of the values modulo n is
     * prime to n exactly when every value is (n's prime factors divide a product only through a
     * factor), so a batch costs one gcd and a multiplication per value instead of a gcd per value.
     */
    @Override
    public boolean areCiphertexts(BigInteger[] cs) {
      BigInteger n = key.modulus();
      BigInteger nSquared = key.modulusSquared();
      BigInteger product = BigInteger.ONE;
      for (BigInteger c : cs) {
        if (c.signum() <= 0 || c.compareTo(nSquared) >= 0) {
          return false;
        }
        product = product.multiply(c.mod(n)).mod(n);
      }
      return product.gcd(n).equals(BigInteger.ONE);
    }

    @Override
    public BigInteger encrypt(BigInteger m, RandomSource random) {
      return PaillierEncryptor.create(key, random)
          .encrypt(new PaillierPlaintext(key, m, 0))
          .value();
    }

    // The operations below run thousands of times per batch on values the protocol already
    // checked on arrival (or produced itself), so they work on the integers directly instead of
    // re-validating each operand through PaillierWire; the arithmetic is Paillier's own:
    // product for addition, power for scalar multiplication, (1 + m n) for a known plaintext.
    @Override
    public BigInteger add(BigInteger a, BigInteger b) {
      return a.multiply(b).mod(key.modulusSquared());
    }

    @Override
    public BigInteger addPlaintext(BigInteger c, BigInteger m) {
      if (m.signum() < 0 || m.compareTo(key.modulus()) >= 0) {
        throw new IllegalArgumentException("plaintext residue must be in [0, n)");
      }
      BigInteger nSquared = key.modulusSquared();
      return c.multiply(m.multiply(key.modulus()).add(BigInteger.ONE)).mod(nSquared);
    }

    @Override
    public BigInteger multiply(BigInteger c, BigInteger k) {
      if (k.signum() < 0 || k.compareTo(key.modulus()) >= 0) {
        throw new IllegalArgumentException("scalar must be in [0, n)");
      }
      if (k.compareTo(key.modulus().shiftRight(1)) <= 0) {
        // c was checked when it arrived (or made here); no second gcd per row
        return c.modPow(k, key.modulusSquared());
      }
      // through PaillierCiphertext: a residue above n/2 is a negative scalar, worth an inversion
      // and a short exponent instead of a full-length power
      return ciphertext(c).multiply(k).value();
    }

    @Override
    public BigInteger negate(BigInteger c) {
      return c.modInverse(key.modulusSquared());
    }

    /**
     * One signed multi-exponentiation (negative scalars through the inverse, taken once): the same
     * ciphertext value as the default's per-term loop, in a fraction of the multiplications (see
     * {@link MultiExponentiation}).
     */
    @Override
    public BigInteger dot(BigInteger[] ciphertexts, BigInteger[] scalars) {
      checkTerms(ciphertexts, scalars);
      return MultiExponentiation.signedProduct(ciphertexts, scalars, key.modulusSquared());
    }

    /**
     * One signed multi-exponentiation per row over ciphertexts converted once, the rows on the
     * executor: the same ciphertext values as {@link #dot} row by row.
     */
    @Override
    public BigInteger[] dots(
        BigInteger[] ciphertexts, BigInteger[][] scalars, java.util.concurrent.Executor executor) {
      for (BigInteger[] row : scalars) {
        checkTerms(ciphertexts, row);
      }
      return MultiExponentiation.signedProducts(
          ciphertexts, scalars, key.modulusSquared(), executor);
    }

    private void checkTerms(BigInteger[] ciphertexts, BigInteger[] scalars) {
      if (ciphertexts.length != scalars.length || ciphertexts.length == 0) {
        throw new IllegalArgumentException(
            ciphertexts.length + " ciphertexts and " + scalars.length + " scalars");
      }
      BigInteger n = key.modulus();
      for (BigInteger k : scalars) {
        if (k.abs().compareTo(n) >= 0) {
          throw new IllegalArgumentException("scalar magnitude must be below n");
        }
      }
    }

    private PaillierCiphertext ciphertext(BigInteger c) {
      try {
        return PaillierCiphertext.of(key, c, 0);
      } catch (InvalidCryptoInputException e) {
        throw new IllegalArgumentException("not a ciphertext under this key", e);
      }
    }
  }
}
