package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.he.PaillierCiphertext;
import org.cybervein.crypto.he.PaillierDecoding;
import org.cybervein.crypto.he.PaillierEncryptor;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.crypto.he.PaillierPlaintext;
import org.cybervein.crypto.he.PaillierPrivateKey;
import org.cybervein.crypto.he.PaillierPublicKey;

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

  private PaillierCipherSuite(int bits, boolean production) {
    this.bits = bits;
    this.production = production;
  }

  /** Keys of a production size (2048 or 3072 bits). */
  public static PaillierCipherSuite of(PaillierKeySize size) {
    return new PaillierCipherSuite(size.bits(), true);
  }

  /**
   * INSECURE: keys of {@code bits} bits (at least 256), so that tests run fast. Never use outside
   * tests.
   */
  public static PaillierCipherSuite insecureForTesting(int bits) {
    if (bits < PaillierPrivateKey.MIN_INSECURE_TEST_BITS) {
      throw new IllegalArgumentException("test keys need at least 256 bits, got " + bits);
    }
    return new PaillierCipherSuite(bits, false);
  }

  /** The modulus length of the keys this suite generates. */
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
    return new GradientDecryptor() {
      @Override
      public GradientCipher publicKey() {
        return cipher;
      }

      @Override
      public BigInteger decrypt(BigInteger ciphertext) {
        return key.decrypt(cipher.wrap(ciphertext)).value();
      }
    };
  }

  @Override
  public GradientCipher decodePublicKey(Bytes encoded) throws InvalidFlMessageException {
    if (encoded.size() == 0 || encoded.size() > PaillierDecoding.MAX_MODULUS_BITS / 8 + 1) {
      throw new InvalidFlMessageException(
          InvalidFlMessageException.Reason.INVALID_VALUE, "key of " + encoded.size() + " bytes");
    }
    try {
      return new Cipher(PaillierDecoding.publicKey(new BigInteger(1, encoded.toByteArray())));
    } catch (InvalidCryptoInputException e) {
      throw new InvalidFlMessageException(
          InvalidFlMessageException.Reason.INVALID_VALUE, e.getMessage(), e);
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
      this.encoded = Bytes.of(FlWire.unsigned(key.modulus()).toByteArray());
    }

    PaillierCiphertext wrap(BigInteger c) {
      try {
        return PaillierDecoding.ciphertext(key, c, 0);
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

    @Override
    public BigInteger encrypt(BigInteger m, RandomSource random) {
      return PaillierEncryptor.create(key, random)
          .encrypt(new PaillierPlaintext(key, m, 0))
          .value();
    }

    @Override
    public BigInteger add(BigInteger a, BigInteger b) {
      return wrap(a).add(wrap(b)).value();
    }

    @Override
    public BigInteger addPlaintext(BigInteger c, BigInteger m) {
      return wrap(c).add(new PaillierPlaintext(key, m, 0)).value();
    }

    @Override
    public BigInteger multiply(BigInteger c, BigInteger k) {
      return wrap(c).multiply(k).value();
    }

    @Override
    public BigInteger negate(BigInteger c) {
      return wrap(c).negate().value();
    }
  }
}
