package org.cybervein.ledger.account;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

/**
 * A CVT account's address: the tagged SHA-256 of the owner's public key (algorithm name, then the
 * encoded key). Accounts of people and of nodes alike are addressed this way.
 *
 * @param value the 32 bytes
 */
public record Address(Hash value) implements Comparable<Address> {
  /** The tag of the address hash. */
  public static final DomainTag TAG = DomainTag.of("cybervein/ledger/address/v1");

  /**
   * Rejects null.
   *
   * @param value the 32 bytes
   */
  public Address {
    Objects.requireNonNull(value, "value");
  }

  /**
   * The address of the account that {@code key} controls.
   *
   * @param key the account's Ed25519 public key
   * @return the address, a tagged hash of the key
   */
  public static Address of(PublicKey key) {
    Objects.requireNonNull(key, "key");
    return new Address(
        HashFunction.SHA256
            .newHasher(TAG)
            .update(key.algorithm().name().getBytes(StandardCharsets.US_ASCII))
            .update(key.encoded())
            .digest());
  }

  @Override
  public int compareTo(Address other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return "Address[" + value.toHex().substring(0, 16) + "]";
  }
}
