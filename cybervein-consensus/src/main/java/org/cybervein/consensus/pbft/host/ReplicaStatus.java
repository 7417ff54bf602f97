package org.cybervein.consensus.pbft.host;

/**
 * What a {@link ReplicaHost}'s replica looked like after its last event: a value any thread may
 * read (health endpoints, metrics) without waiting for the replica's event thread.
 *
 * @param view the current view v (the one being changed to, during a view change)
 * @param active false while a view change is in progress
 * @param lastExecuted n of the last log executed
 * @param stableCheckpoint h, the stable checkpoint
 */
public record ReplicaStatus(long view, boolean active, long lastExecuted, long stableCheckpoint) {
  /**
   * Rejects negative numbers.
   *
   * @param view the current view v
   * @param active false while a view change is in progress
   * @param lastExecuted n of the last log executed
   * @param stableCheckpoint h, the stable checkpoint
   */
  public ReplicaStatus {
    if (view < 0 || lastExecuted < 0 || stableCheckpoint < 0) {
      throw new IllegalArgumentException("negative view or sequence number");
    }
  }
}
