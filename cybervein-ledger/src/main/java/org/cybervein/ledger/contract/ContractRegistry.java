package org.cybervein.ledger.contract;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The native contracts a ledger runs, by id. Immutable: every node of a network must run the same
 * registry, since a call to a contract one node lacks is refused there ({@code UNKNOWN_CONTRACT}).
 */
public final class ContractRegistry {
  private static final ContractRegistry EMPTY = new ContractRegistry(new TreeMap<>());

  private final SortedMap<ContractId, NativeContract> contracts;

  private ContractRegistry(SortedMap<ContractId, NativeContract> contracts) {
    this.contracts = Collections.unmodifiableSortedMap(contracts);
  }

  /**
   * A registry of {@code contracts}.
   *
   * @param contracts the contracts to register
   * @return the registry
   * @throws IllegalArgumentException if two contracts have the same id
   */
  public static ContractRegistry of(NativeContract... contracts) {
    Objects.requireNonNull(contracts, "contracts");
    return of(List.of(contracts));
  }

  /**
   * A registry of {@code contracts}.
   *
   * @param contracts the contracts to register
   * @return the registry
   * @throws IllegalArgumentException if two contracts have the same id
   */
  public static ContractRegistry of(List<? extends NativeContract> contracts) {
    SortedMap<ContractId, NativeContract> map = new TreeMap<>();
    for (NativeContract c : contracts) {
      ContractId id = Objects.requireNonNull(c.id(), "contract id");
      if (map.putIfAbsent(id, c) != null) {
        throw new IllegalArgumentException("two contracts with id " + id);
      }
    }
    return new ContractRegistry(map);
  }

  /**
   * A registry with no contract: every call is refused.
   *
   * @return the empty registry
   */
  public static ContractRegistry empty() {
    return EMPTY;
  }

  /**
   * The contract with this exact id and version, if registered.
   *
   * @param id the contract id and version
   * @return the contract, or empty if none is registered under it
   */
  public Optional<NativeContract> find(ContractId id) {
    return Optional.ofNullable(contracts.get(Objects.requireNonNull(id, "id")));
  }

  /**
   * The ids of the registered contracts, in order.
   *
   * @return the ids, sorted
   */
  public List<ContractId> ids() {
    return List.copyOf(contracts.keySet());
  }

  @Override
  public String toString() {
    return "ContractRegistry" + contracts.keySet();
  }
}
