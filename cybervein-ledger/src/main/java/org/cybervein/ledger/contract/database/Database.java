package org.cybervein.ledger.contract.database;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractWire;

/**
 * A database as the management contract keeps it.
 *
 * @param id the id, {@code DatabaseId.of(creator, name)}
 * @param creator who created it
 * @param name the name the creator chose
 * @param members the member list; member i is PBFT replica i; 1 to {@link #MAX_MEMBERS} members
 *     with distinct accounts and distinct node keys
 * @param confirmedLogNumber the confirmed log number: the highest n such that logs 1 to n are all
 *     held (0 before log 1 lands)
 * @param logCount how many logs are held, confirmed or not
 * @param createdBlock the index of the block that created it
 */
public record Database(
    DatabaseId id,
    Address creator,
    String name,
    List<Member> members,
    long confirmedLogNumber,
    long logCount,
    long createdBlock) {
  /** The most members a database has. */
  public static final int MAX_MEMBERS = 100;

  /**
   * Checks the parts and copies the list.
   *
   * @param id the id, {@code DatabaseId.of(creator, name)}
   * @param creator who created it
   * @param name the name the creator chose
   * @param members the member list; member i is PBFT replica i; 1 to {@link #MAX_MEMBERS} members
   *     with distinct accounts and distinct node keys
   * @param confirmedLogNumber the confirmed log number: the highest n such that logs 1 to n are all
   *     held (0 before log 1 lands)
   * @param logCount how many logs are held, confirmed or not
   * @param createdBlock the index of the block that created it
   */
  public Database {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(creator, "creator");
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
    if (!ContractWire.isValidName(name)) {
      throw new IllegalArgumentException("bad name " + name);
    }
    if (confirmedLogNumber < 0 || logCount < confirmedLogNumber || createdBlock < 0) {
      throw new IllegalArgumentException("log numbers or block out of range");
    }
    checkMembers(members);
  }

  static void checkMembers(List<Member> members) {
    if (members.isEmpty() || members.size() > MAX_MEMBERS) {
      throw new IllegalArgumentException("1 to " + MAX_MEMBERS + " members");
    }
    HashSet<Object> seen = new HashSet<>();
    for (Member m : members) {
      if (!seen.add(m.account()) || !seen.add(m.nodeKey())) {
        throw new IllegalArgumentException("members repeat an account or a node key");
      }
    }
  }

  /**
   * f = (|members| - 1) / 3: how many faulty members the group tolerates.
   *
   * @return f
   */
  public int f() {
    return (members.size() - 1) / 3;
  }

  /**
   * The index of the member with account {@code account}, if it is one.
   *
   * @param account the account to look up
   * @return its member index, or empty if it is not a member
   */
  public Optional<Integer> indexOf(Address account) {
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).account().equals(account)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }
}
