package org.cybervein.consensus.pbft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;

/**
 * The safety invariants of a PBFT run, fed with what honest replicas execute and what clients
 * submit and complete, and checked after every event of the simulation:
 *
 * <ul>
 *   <li>agreement: no two honest replicas execute different logs (or different results) at one
 *       sequence number;
 *   <li>validity: only operations that a real client submitted (so signed or MACed) execute under
 *       its key; a Byzantine replica may act as a client under its own key, never under another's;
 *   <li>at most once: each (client, timestamp) executes at one sequence number only, once;
 *   <li>a completed client request carries the result honest replicas computed for it.
 * </ul>
 *
 * Lookups only; nothing here is iterated in hash order into anything that matters.
 */
final class SafetyMonitor {
  private record ClientOp(NodeId client, Bytes operation) {}

  private record ClientTimestamp(NodeId client, org.cybervein.api.PublicKey key, long timestamp) {}

  private final Map<Long, Action.Executed> agreed = new HashMap<>();
  private final Map<ClientTimestamp, Long> executedAt = new HashMap<>();
  private final Map<ClientOp, Bytes> honestResults = new HashMap<>();
  private final Set<ClientOp> submitted = new HashSet<>();
  private final Map<NodeId, org.cybervein.api.PublicKey> clientKeys = new HashMap<>();
  private final Set<org.cybervein.api.PublicKey> byzantineKeys = new HashSet<>();
  private final List<String> violations = new ArrayList<>();
  private long executions;
  private boolean recordOnly;

  /** The real client at {@code client} signs with {@code key}. */
  void client(NodeId client, org.cybervein.api.PublicKey key) {
    clientKeys.put(client, key);
  }

  /**
   * A Byzantine replica's own key: it may act as a client of its own (a client is its address and
   * its key), so requests under it may execute; they must never pass for a real client's.
   */
  void byzantineKey(org.cybervein.api.PublicKey key) {
    byzantineKeys.add(key);
  }

  /** A client submitted {@code operation}; operations are unique per client in these runs. */
  void submitted(NodeId client, Bytes operation) {
    if (!submitted.add(new ClientOp(client, operation))) {
      throw new IllegalArgumentException("the workload must not repeat an operation");
    }
  }

  /** An honest replica executed log n. */
  void executed(String replica, Action.Executed e) {
    executions++;
    Action.Executed first = agreed.putIfAbsent(e.sequence(), e);
    if (first != null
        && (!first.operations().equals(e.operations()) || !first.results().equals(e.results()))) {
      violations.add(
          "agreement: at n = "
              + e.sequence()
              + " "
              + replica
              + " executed "
              + e.operations()
              + " -> "
              + e.results()
              + " but another honest replica executed "
              + first.operations()
              + " -> "
              + first.results());
    }
    Set<ClientTimestamp> inBatch = new HashSet<>();
    for (int i = 0; i < e.operations().size(); i++) {
      LoggedOperation op = e.operations().get(i);
      ClientOp key = new ClientOp(op.client(), op.operation());
      boolean realClient = op.clientKey().equals(clientKeys.get(op.client()));
      if (!realClient && !byzantineKeys.contains(op.clientKey())) {
        violations.add(
            "validity: "
                + replica
                + " executed "
                + op
                + " at n = "
                + e.sequence()
                + " under a key that is no client's");
      }
      if (realClient && !submitted.contains(key)) {
        violations.add(
            "validity: "
                + replica
                + " executed "
                + op
                + " at n = "
                + e.sequence()
                + ", never submitted");
      }
      ClientTimestamp ct = new ClientTimestamp(op.client(), op.clientKey(), op.timestamp());
      if (!inBatch.add(ct)) {
        violations.add("at most once: " + ct + " twice in the batch at n = " + e.sequence());
      }
      Long at = executedAt.putIfAbsent(ct, e.sequence());
      if (at != null && at != e.sequence()) {
        violations.add(
            "at most once: " + ct + " executed at n = " + at + " and at n = " + e.sequence());
      }
      if (realClient) {
        honestResults.putIfAbsent(key, e.results().get(i));
      }
    }
  }

  /** A client's request completed with {@code result}. */
  void completed(NodeId client, Bytes operation, Bytes result, boolean readOnly) {
    Bytes honest = honestResults.get(new ClientOp(client, operation));
    if (readOnly && honest == null) {
      // Answered from 2f + 1 local states without ordering; nothing executed to compare with.
      return;
    }
    if (honest == null) {
      violations.add(
          "client " + client + " completed " + operation + " that no honest replica executed");
    } else if (!honest.equals(result) && !readOnly) {
      violations.add(
          "client "
              + client
              + " got "
              + result
              + " for "
              + operation
              + ", honest result "
              + honest);
    }
  }

  /** The log that honest replicas executed at {@code sequence}, if any did. */
  Optional<Action.Executed> agreedAt(long sequence) {
    return Optional.ofNullable(agreed.get(sequence));
  }

  /** A violation noticed by a caller (a view going backwards, a contract conflict). */
  void violation(String what) {
    violations.add(what);
  }

  /** Honest executions seen so far (re-executions after restarts included). */
  long executions() {
    return executions;
  }

  /**
   * Beyond the fault bound safety may be lost: violations are recorded for the run's report, and
   * {@link #check} no longer throws.
   */
  void recordOnly() {
    recordOnly = true;
  }

  /** The violations recorded, in order, without repeats. */
  List<String> violations() {
    return List.copyOf(new java.util.LinkedHashSet<>(violations));
  }

  /** Throws on the first violation recorded, unless {@link #recordOnly}. */
  void check() {
    if (!violations.isEmpty() && !recordOnly) {
      throw new AssertionError(
          violations.get(0)
              + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
    }
  }
}
