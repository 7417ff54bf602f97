package org.cybervein.consensus.pbft.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.agreement.SharedSecret;
import org.cybervein.crypto.agreement.X25519PrivateKey;
import org.cybervein.crypto.agreement.X25519PublicKey;
import org.cybervein.crypto.kdf.Hkdf;
import org.cybervein.crypto.mac.HmacSha256;
import org.cybervein.crypto.mac.HmacSha256Key;

/**
 * The two directional MAC keys between this node and one peer, for PBFT's MAC authenticators.
 *
 * <p>Derivation (fixed; changing it breaks interoperability): with {@code s = X25519(local, peer)},
 *
 * <pre>
 *   prk        = HKDF-Extract(salt = "cybervein/pbft/v1/pairwise-salt", ikm = s)
 *   key(a -> b) = HKDF-Expand(prk, info = "cybervein/pbft/v1/mac" || 0x00 || A || B, 32)
 * </pre>
 *
 * where A and B are the 32-byte X25519 public keys of the sender a and the receiver b. Each
 * direction has its own key, so a tag a made for b can never be reflected back to a as if b had
 * made it. Tags are HMAC-SHA256 truncated to {@link #TAG_SIZE} bytes. A PBFT frame's tags are
 * computed over {@code SHA-256("CYBERVEIN-PBFT-V1" || body)}, not over the body itself, so one pass
 * over a large body serves every receiver's tag.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class MacChannel {
  /** Bytes of a truncated tag in an authenticator. */
  public static final int TAG_SIZE = 16;

  /** The HKDF salt. */
  public static final Bytes SALT = Bytes.utf8("cybervein/pbft/v1/pairwise-salt");

  /** The HKDF info label, before the two public keys. */
  public static final String INFO_LABEL = "cybervein/pbft/v1/mac";

  // Keyed once: HmacSha256 hashes each key's padded blocks when it is made, so a tag costs two
  // SHA-256 compressions of a 32-byte digest; a replica computes or checks about 14 tags per
  // committed operation.
  private final HmacSha256 outbound;
  private final HmacSha256 inbound;

  private MacChannel(HmacSha256 outbound, HmacSha256 inbound) {
    this.outbound = outbound;
    this.inbound = inbound;
  }

  /**
   * Agrees the channel between {@code local} and {@code peer}.
   *
   * @param local this node's key-agreement key
   * @param peer the peer's key-agreement key
   * @return the channel, with one key per direction
   * @throws InvalidCryptoInputException if the peer key is low order
   */
  public static MacChannel agree(X25519PrivateKey local, X25519PublicKey peer)
      throws InvalidCryptoInputException {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(peer, "peer");
    SharedSecret secret = local.agree(peer);
    Bytes mine = local.publicKey().bytes();
    Bytes theirs = peer.bytes();
    return new MacChannel(
        new HmacSha256(key(secret, mine, theirs)), new HmacSha256(key(secret, theirs, mine)));
  }

  private static HmacSha256Key key(SharedSecret secret, Bytes sender, Bytes receiver) {
    Bytes info =
        Bytes.of(INFO_LABEL.getBytes(StandardCharsets.US_ASCII))
            .concat(Bytes.of(new byte[] {0}))
            .concat(sender)
            .concat(receiver);
    try {
      return HmacSha256Key.fromBytes(Hkdf.derive(SALT, secret.toBytes(), info, 32));
    } catch (InvalidCryptoInputException e) {
      throw new IllegalStateException("a 32-byte HKDF output is a valid HMAC key", e);
    }
  }

  /**
   * The tag this node attaches for the peer.
   *
   * @param message the message to authenticate
   * @return the truncated tag of {@link #TAG_SIZE} bytes
   */
  public Bytes tag(Bytes message) {
    return outbound.compute(message).slice(0, TAG_SIZE);
  }

  /**
   * True if {@code tag} is the peer's tag of {@code message} for this node.
   *
   * @param message the received message
   * @param tag the received tag
   * @return true if the tag verifies
   */
  public boolean verify(Bytes message, Bytes tag) {
    if (tag.size() != TAG_SIZE) {
      return false;
    }
    Bytes expected = inbound.compute(message).slice(0, TAG_SIZE);
    return MessageDigest.isEqual(expected.toByteArray(), tag.toByteArray());
  }

  @Override
  public String toString() {
    return "MacChannel[redacted]";
  }
}
