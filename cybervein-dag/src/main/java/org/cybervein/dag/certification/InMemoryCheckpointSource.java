package org.cybervein.dag.certification;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Hash;
import org.cybervein.dag.unit.UnitBody;

/**
 * A {@link CheckpointSource} that hands out the checkpoints it was given, numbered 0, 1, 2, ... in
 * the order published: the stand-in for the blockchain layer. Not thread-safe.
 */
public final class InMemoryCheckpointSource implements CheckpointSource {
  private final List<DagCheckpoint> checkpoints = new ArrayList<>();

  /** An empty source. */
  public InMemoryCheckpointSource() {}

  /**
   * Publishes the next checkpoint over {@code frontier} (sorted and deduplicated here).
   *
   * @param frontier the ids of the units the checkpoint makes final, with their past
   * @return the published checkpoint, numbered one past the last
   */
  public DagCheckpoint publish(List<Hash> frontier) {
    DagCheckpoint cp = new DagCheckpoint(checkpoints.size(), UnitBody.canonicalParents(frontier));
    checkpoints.add(cp);
    return cp;
  }

  @Override
  public Optional<DagCheckpoint> checkpoint(long number) {
    return number >= 0 && number < checkpoints.size()
        ? Optional.of(checkpoints.get((int) number))
        : Optional.empty();
  }

  @Override
  public String toString() {
    return "InMemoryCheckpointSource[" + checkpoints.size() + " checkpoints]";
  }
}
