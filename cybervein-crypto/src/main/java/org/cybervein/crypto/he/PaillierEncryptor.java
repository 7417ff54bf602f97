package org.cybervein.crypto.he;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.api.random.RandomSource;

/**
 * Encrypts plaintexts under one public key: {@code Enc(m) = (1 + m n) r^n mod n^2}. The costly part
 * is the random factor {@code r^n mod n^2}, and the three ways to build an encryptor differ only in
 * where it comes from:
 *
 * <ul>
 *   <li>{@link #create}: computed on the calling thread, {@code r.modPow(n, n^2)}.
 *   <li>{@link #withPool}: taken from a {@link RandomnessPool} that precomputes factors on an
 *       injected executor (falling back to computing on the calling thread when empty).
 *   <li>{@link #withPrivateKey}: computed on the calling thread through the factorisation (two
 *       half-size exponentiations modulo {@code p^2}, {@code q^2}; see {@link PaillierPrivateKey}),
 *       for the party that owns the key. Same output distribution.
 *   <li>{@link #withShortExponents}: opt-in, {@code h_s^a} for a short random a through a
 *       fixed-base table ({@link ShortExponentRandomness}), several times faster still; it adds the
 *       short-exponent assumption to Paillier's, so it is never the default.
 * </ul>
 *
 * <p>The "obfuscate later" pattern: {@link #encryptUnobfuscated} returns {@code 1 + m n} at the
 * cost of one multiplication; homomorphic operations on it are exact, and {@link #obfuscate} adds
 * the random factor before the result leaves the process.
 *
 * <p>Thread-safe if its random source is (both sources of this module are).
 */
public final class PaillierEncryptor {
  private final PaillierPublicKey publicKey;
  private final NthResidueSource residues;

  private PaillierEncryptor(PaillierPublicKey publicKey, NthResidueSource residues) {
    this.publicKey = publicKey;
    this.residues = residues;
  }

  /**
   * An encryptor that computes each random factor {@code r^n mod n^2} when asked.
   *
   * @param publicKey the key to encrypt under
   * @param random the source of the random factors r; must be cryptographically strong outside
   *     tests
   * @return the encryptor
   */
  public static PaillierEncryptor create(PaillierPublicKey publicKey, RandomSource random) {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(random, "random");
    BigInteger n = publicKey.modulus();
    BigInteger nSquared = publicKey.modulusSquared();
    return new PaillierEncryptor(
        publicKey, () -> Sampling.unitModulo(n, random).modPow(n, nSquared));
  }

  /**
   * An encryptor that takes its random factors from a pool (see {@link RandomnessPool}).
   *
   * @param pool the pool of precomputed factors {@code r^n mod n^2}
   * @return an encryptor under the pool's key
   */
  public static PaillierEncryptor withPool(RandomnessPool pool) {
    Objects.requireNonNull(pool, "pool");
    return new PaillierEncryptor(pool.publicKey(), pool::take);
  }

  /**
   * An encryptor whose random factors are {@code h_s^a} for short random exponents a (see {@link
   * ShortExponentRandomness} for the assumption this adds; off by default everywhere).
   *
   * @param randomness the fixed base and its table
   * @param random the source of the exponents; must be cryptographically strong outside tests
   * @return an encryptor under the randomness's key
   */
  public static PaillierEncryptor withShortExponents(
      ShortExponentRandomness randomness, RandomSource random) {
    Objects.requireNonNull(randomness, "randomness");
    Objects.requireNonNull(random, "random");
    return new PaillierEncryptor(randomness.publicKey(), () -> randomness.nextFactor(random));
  }

  /**
   * An encryptor for the owner of the private key, computing the random factors through the
   * factorisation (several times faster; same distribution as {@link #create}).
   *
   * @param privateKey the private key, whose factorisation speeds up {@code r^n}
   * @param random the source of the random factors r; must be cryptographically strong outside
   *     tests
   * @return an encryptor under the matching public key
   */
  public static PaillierEncryptor withPrivateKey(
      PaillierPrivateKey privateKey, RandomSource random) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(random, "random");
    return new PaillierEncryptor(privateKey.publicKey(), () -> privateKey.randomNthResidue(random));
  }

  /**
   * The key this encryptor encrypts under.
   *
   * @return the public key
   */
  public PaillierPublicKey publicKey() {
    return publicKey;
  }

  /**
   * An obfuscated encryption of the plaintext, keeping its scale.
   *
   * @param plaintext a plaintext under this encryptor's key
   * @return an obfuscated ciphertext at the plaintext's scale
   * @throws IllegalArgumentException if the plaintext is encoded under another key
   */
  public PaillierCiphertext encrypt(PaillierPlaintext plaintext) {
    requireSameKey(plaintext);
    return new PaillierCiphertext(
        publicKey, publicKey.encryptWith(plaintext.value(), residues.next()), plaintext.scale());
  }

  /**
   * The deterministic encryption {@code 1 + m n} without random factor: cheap, exact under the
   * homomorphic operations, but readable by anyone until {@link #obfuscate}d.
   *
   * @param plaintext a plaintext under this encryptor's key
   * @return the unobfuscated ciphertext {@code 1 + m n mod n^2}
   * @throws IllegalArgumentException if the plaintext is encoded under another key
   */
  public PaillierCiphertext encryptUnobfuscated(PaillierPlaintext plaintext) {
    requireSameKey(plaintext);
    return new PaillierCiphertext(
        publicKey, publicKey.encryptWithoutObfuscation(plaintext.value()), plaintext.scale());
  }

  /**
   * The same plaintext re-randomised with a fresh factor {@code r^n}; always obfuscated.
   *
   * @param ciphertext a ciphertext under this encryptor's key
   * @return an obfuscated ciphertext of the same plaintext and scale
   * @throws IllegalArgumentException if the ciphertext is under another key
   */
  public PaillierCiphertext obfuscate(PaillierCiphertext ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (!ciphertext.publicKey().equals(publicKey)) {
      throw new IllegalArgumentException("ciphertext is under another public key");
    }
    BigInteger value = ciphertext.value().multiply(residues.next()).mod(publicKey.modulusSquared());
    return new PaillierCiphertext(publicKey, value, ciphertext.scale());
  }

  private void requireSameKey(PaillierPlaintext plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    if (!plaintext.publicKey().equals(publicKey)) {
      throw new IllegalArgumentException("plaintext is encoded under another public key");
    }
  }

  @Override
  public String toString() {
    return "PaillierEncryptor[" + publicKey + "]";
  }
}
