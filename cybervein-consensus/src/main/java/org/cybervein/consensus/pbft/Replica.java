package org.cybervein.consensus.pbft;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.store.KeyValueStore;

/** A PBFT replica as a pure core (skeleton; the protocol follows). */
public final class Replica {
  private final ReplicaConfig config;
  private final int index;
  private final StateMachine machine;
  private final EnumMap<Rejection, Long> rejections = new EnumMap<>(Rejection.class);

  /** A replica, recovered from {@code store}. */
  public Replica(
      ReplicaConfig config,
      int index,
      NodeKeys keys,
      StateMachine machine,
      LogContract contract,
      KeyValueStore store) {
    this.config = Objects.requireNonNull(config, "config");
    this.index = index;
    this.machine = Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(store, "store");
  }

  /** The first actions after construction. */
  public List<Action> start() {
    return List.of();
  }

  /** A message arrived. */
  public List<Action> onMessage(NodeId from, Bytes message) {
    return List.of();
  }

  /** A timer fired. */
  public List<Action> onTimer(TimerKind kind, long token) {
    return List.of();
  }

  /** This replica's index. */
  public int index() {
    return index;
  }

  /** The current view. */
  public long view() {
    return 0;
  }

  /** The last executed sequence number. */
  public long lastExecuted() {
    return 0;
  }

  /** The stable checkpoint h. */
  public long stableCheckpoint() {
    return 0;
  }

  /** The state machine's digest. */
  public Hash stateDigest() {
    return machine.digest();
  }

  /** Rejected messages by reason. */
  public Map<Rejection, Long> rejections() {
    return new EnumMap<>(rejections);
  }

  ReplicaConfig config() {
    return config;
  }
}
