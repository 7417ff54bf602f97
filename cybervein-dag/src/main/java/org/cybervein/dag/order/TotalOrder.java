package org.cybervein.dag.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Hash;
import org.cybervein.dag.store.UnitStore;
import org.cybervein.dag.unit.UnitStatus;

/**
 * The deterministic total order of the certified and final units, the same on every honest node.
 *
 * <h2>The rule</h2>
 *
 * Units are sorted by {@link OrderKey}: (1) the number of the checkpoint that made the unit final,
 * certified units that no checkpoint covers yet coming last; (2) the unit's height, {@code 1 +} the
 * largest height of its parents (the genesis has 0); (3) the unit id, by unsigned byte order.
 *
 * <p>Every component is a function of the DAG and of the checkpoint sequence, which the blockchain
 * layer agrees on; none depends on when or in which order a node received the units. Within one
 * batch a parent has a smaller height than its child, and a checkpoint covers the whole past of its
 * frontier, so the order is a topological order: every unit comes after its parents.
 *
 * <h2>Stability</h2>
 *
 * The final part of the order (keys with a checkpoint number) only ever grows at its end, as
 * checkpoints are applied in sequence. The tentative tail is the same on two nodes with the same
 * certified units, but a unit certified later may sort into it before units already there;
 * consumers that need an order that never changes read only the final part.
 *
 * <h2>Equivocation</h2>
 *
 * A validator stops counting for certification when a node sees its equivocation, and certified
 * stays certified. Two nodes that see the equivocation at different points may therefore certify
 * slightly different sets, and their tentative tails may differ; the final part does not, since it
 * depends only on the DAG and the checkpoints.
 */
public final class TotalOrder {
  private TotalOrder() {}

  /**
   * The order key of a stored unit, if it is certified or final.
   *
   * @param store the store to read
   * @param id the unit's id
   * @return its key, or empty if it is not certified or final
   */
  public static Optional<OrderKey> keyOf(UnitStore store, Hash id) {
    Objects.requireNonNull(id, "id");
    Optional<UnitStatus> status = store.status(id);
    if (status.isEmpty() || !status.get().isAtLeast(UnitStatus.CERTIFIED)) {
      return Optional.empty();
    }
    long checkpoint = store.finalizedBy(id).orElse(OrderKey.TENTATIVE);
    return Optional.of(new OrderKey(checkpoint, store.height(id).orElseThrow(), id));
  }

  /**
   * All certified and final units of the store, in the total order.
   *
   * @param store the store to read
   * @return the ids in total order
   */
  public static List<Hash> of(UnitStore store) {
    List<OrderKey> keys = new ArrayList<>();
    for (UnitStatus s : List.of(UnitStatus.FINAL, UnitStatus.CERTIFIED)) {
      for (Hash id : store.withStatus(s)) {
        keys.add(keyOf(store, id).orElseThrow());
      }
    }
    keys.sort(null);
    return keys.stream().map(OrderKey::id).toList();
  }

  /**
   * Only the final part of the order: the units checkpoints made final, in order.
   *
   * @param store the store to read
   * @return the ids of the final units in total order
   */
  public static List<Hash> finalPart(UnitStore store) {
    List<OrderKey> keys = new ArrayList<>();
    for (Hash id : store.withStatus(UnitStatus.FINAL)) {
      keys.add(keyOf(store, id).orElseThrow());
    }
    keys.sort(null);
    return keys.stream().map(OrderKey::id).toList();
  }
}
