package org.cybervein.ledger.contract;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.account.Address;

/**
 * Names a native contract and the version of its rules, e.g. {@code dataset} version 1. A
 * transaction calls one exact version; a new version is a new contract with its own storage, so a
 * rule change never reinterprets state written under the old rules.
 *
 * @param name lower-case letters, digits and dashes, 1 to 32 characters
 * @param version 1 or more
 */
public record ContractId(String name, int version) implements Comparable<ContractId> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

  /**
   * The tag of a contract's account address: {@code H(tag || u32(len(name)) || name ||
   * u32(version))}, the name in ASCII.
   */
  public static final DomainTag ACCOUNT_TAG = DomainTag.of("cybervein/ledger/contract-account/v1");

  /**
   * Checks the name and version.
   *
   * @param name lower-case letters, digits and dashes, 1 to 32 characters
   * @param version 1 or more
   */
  public ContractId {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("contract names are [a-z0-9-]{1,32}, got " + name);
    }
    if (version < 1) {
      throw new IllegalArgumentException("contract versions start at 1, got " + version);
    }
  }

  /**
   * True if {@code name} would be accepted (for decoders, which must not throw unchecked).
   *
   * @param name the candidate name
   * @return true if it is 1 to 32 characters of {@code [a-z0-9-]} (lower-case letters, digits,
   *     dashes)
   */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * The account this contract holds funds in (escrow). Its address is a tagged hash of the id under
   * its own tag, so it is no key's address ({@link Address#of} hashes under another tag) and nobody
   * can sign for it: only the contract moves its balance ({@link
   * CallContext#transferFromContract}).
   *
   * @return the contract's account address
   */
  public Address account() {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    return new Address(
        HashFunction.SHA256
            .newHasher(ACCOUNT_TAG)
            .updateInt(ascii.length)
            .update(ascii)
            .updateInt(version)
            .digest());
  }

  @Override
  public int compareTo(ContractId other) {
    int c = name.compareTo(other.name);
    return c != 0 ? c : Integer.compare(version, other.version);
  }

  @Override
  public String toString() {
    return name + "/v" + version;
  }
}
