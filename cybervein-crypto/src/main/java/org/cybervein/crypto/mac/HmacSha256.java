package org.cybervein.crypto.mac;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * HMAC-SHA256 (RFC 2104, FIPS 198-1) under one {@link HmacSha256Key}, over the JDK's {@code
 * HmacSHA256}. Immutable and safe to share between threads.
 *
 * <p>Tags are compared in constant time. {@link #verify} insists on the full 32-byte tag; {@link
 * #verifyTruncated} accepts a tag cut to between {@link #MIN_TRUNCATED_TAG_SIZE} and 32 bytes, for
 * protocols that send shortened tags (PBFT authenticators carry one tag per replica, so their size
 * grows with the group). There is no way to accept tags shorter than 16 bytes.
 *
 * <p>The key's two padded blocks are hashed once, when the MAC is made (RFC 2104, section 4:
 * "precomputations"); a tag then costs the hash of the message and of one 32-byte digest, two
 * SHA-256 compressions for a short message instead of the four the JDK's {@code Mac} spends (it
 * hashes the padded key block again for every message). PBFT's authenticators tag 32-byte digests
 * several times per message, so this is most of their cost.
 */
public final class HmacSha256 {
  /** The size of a full tag, in bytes. */
  public static final int TAG_SIZE = 32;

  /** The shortest tag {@link #verifyTruncated} accepts, in bytes (128 bits). */
  public static final int MIN_TRUNCATED_TAG_SIZE = 16;

  private static final String ALGORITHM = "HmacSHA256";

  private static final int BLOCK_SIZE = 64;

  private final SecretKeySpec key;
  // SHA-256 states after the padded key's inner and outer blocks: never updated, only cloned, so
  // sharing them between threads is safe. Null where SHA-256 cannot be cloned (then a Mac per
  // call).
  private final MessageDigest inner;
  private final MessageDigest outer;

  /**
   * Creates the MAC for {@code key}.
   *
   * @param key the secret key
   */
  public HmacSha256(HmacSha256Key key) {
    byte[] k = Objects.requireNonNull(key, "key").secret().toByteArray();
    this.key = new SecretKeySpec(k, ALGORITHM);
    MessageDigest in = sha256();
    MessageDigest out = sha256();
    if (k.length > BLOCK_SIZE) {
      k = in.digest(k);
    }
    byte[] ipad = new byte[BLOCK_SIZE];
    byte[] opad = new byte[BLOCK_SIZE];
    for (int i = 0; i < BLOCK_SIZE; i++) {
      byte b = i < k.length ? k[i] : 0;
      ipad[i] = (byte) (b ^ 0x36);
      opad[i] = (byte) (b ^ 0x5c);
    }
    in.update(ipad);
    out.update(opad);
    Arrays.fill(k, (byte) 0);
    Arrays.fill(ipad, (byte) 0);
    Arrays.fill(opad, (byte) 0);
    boolean cloneable = copy(in) != null;
    this.inner = cloneable ? in : null;
    this.outer = cloneable ? out : null;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static MessageDigest copy(MessageDigest state) {
    try {
      return (MessageDigest) state.clone();
    } catch (CloneNotSupportedException e) {
      return null;
    }
  }

  /**
   * The 32-byte tag of {@code message}.
   *
   * @param message the bytes to authenticate
   * @return the full 32-byte HMAC-SHA256 tag
   */
  public Bytes compute(Bytes message) {
    return Bytes.of(computeRaw(Objects.requireNonNull(message, "message")));
  }

  /**
   * Checks a full 32-byte tag.
   *
   * @param message the bytes the tag claims to authenticate
   * @param tag the received 32-byte tag
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code tag} is not 32 bytes,
   *     {@code AUTHENTICATION_FAILED} if it is not the tag of {@code message}
   */
  public void verify(Bytes message, Bytes tag) throws InvalidCryptoInputException {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(tag, "tag");
    if (tag.size() != TAG_SIZE) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.WRONG_LENGTH,
          "an HMAC-SHA256 tag is " + TAG_SIZE + " bytes, got " + tag.size());
    }
    check(computeRaw(message), tag);
  }

  /**
   * Checks a tag that may have been truncated to its first {@code tag.size()} bytes.
   *
   * @param message the bytes the tag claims to authenticate
   * @param tag the received tag, {@link #MIN_TRUNCATED_TAG_SIZE} to {@link #TAG_SIZE} bytes
   * @throws InvalidCryptoInputException with {@code WRONG_LENGTH} if {@code tag} is shorter than
   *     {@link #MIN_TRUNCATED_TAG_SIZE} or longer than {@link #TAG_SIZE} bytes, {@code
   *     AUTHENTICATION_FAILED} if it is not a prefix of the tag of {@code message}
   */
  public void verifyTruncated(Bytes message, Bytes tag) throws InvalidCryptoInputException {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(tag, "tag");
    if (tag.size() < MIN_TRUNCATED_TAG_SIZE || tag.size() > TAG_SIZE) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.WRONG_LENGTH,
          "a truncated HMAC-SHA256 tag is "
              + MIN_TRUNCATED_TAG_SIZE
              + " to "
              + TAG_SIZE
              + " bytes, got "
              + tag.size());
    }
    byte[] full = computeRaw(message);
    byte[] prefix = new byte[tag.size()];
    System.arraycopy(full, 0, prefix, 0, prefix.length);
    check(prefix, tag);
  }

  private static void check(byte[] expected, Bytes tag) throws InvalidCryptoInputException {
    if (!MessageDigest.isEqual(expected, tag.toByteArray())) {
      throw new InvalidCryptoInputException(
          InvalidCryptoInputException.Reason.AUTHENTICATION_FAILED, "HMAC tag does not verify");
    }
  }

  private byte[] computeRaw(Bytes message) {
    if (inner != null) {
      MessageDigest in = copy(inner);
      MessageDigest out = copy(outer);
      in.update(message.toByteArray());
      out.update(in.digest());
      return out.digest();
    }
    try {
      // A Mac per call: Mac objects are stateful and not thread-safe.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(message.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "HmacSha256[key redacted]";
  }
}
