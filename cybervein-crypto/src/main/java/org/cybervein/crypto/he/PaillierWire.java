package org.cybervein.crypto.he;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.CanonicalMessage;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/**
 * Protocol Buffers encodings of Paillier keys and ciphertexts ({@code cybervein/v1/he.proto}), and
 * their validating decoders.
 *
 * <p>Decoders accept only the canonical encoding (what the encoder writes: no unknown or repeated
 * fields, minimal integers, fixed-length ciphertexts) and only values in range: a ciphertext must
 * lie in {@code Z*_{n^2}} (so 0, {@code n^2} and multiples of p or q are rejected), a public
 * modulus must have an accepted size, be odd and have no small factor, a private key's primes must
 * be probable primes. Anything else throws {@link InvalidCryptoInputException}.
 *
 * <p>Two instances: {@link #production()} accepts moduli of exactly 2048 or 3072 bits; {@link
 * #insecureForTesting()} any from {@value PaillierPrivateKey#MIN_INSECURE_TEST_BITS} bits, for
 * tests with small keys. Encoding is the same for both.
 */
public final class PaillierWire {
  private static final int MAX_MODULUS_BITS = 3072;
  private static final BigInteger SMALL_PRIMES_PRODUCT = smallPrimesProduct();
  private static final PaillierWire PRODUCTION = new PaillierWire(false);
  private static final PaillierWire INSECURE_FOR_TESTING = new PaillierWire(true);

  private final boolean allowTestSizes;

  private PaillierWire(boolean allowTestSizes) {
    this.allowTestSizes = allowTestSizes;
  }

  /**
   * Decoders that accept keys of 2048 and 3072 bits only.
   *
   * @return the decoders for production
   */
  public static PaillierWire production() {
    return PRODUCTION;
  }

  /**
   * INSECURE: decoders that also accept the small keys of tests.
   *
   * @return the decoders for tests
   */
  public static PaillierWire insecureForTesting() {
    return INSECURE_FOR_TESTING;
  }

  // ---- encoding ----

  /**
   * The message of a public key.
   *
   * @param key the public key
   * @return its message, the modulus as a minimal big-endian integer
   */
  public static HeProto.PaillierPublicKey toProto(PaillierPublicKey key) {
    return HeProto.PaillierPublicKey.newBuilder()
        .setModulus(ByteString.copyFrom(minimal(key.modulus())))
        .build();
  }

  /**
   * The encoded public key.
   *
   * @param key the public key
   * @return its canonical encoding
   */
  public static Bytes encode(PaillierPublicKey key) {
    return Bytes.of(toProto(key).toByteArray());
  }

  /**
   * The encoded private key (the primes: keep it secret).
   *
   * @param key the private key
   * @return its encoding, holding the two primes
   */
  public static Bytes encode(PaillierPrivateKey key) {
    return Bytes.of(
        HeProto.PaillierPrivateKey.newBuilder()
            .setP(ByteString.copyFrom(minimal(key.p())))
            .setQ(ByteString.copyFrom(minimal(key.q())))
            .build()
            .toByteArray());
  }

  /**
   * The message of a ciphertext.
   *
   * @param ciphertext an obfuscated ciphertext
   * @return its message, the value and the scale
   * @throws IllegalStateException if the ciphertext is not obfuscated: its plaintext would be
   *     readable by anyone
   */
  public static HeProto.PaillierCiphertext toProto(PaillierCiphertext ciphertext) {
    return HeProto.PaillierCiphertext.newBuilder()
        .setValue(ByteString.copyFrom(ciphertextBytes(ciphertext)))
        .setScale(ciphertext.scale())
        .build();
  }

  /**
   * The encoded ciphertext; see {@link #toProto(PaillierCiphertext)}.
   *
   * @param ciphertext an obfuscated ciphertext
   * @return its canonical encoding
   */
  public static Bytes encode(PaillierCiphertext ciphertext) {
    return Bytes.of(toProto(ciphertext).toByteArray());
  }

  /**
   * The message of a non-empty vector of ciphertexts under one key and of one scale.
   *
   * @param ciphertexts one or more obfuscated ciphertexts under one key and of one scale
   * @return the vector message
   * @throws IllegalArgumentException if keys or scales differ or the list is empty
   * @throws IllegalStateException if one is not obfuscated
   */
  public static HeProto.PaillierCiphertextVector toProto(List<PaillierCiphertext> ciphertexts) {
    if (ciphertexts.isEmpty()) {
      throw new IllegalArgumentException("an encoded vector has at least one ciphertext");
    }
    PaillierCiphertext first = ciphertexts.get(0);
    HeProto.PaillierCiphertextVector.Builder builder =
        HeProto.PaillierCiphertextVector.newBuilder().setScale(first.scale());
    for (PaillierCiphertext c : ciphertexts) {
      if (!c.publicKey().equals(first.publicKey()) || c.scale() != first.scale()) {
        throw new IllegalArgumentException("a vector's ciphertexts share one key and one scale");
      }
      builder.addValues(ByteString.copyFrom(ciphertextBytes(c)));
    }
    return builder.build();
  }

