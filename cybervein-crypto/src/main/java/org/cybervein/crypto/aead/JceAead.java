package org.cybervein.crypto.aead;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * What both {@link Aead} implementations share: the JDK cipher behind them. A subclass names its
 * transformation, key algorithm and nonce parameters, and checks that the key is of its kind.
 *
 * <p>A fresh {@link Cipher} per call: the JDK refuses to encrypt twice with one instance under the
 * same key and nonce (its guard against nonce reuse), and {@code Cipher} is not thread-safe, so
 * sharing one would need locking. {@link SecretKeySpec} is immutable and is shared.
 */
abstract sealed class JceAead implements Aead permits AesGcm, ChaCha20Poly1305 {
  private final AeadAlgorithm algorithm;
  private final String transformation;
  private final SecretKeySpec key;
  private final Function<byte[], AlgorithmParameterSpec> parameters;

  JceAead(
      AeadKey key,
      String transformation,
      String keyAlgorithm,
      Function<byte[], AlgorithmParameterSpec> parameters) {
    this.algorithm = key.algorithm();
    this.transformation = transformation;
    this.key = new SecretKeySpec(key.secret().toByteArray(), keyAlgorithm);
    this.parameters = parameters;
  }

  @Override
  public final AeadAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public final Bytes seal(AeadNonce nonce, Bytes plaintext, Bytes associatedData) {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(associatedData, "associatedData");
    try {
      Cipher cipher = init(Cipher.ENCRYPT_MODE, nonce, associatedData);
      return Bytes.of(cipher.doFinal(plaintext.toByteArray()));
    } catch (GeneralSecurityException e) {
      // Key size and nonce size were checked by the types; failure here means a broken platform.
      throw new IllegalStateException(transformation + " encryption failed", e);
    }
  }

  @Override
  public final Bytes open(AeadNonce nonce, Bytes ciphertextAndTag, Bytes associatedData)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag");
    Objects.requireNonNull(associatedData, "associatedData");
    if (ciphertextAndTag.size() < Aead.TAG_SIZE) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.TRUNCATED,
          "ciphertext needs at least a "
              + Aead.TAG_SIZE
              + "-byte tag, got "
              + ciphertextAndTag.size()
              + " bytes");
    }
    Cipher cipher;
    try {
      cipher = init(Cipher.DECRYPT_MODE, nonce, associatedData);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(transformation + " initialisation failed", e);
    }
    try {
      return Bytes.of(cipher.doFinal(ciphertextAndTag.toByteArray()));
    } catch (AEADBadTagException e) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.AUTHENTICATION_FAILED,
          "authentication tag does not verify");
    } catch (GeneralSecurityException e) {
      // Any other refusal of the ciphertext is also a failed authentication to the caller; the
      // cause stays attached for diagnosis (it carries no plaintext).
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.AUTHENTICATION_FAILED,
          "ciphertext rejected by " + transformation,
          e);
    }
  }

  private Cipher init(int mode, AeadNonce nonce, Bytes associatedData)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(transformation);
    cipher.init(mode, key, parameters.apply(nonce.bytes().toByteArray()));
    if (!associatedData.isEmpty()) {
      cipher.updateAAD(associatedData.toByteArray());
    }
    return cipher;
  }

  /** Names the class and algorithm; the key stays secret. */
  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[" + algorithm + "]";
  }
}
