package org.cybervein.ledger.contract.dataset;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractWire;

/**
 * A data set's id: the tagged SHA-256 of its uploader's address and the name the uploader chose.
 * Tying the id to the uploader means nobody can take an id another account is about to register by
 * copying it from a pending transaction.
 *
 * @param value the 32 bytes
 */
public record DataSetId(Hash value) implements Comparable<DataSetId> {
  /** The tag of the id hash. */
  public static final DomainTag TAG = DomainTag.of("cybervein/ledger/dataset/id/v1");

  /**
   * Rejects null.
   *
   * @param value the 32 bytes
   */
  public DataSetId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * The id of the data set {@code owner} registers as {@code name}.
   *
   * @param owner the owner's address
   * @param name the data set's name
   * @return the id
   * @throws IllegalArgumentException if the name is not 1 to 64 characters of {@code
   *     [A-Za-z0-9._-]}
   */
  public static DataSetId of(Address owner, String name) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    if (!ContractWire.isValidName(name)) {
      throw new IllegalArgumentException("data set names are [A-Za-z0-9._-]{1,64}, got " + name);
    }
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    return new DataSetId(
        HashFunction.SHA256
            .newHasher(TAG)
            .update(owner.value())
            .updateInt(utf8.length)
            .update(utf8)
            .digest());
  }

  @Override
  public int compareTo(DataSetId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return "DataSetId[" + value.toHex().substring(0, 16) + "]";
  }
}