  /**
   * The encoded vector; see {@link #toProto(List)}.
   *
   * @param ciphertexts one or more obfuscated ciphertexts under one key and of one scale
   * @return the vector's canonical encoding
   */
  public static Bytes encode(List<PaillierCiphertext> ciphertexts) {
    return Bytes.of(toProto(ciphertexts).toByteArray());
  }

  private static byte[] ciphertextBytes(PaillierCiphertext c) {
    Objects.requireNonNull(c, "ciphertext");
    if (!c.isObfuscated()) {
      throw new IllegalStateException("refusing to encode an unobfuscated ciphertext");
    }
    return fixedLength(c.value(), c.publicKey().ciphertextLength());
  }

  // ---- decoding ----

  /**
   * Decodes and validates a public key.
   *
   * @param encoded the received bytes
   * @return the validated public key
   * @throws InvalidCryptoInputException if the bytes are not a canonical key message or the modulus
   *     size is not accepted by these decoders
   */
  public PaillierPublicKey decodePublicKey(Bytes encoded) throws InvalidCryptoInputException {
    HeProto.PaillierPublicKey message =
        parse(
            encoded, MAX_MODULUS_BITS / 8 + 16, 1, HeProto.PaillierPublicKey.getDefaultInstance());
    return fromProto(message);
  }

  /**
   * Validates a public key message.
   *
   * @param message the received message
   * @return the validated public key
   * @throws InvalidCryptoInputException if the modulus is not minimal or its size is not accepted
   *     by these decoders
   */
  public PaillierPublicKey fromProto(HeProto.PaillierPublicKey message)
      throws InvalidCryptoInputException {
    BigInteger n = minimalInteger(message.getModulus(), "modulus");
    checkModulusSize(n.bitLength());
    if (!n.testBit(0) || !n.gcd(SMALL_PRIMES_PRODUCT).equals(BigInteger.ONE)) {
      throw new InvalidCryptoInputException(
          Reason.INVALID_KEY, "Paillier modulus is even or has a small factor");
    }
    return new PaillierPublicKey(n);
  }

  /**
   * Decodes and validates a private key (primality is checked: this takes milliseconds).
   *
   * @param encoded the stored bytes
   * @return the validated private key
   * @throws InvalidCryptoInputException if the bytes are not a canonical key message, the primes
   *     are not prime, or the modulus size is not accepted
   */
  public PaillierPrivateKey decodePrivateKey(Bytes encoded) throws InvalidCryptoInputException {
    HeProto.PaillierPrivateKey message =
        parse(
            encoded, MAX_MODULUS_BITS / 8 + 32, 2, HeProto.PaillierPrivateKey.getDefaultInstance());
    BigInteger p = minimalInteger(message.getP(), "p");
    BigInteger q = minimalInteger(message.getQ(), "q");
    if (p.compareTo(q) >= 0 || p.bitLength() != q.bitLength()) {
      throw new InvalidCryptoInputException(
          Reason.INVALID_KEY, "Paillier primes must satisfy p < q with equal bit lengths");
    }
    checkModulusSize(p.multiply(q).bitLength());
    if (!p.isProbablePrime(100) || !q.isProbablePrime(100)) {
      throw new InvalidCryptoInputException(Reason.INVALID_KEY, "Paillier factor is not prime");
    }
    return PaillierPrivateKey.fromPrimes(p, q);
  }

