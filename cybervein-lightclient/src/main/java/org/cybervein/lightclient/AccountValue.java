package org.cybervein.lightclient;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;

/**
 * An account's entry in the ledger state: {@code u64be(balance) || u64be(nonce)}, the balance in
 * CVT base units. An account with neither is absent from the state.
 *
 * @param balance the balance in base units, zero or more
 * @param nonce the next transaction nonce, zero or more
 */
public record AccountValue(long balance, long nonce) {
  /** The encoded size. */
  public static final int SIZE = 16;

  /**
   * Rejects negative numbers.
   *
   * @param balance the balance in base units, zero or more
   * @param nonce the next nonce, zero or more
   * @throws IllegalArgumentException if either is negative
   */
  public AccountValue {
    if (balance < 0 || nonce < 0) {
      throw new IllegalArgumentException("balance and nonce are never negative");
    }
  }

  /**
   * The entry's bytes, as the state holds them.
   *
   * @return 16 bytes
   */
  public Bytes encode() {
    return Bytes.of(ByteBuffer.allocate(SIZE).putLong(balance).putLong(nonce).array());
  }

  /**
   * Reads an entry.
   *
   * @param value the entry's bytes
   * @return the account
   * @throws InvalidLightClientInputException {@code MALFORMED} for another length or a number of
   *     2^63 or more
   */
  public static AccountValue decode(Bytes value) throws InvalidLightClientInputException {
    Objects.requireNonNull(value, "value");
    if (value.size() != SIZE) {
      throw new InvalidLightClientInputException(Reason.MALFORMED, "an account is 16 bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(value.toByteArray());
    long balance = b.getLong();
    long nonce = b.getLong();
    if (balance < 0 || nonce < 0) {
      throw new InvalidLightClientInputException(Reason.MALFORMED, "numbers out of range");
    }
    return new AccountValue(balance, nonce);
  }
}
