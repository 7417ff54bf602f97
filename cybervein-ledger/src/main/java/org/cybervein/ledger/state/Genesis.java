package org.cybervein.ledger.state;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.hash.Hasher;
import org.cybervein.ledger.account.Address;

/**
 * The ledger before its first block: the initial CVT allocations and the minimum transaction fee.
 * The initial supply is the sum of the allocations; afterwards the supply grows only by block
 * rewards.
 *
 * @param allocations the initial balance of each funded account (zero amounts leave the account
 *     empty)
 * @param minimumFee the smallest fee a transaction may offer
 */
public record Genesis(SortedMap<Address, Amount> allocations, Amount minimumFee) {
  /** The tag of {@link #digest()}. */
  public static final DomainTag DIGEST_TAG = DomainTag.of("cybervein/ledger/genesis/v1");

  /**
   * Copies the allocations and checks them.
   *
   * @param allocations the initial balance of each funded account, by address; copied (zero amounts
   *     leave the account empty)
   * @param minimumFee the smallest fee, in base units, a transaction may offer
   * @throws IllegalArgumentException if the allocations sum above {@link Long#MAX_VALUE} base units
   * @throws NullPointerException if {@code allocations}, an address, an amount or {@code
   *     minimumFee} is null
   */
  public Genesis {
    Objects.requireNonNull(allocations, "allocations");
    Objects.requireNonNull(minimumFee, "minimumFee");
    TreeMap<Address, Amount> copy = new TreeMap<>();
    long sum = 0;
    for (Map.Entry<Address, Amount> e : allocations.entrySet()) {
      Address a = Objects.requireNonNull(e.getKey(), "address");
      Amount amount = Objects.requireNonNull(e.getValue(), "amount");
      try {
        sum = Math.addExact(sum, amount.baseUnits());
      } catch (ArithmeticException ex) {
        throw new IllegalArgumentException("genesis allocations overflow the supply", ex);
      }
      copy.put(a, amount);
    }
    allocations = Collections.unmodifiableSortedMap(copy);
  }

  /**
   * The sum of the allocations.
   *
   * @return the supply before the first block, in base units; zero if nothing is allocated
   */
  public Amount initialSupply() {
    Amount sum = Amount.ZERO;
    for (Amount a : allocations.values()) {
      sum = sum.plus(a);
    }
    return sum;
  }

  /**
   * A digest of this genesis (allocations in address order, then the minimum fee), which a durable
   * state records to refuse being reopened for another ledger.
   *
   * @return the SHA-256 tagged ({@link #DIGEST_TAG}) hash of the allocations and minimum fee
   */
  public Hash digest() {
    Hasher h = HashFunction.SHA256.newHasher(DIGEST_TAG);
    h.updateLong(allocations.size());
    for (Map.Entry<Address, Amount> e : allocations.entrySet()) {
      h.update(e.getKey().value()).updateLong(e.getValue().baseUnits());
    }
    return h.updateLong(minimumFee.baseUnits()).digest();
  }
}
