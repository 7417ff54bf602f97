package org.cybervein.ledger.state;

import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Account;

/**
 * The byte values of the state tree's entries that are not contract storage: an account is 16 bytes
 * ({@code u64 balance || u64 nonce}, big-endian), the total supply 8 bytes ({@code u64}). An empty
 * account is not stored at all, so a proof of its absence proves it empty.
 */
public final class StateValues {
  /** The size of an encoded account. */
  public static final int ACCOUNT_SIZE = 16;

  /** The size of the encoded supply. */
  public static final int SUPPLY_SIZE = 8;

  private StateValues() {}

  /**
   * The encoding of {@code account}.
   *
   * @param account the account's balance and nonce
   * @return {@link #ACCOUNT_SIZE} bytes: the balance in base units, then the nonce, each a
   *     big-endian u64
   * @throws NullPointerException if {@code account} is null
   */
  public static Bytes account(Account account) {
    Objects.requireNonNull(account, "account");
    byte[] out = new byte[ACCOUNT_SIZE];
    putLong(out, 0, account.balance().baseUnits());
    putLong(out, 8, account.nonce());
    return Bytes.of(out);
  }

  /**
   * Decodes an account entry, e.g. one a light client checked with a proof.
   *
   * @param value the entry's bytes, as {@link #account} writes them
   * @return the account they encode
   * @throws InvalidLedgerInputException {@code MALFORMED} if it is not 16 bytes or a field is above
   *     {@link Long#MAX_VALUE}
   */
  public static Account decodeAccount(Bytes value) throws InvalidLedgerInputException {
    if (value.size() != ACCOUNT_SIZE) {
      throw new InvalidLedgerInputException(
          Reason.MALFORMED, "an account entry is 16 bytes, got " + value.size());
    }
    byte[] b = value.toByteArray();
    long balance = getLong(b, 0);
    long nonce = getLong(b, 8);
    if (balance < 0 || nonce < 0) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "account field out of range");
    }
    return new Account(Amount.ofBaseUnits(balance), nonce);
  }

  /**
   * The encoding of the total supply.
   *
   * @param supply the CVT in existence, in base units
   * @return {@link #SUPPLY_SIZE} bytes: the base units as a big-endian u64
   */
  public static Bytes supply(Amount supply) {
    byte[] out = new byte[SUPPLY_SIZE];
    putLong(out, 0, supply.baseUnits());
    return Bytes.of(out);
  }

  /**
   * Decodes the total supply entry.
   *
   * @param value the entry's bytes, as {@link #supply} writes them
   * @return the total supply they encode, in base units
   * @throws InvalidLedgerInputException {@code MALFORMED} if it is not 8 bytes of a value up to
   *     {@link Long#MAX_VALUE}
   */
  public static Amount decodeSupply(Bytes value) throws InvalidLedgerInputException {
    if (value.size() != SUPPLY_SIZE) {
      throw new InvalidLedgerInputException(
          Reason.MALFORMED, "a supply entry is 8 bytes, got " + value.size());
    }
    long units = getLong(value.toByteArray(), 0);
    if (units < 0) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "supply out of range");
    }
    return Amount.ofBaseUnits(units);
  }

  private static void putLong(byte[] out, int at, long v) {
    for (int i = 0; i < 8; i++) {
      out[at + i] = (byte) (v >>> (56 - 8 * i));
    }
  }

  private static long getLong(byte[] in, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (in[at + i] & 0xff);
    }
    return v;
  }
}