  /**
   * Decodes and validates one ciphertext under {@code key}.
   *
   * @param key the key the ciphertext must be under
   * @param encoded the received bytes
   * @return the validated ciphertext
   * @throws InvalidCryptoInputException if the bytes are not canonical, the value is not in {@code
   *     Z*_{n^2}} or the scale is out of range
   */
  public static PaillierCiphertext decodeCiphertext(PaillierPublicKey key, Bytes encoded)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(key, "key");
    HeProto.PaillierCiphertext message =
        parse(
            encoded,
            key.ciphertextLength() + 16,
            2,
            HeProto.PaillierCiphertext.getDefaultInstance());
    return fromProto(key, message);
  }

  /**
   * Validates a ciphertext message under {@code key}.
   *
   * @param key the key the ciphertext must be under
   * @param message the received message
   * @return the validated ciphertext
   * @throws InvalidCryptoInputException if the value is not in {@code Z*_{n^2}} or the scale is out
   *     of range
   */
  public static PaillierCiphertext fromProto(
      PaillierPublicKey key, HeProto.PaillierCiphertext message)
      throws InvalidCryptoInputException {
    int scale = checkScale(message.getScale());
    return new PaillierCiphertext(key, ciphertextValue(key, message.getValue()), scale);
  }

  /**
   * Decodes and validates a vector of at most {@code maxCount} ciphertexts under {@code key}.
   *
   * @param key the key the ciphertexts must be under
   * @param encoded the received bytes
   * @param maxCount the most ciphertexts accepted, at least 1
   * @return the validated ciphertexts, in order
   * @throws InvalidCryptoInputException if the bytes are not canonical, the vector is empty or
   *     longer than {@code maxCount}, or a value or the scale is invalid
   */
  public static List<PaillierCiphertext> decodeVector(
      PaillierPublicKey key, Bytes encoded, int maxCount) throws InvalidCryptoInputException {
    Objects.requireNonNull(key, "key");
    if (maxCount < 1) {
      throw new IllegalArgumentException("maxCount must be positive");
    }
    long limit = (long) maxCount * (key.ciphertextLength() + 4) + 16;
    HeProto.PaillierCiphertextVector message =
        parse(encoded, limit, maxCount + 1L, HeProto.PaillierCiphertextVector.getDefaultInstance());
    return fromProto(key, message, maxCount);
  }

  /**
   * Validates a vector message of at most {@code maxCount} ciphertexts under {@code key}.
   *
   * @param key the key the ciphertexts must be under
   * @param message the received message
   * @param maxCount the most ciphertexts accepted, at least 1
   * @return the validated ciphertexts, in order
   * @throws InvalidCryptoInputException if the vector is empty or longer than {@code maxCount}, or
   *     a value or the scale is invalid
   */
  public static List<PaillierCiphertext> fromProto(
      PaillierPublicKey key, HeProto.PaillierCiphertextVector message, int maxCount)
      throws InvalidCryptoInputException {
    int count = message.getValuesCount();
    if (count == 0) {
      throw new InvalidCryptoInputException(Reason.TRUNCATED, "empty ciphertext vector");
    }
    if (count > maxCount) {
      throw new InvalidCryptoInputException(
          Reason.OVERSIZED, "ciphertext vector has " + count + " entries, at most " + maxCount);
    }
    int scale = checkScale(message.getScale());
    List<PaillierCiphertext> out = new ArrayList<>(count);
    for (ByteString value : message.getValuesList()) {
      out.add(new PaillierCiphertext(key, ciphertextValue(key, value), scale));
    }
    return List.copyOf(out);
  }

  private static BigInteger ciphertextValue(PaillierPublicKey key, ByteString bytes)
      throws InvalidCryptoInputException {
    if (bytes.size() != key.ciphertextLength()) {
      throw new InvalidCryptoInputException(
          Reason.WRONG_LENGTH,
          "ciphertext has " + bytes.size() + " bytes, expected " + key.ciphertextLength());
    }
    BigInteger c = new BigInteger(1, bytes.toByteArray());
    if (!key.isValidCiphertextValue(c)) {
      throw new InvalidCryptoInputException(Reason.OUT_OF_RANGE, "ciphertext is not in Z*_{n^2}");
    }
    return c;
  }

  private static int checkScale(int scale) throws InvalidCryptoInputException {
    // uint32 arrives as a signed int: negative means above 2^31.
    if (scale < 0 || scale > PaillierPlaintext.MAX_SCALE) {
      throw new InvalidCryptoInputException(
          Reason.OUT_OF_RANGE, "scale must be in [0, " + PaillierPlaintext.MAX_SCALE + "]");
    }
    return scale;
  }

  private void checkModulusSize(int bits) throws InvalidCryptoInputException {
    boolean accepted =
        allowTestSizes
            ? bits >= PaillierPrivateKey.MIN_INSECURE_TEST_BITS && bits <= MAX_MODULUS_BITS
            : bits == PaillierKeySize.BITS_2048.bits() || bits == PaillierKeySize.BITS_3072.bits();
    if (!accepted) {
      throw new InvalidCryptoInputException(
          Reason.INVALID_KEY, "Paillier modulus of " + bits + " bits is not accepted");
    }
  }

  private static BigInteger minimalInteger(ByteString bytes, String what)
      throws InvalidCryptoInputException {
    if (bytes.isEmpty()) {
      throw new InvalidCryptoInputException(Reason.TRUNCATED, what + " is missing");
    }
    if (bytes.byteAt(0) == 0) {
      throw new InvalidCryptoInputException(Reason.MALFORMED, what + " has a leading zero byte");
    }
    return new BigInteger(1, bytes.toByteArray());
  }

  /** Parses with the SDK's canonical parser: one field per value, plus the scale. */
  static <T extends Message> T parse(Bytes encoded, long maxSize, long maxFields, T prototype)
      throws InvalidCryptoInputException {
    return CanonicalMessage.parse(encoded, maxSize, maxFields, prototype);
  }

  static byte[] minimal(BigInteger v) {
    byte[] bytes = v.toByteArray();
    return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  static byte[] fixedLength(BigInteger v, int length) {
    byte[] out = new byte[length];
    byte[] minimal = minimal(v);
    System.arraycopy(minimal, 0, out, length - minimal.length, minimal.length);
    return out;
  }

  private static BigInteger smallPrimesProduct() {
    BigInteger product = BigInteger.ONE;
    for (int i = 3; i < 1000; i += 2) {
      if (BigInteger.valueOf(i).isProbablePrime(30)) {
        product = product.multiply(BigInteger.valueOf(i));
      }
    }
    return product;
  }
}
