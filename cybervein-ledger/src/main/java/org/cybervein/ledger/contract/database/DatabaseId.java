package org.cybervein.ledger.contract.database;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractWire;

/**
 * A database's id: the tagged SHA-256 of its creator's address and the name the creator chose, so
 * nobody can take the id of a database another account is about to create.
 *
 * @param value the 32 bytes
 */
public record DatabaseId(Hash value) implements Comparable<DatabaseId> {
  /** The tag of the id hash. */
  public static final DomainTag TAG = DomainTag.of("cybervein/ledger/database/id/v1");

  /**
   * Rejects null.
   *
   * @param value the 32 bytes
   */
  public DatabaseId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * The id of the database {@code creator} creates as {@code name}.
   *
   * @param creator the creator's address
   * @param name the database's name
   * @return the id
   * @throws IllegalArgumentException if the name is not 1 to 64 characters of {@code
   *     [A-Za-z0-9._-]}
   */
  public static DatabaseId of(Address creator, String name) {
    Objects.requireNonNull(creator, "creator");
    Objects.requireNonNull(name, "name");
    if (!ContractWire.isValidName(name)) {
      throw new IllegalArgumentException("database names are [A-Za-z0-9._-]{1,64}, got " + name);
    }
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    return new DatabaseId(
        HashFunction.SHA256
            .newHasher(TAG)
            .update(creator.value())
            .updateInt(utf8.length)
            .update(utf8)
            .digest());
  }

  @Override
  public int compareTo(DatabaseId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return "DatabaseId[" + value.toHex().substring(0, 16) + "]";
  }
}
