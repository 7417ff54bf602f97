package org.cybervein.ledger.contract.htlc;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.hash.HashFunction;

/**
 * The secret of a hashed timelock: exactly 32 bytes, whose untagged SHA-256 is the lock's hashlock.
 * Untagged, so that the same secret and hashlock work in a Bitcoin script ({@code OP_SHA256}) on
 * the other side of a swap, as in BIP-199.
 *
 * @param value the 32 bytes
 */
public record Preimage(Bytes value) {
  /** The one size a preimage has, in bytes. */
  public static final int SIZE = 32;

  /**
   * Checks the size.
   *
   * @param value the 32 bytes
   * @throws IllegalArgumentException if {@code value} is not 32 bytes
   */
  public Preimage {
    Objects.requireNonNull(value, "value");
    if (value.size() != SIZE) {
      throw new IllegalArgumentException("a preimage is 32 bytes, got " + value.size());
    }
  }

  /**
   * A fresh secret from {@code random} (a host passes a secure source).
   *
   * @param random the source of the 32 bytes
   * @return the preimage
   */
  public static Preimage random(RandomSource random) {
    Objects.requireNonNull(random, "random");
    byte[] b = new byte[SIZE];
    random.nextBytes(b);
    return new Preimage(Bytes.of(b));
  }

  /**
   * The hashlock this preimage opens: {@code SHA-256(value)}, untagged.
   *
   * @return the hashlock
   */
  public Hash hashlock() {
    return HashFunction.SHA256.hashUntagged(value);
  }

  /**
   * True if this preimage opens {@code hashlock}.
   *
   * @param hashlock the hashlock of a lock
   * @return true if {@code SHA-256(value)} equals it
   */
  public boolean opens(Hash hashlock) {
    return hashlock().equals(Objects.requireNonNull(hashlock, "hashlock"));
  }

  @Override
  public String toString() {
    // A secret until it is revealed: print only what its hashlock is.
    return "Preimage[of " + hashlock().toHex().substring(0, 16) + "]";
  }
}
