package org.cybervein.consensus.pbft;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cybervein.api.NodeId;

/**
 * The membership and tuning of one PBFT group: the whitepaper's replica set {@code R} with {@code
 * |R| = 3f + 1}, where the primary of view {@code v} is replica {@code p = v mod |R|}.
 *
 * <p>Every replica and client of a group must hold an equal configuration.
 *
 * @param replicas the replicas in index order; replica {@code i} is {@code replicas.get(i)}
 * @param authMode how normal-case messages are authenticated
 * @param checkpointInterval K: a checkpoint is taken every K sequence numbers
 * @param watermarkWindow L: sequence numbers accepted lie in {@code (h, h + L]} where h is the
 *     stable checkpoint; a multiple of K, at least 2K
 * @param maxBatchRequests the most requests the primary puts in one PRE-PREPARE
 * @param maxBatchBytes the most request bytes in one PRE-PREPARE
 * @param maxRequestBytes the largest encoded request accepted
 * @param maxQueueBytes the most bytes of requests a replica holds waiting to be ordered
 * @param maxMessageBytes the largest message a replica or client decodes (snapshots included)
 * @param requestTimeout how long a backup waits for a request it knows of to execute before it
 *     starts a view change; doubles with each consecutive view change
 * @param retransmitInterval how often a replica resends its messages for unfinished work
 * @param clientRetryTimeout how long a client waits for f + 1 replies before sending to all
 * @param maxUploadBytesPerReplica the most bytes of UPLOADs a replica holds from one other replica
 *     (for logs not certified here yet); beyond it that replica's UPLOADs are refused
 */
public record ReplicaConfig(
    List<PeerIdentity> replicas,
    AuthMode authMode,
    int checkpointInterval,
    int watermarkWindow,
    int maxBatchRequests,
    int maxBatchBytes,
    int maxRequestBytes,
    long maxQueueBytes,
    int maxMessageBytes,
    Duration requestTimeout,
    Duration retransmitInterval,
    Duration clientRetryTimeout,
    long maxUploadBytesPerReplica) {

  /** The default of {@link #maxUploadBytesPerReplica()}: 16 MiB. */
  public static final long DEFAULT_MAX_UPLOAD_BYTES_PER_REPLICA = 16L << 20;

  /**
   * Rejects a group whose size is not 3f + 1, duplicate members, and out-of-range tuning.
   *
   * @param replicas the replicas in index order, 3f + 1 of them (1, 4, 7, ...), no two with the
   *     same node or the same signing key; copied
   * @param authMode how normal-case messages are authenticated: with signatures or with MAC
   *     authenticators
   * @param checkpointInterval K, the distance in sequence numbers between two checkpoints; at least
   *     1
   * @param watermarkWindow L, the width in sequence numbers of the window {@code (h, h + L]} above
   *     the stable checkpoint h; a multiple of K and at least 2K
   * @param maxBatchRequests the most requests the primary puts in one PRE-PREPARE; at least 1
   * @param maxBatchBytes the most bytes of encoded requests in one PRE-PREPARE; at least 1
   * @param maxRequestBytes the largest encoded request, in bytes, that a replica accepts; at least
   *     1
   * @param maxQueueBytes the most bytes of requests a replica holds waiting to be ordered; at least
   *     {@code maxRequestBytes}
   * @param maxMessageBytes the largest message, in bytes, a replica or client decodes (state
   *     snapshots included); at least {@code maxBatchBytes + 4096}, the room for a PRE-PREPARE's
   *     header around its batch
   * @param requestTimeout how long a backup waits for a request it knows of to execute before it
   *     starts a view change; positive, doubled after each consecutive view change
   * @param retransmitInterval the period at which a replica resends its messages for unfinished
   *     work; positive
   * @param clientRetryTimeout how long a client waits for f + 1 matching replies before it sends
   *     its request to every replica; positive
   * @param maxUploadBytesPerReplica the most bytes of UPLOAD frames a replica holds from any one
   *     other replica for logs not certified here yet; positive. One faulty replica can make a
   *     correct one hold this much and no more; a correct replica's uploads ({@code <n, d>}, about
   *     110 bytes each) usually take a few slots' worth until f + 1 agree, and a replica that
   *     refuses some catches up by state transfer
   * @throws IllegalArgumentException if the group size is not 3f + 1, a node or key appears twice,
   *     K or L is out of range, a limit is not positive or too small, or a duration is not positive
   * @throws NullPointerException if {@code replicas}, one of its members, {@code authMode} or a
   *     duration is null
   */
  public ReplicaConfig {
    replicas = List.copyOf(replicas);
    Objects.requireNonNull(authMode, "authMode");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retransmitInterval, "retransmitInterval");
    Objects.requireNonNull(clientRetryTimeout, "clientRetryTimeout");
    if (replicas.isEmpty() || (replicas.size() - 1) % 3 != 0) {
      throw new IllegalArgumentException("|R| must be 3f + 1, got " + replicas.size());
    }
    Set<NodeId> nodes = new HashSet<>();
    Set<Object> keys = new HashSet<>();
    for (PeerIdentity r : replicas) {
      if (!nodes.add(r.node()) || !keys.add(r.signingKey())) {
        throw new IllegalArgumentException("duplicate replica " + r.node());
      }
    }
    if (checkpointInterval < 1 || watermarkWindow < 2 * checkpointInterval) {
      throw new IllegalArgumentException("need K >= 1 and L >= 2K");
    }
    if (watermarkWindow % checkpointInterval != 0) {
      throw new IllegalArgumentException("L must be a multiple of K");
    }
    if (maxBatchRequests < 1 || maxBatchBytes < 1 || maxRequestBytes < 1) {
      throw new IllegalArgumentException("batch and request limits must be positive");
    }
    if (maxQueueBytes < maxRequestBytes || maxMessageBytes < maxBatchBytes + 4096) {
      throw new IllegalArgumentException("queue or message limit too small");
    }
    if (maxUploadBytesPerReplica < 1) {
      throw new IllegalArgumentException("upload bound must be positive");
    }
    if ((requestTimeout.isNegative() || requestTimeout.isZero())
        || (retransmitInterval.isNegative() || retransmitInterval.isZero())
        || (clientRetryTimeout.isNegative() || clientRetryTimeout.isZero())) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /**
   * A configuration with defaults: K = 64, L = 256, batches of up to 256 requests or 1 MiB,
   * requests up to 64 KiB, 16 MiB of queued requests, 64 MiB messages, 500 ms request timeout, 100
   * ms retransmission, 300 ms client retry, 16 MiB of uploads held per other replica ({@link
   * #DEFAULT_MAX_UPLOAD_BYTES_PER_REPLICA}).
   *
   * @param replicas the replicas in index order, 3f + 1 of them with distinct nodes and keys
   * @param authMode how normal-case messages are authenticated
   * @return the configuration of that group with the default tuning
   * @throws IllegalArgumentException if the group size is not 3f + 1 or a node or key appears twice
   */
  public static ReplicaConfig of(List<PeerIdentity> replicas, AuthMode authMode) {
    return new ReplicaConfig(
        replicas,
        authMode,
        64,
        256,
        256,
        1 << 20,
        64 << 10,
        16L << 20,
        64 << 20,
        Duration.ofMillis(500),
        Duration.ofMillis(100),
        Duration.ofMillis(300),
        DEFAULT_MAX_UPLOAD_BYTES_PER_REPLICA);
  }

  /**
   * The same configuration with checkpoint interval K and watermark window L.
   *
   * @param k K, the distance in sequence numbers between checkpoints; at least 1
   * @param l L, the watermark window in sequence numbers; a multiple of {@code k}, at least 2K
   * @return a copy of this configuration with K and L replaced
   * @throws IllegalArgumentException if {@code k} or {@code l} is out of range
   */
  public ReplicaConfig withCheckpoints(int k, int l) {
    return new ReplicaConfig(
        replicas,
        authMode,
        k,
        l,
        maxBatchRequests,
        maxBatchBytes,
        maxRequestBytes,
        maxQueueBytes,
        maxMessageBytes,
        requestTimeout,
        retransmitInterval,
        clientRetryTimeout,
        maxUploadBytesPerReplica);
  }

  /**
   * The same configuration with other batch limits.
   *
   * @param requests the most requests in one PRE-PREPARE; at least 1
   * @param bytes the most bytes of encoded requests in one PRE-PREPARE; at least 1, and at most
   *     {@code maxMessageBytes - 4096}
   * @return a copy of this configuration with the batch limits replaced
   * @throws IllegalArgumentException if a limit is not positive or {@code bytes} no longer fits in
   *     a message
   */
  public ReplicaConfig withBatching(int requests, int bytes) {
    return new ReplicaConfig(
        replicas,
        authMode,
        checkpointInterval,
        watermarkWindow,
        requests,
        bytes,
        maxRequestBytes,
        maxQueueBytes,
        maxMessageBytes,
        requestTimeout,
        retransmitInterval,
        clientRetryTimeout,
        maxUploadBytesPerReplica);
  }

  /**
   * The same configuration with other timeouts.
   *
   * @param request how long a backup waits for a known request to execute before it starts a view
   *     change; positive
   * @param retransmit the period at which a replica resends messages for unfinished work; positive
   * @param clientRetry how long a client waits for f + 1 matching replies before it sends to every
   *     replica; positive
   * @return a copy of this configuration with the three durations replaced
   * @throws IllegalArgumentException if a duration is zero or negative
   * @throws NullPointerException if a duration is null
   */
  public ReplicaConfig withTimeouts(Duration request, Duration retransmit, Duration clientRetry) {
    return new ReplicaConfig(
        replicas,
        authMode,
        checkpointInterval,
        watermarkWindow,
        maxBatchRequests,
        maxBatchBytes,
        maxRequestBytes,
        maxQueueBytes,
        maxMessageBytes,
        request,
        retransmit,
        clientRetry,
        maxUploadBytesPerReplica);
  }

  /**
   * The same configuration with another byte bound on queued requests.
   *
   * @param bytes the most bytes of requests a replica holds waiting to be ordered; at least {@code
   *     maxRequestBytes}
   * @return a copy of this configuration with the queue bound replaced
   * @throws IllegalArgumentException if {@code bytes} is smaller than one largest request
   */
  public ReplicaConfig withMaxQueueBytes(long bytes) {
    return new ReplicaConfig(
        replicas,
        authMode,
        checkpointInterval,
        watermarkWindow,
        maxBatchRequests,
        maxBatchBytes,
        maxRequestBytes,
        bytes,
        maxMessageBytes,
        requestTimeout,
        retransmitInterval,
        clientRetryTimeout,
        maxUploadBytesPerReplica);
  }

  /**
   * The same configuration with another byte bound on the UPLOADs held from each other replica.
   *
   * @param bytes the most bytes of UPLOAD frames held from one replica for logs not certified here
   *     yet; positive
   * @return a copy of this configuration with the upload bound replaced
   * @throws IllegalArgumentException if {@code bytes} is not positive
   */
  public ReplicaConfig withMaxUploadBytesPerReplica(long bytes) {
    return new ReplicaConfig(
        replicas,
        authMode,
        checkpointInterval,
        watermarkWindow,
        maxBatchRequests,
        maxBatchBytes,
        maxRequestBytes,
        maxQueueBytes,
        maxMessageBytes,
        requestTimeout,
        retransmitInterval,
        clientRetryTimeout,
        bytes);
  }

  /**
   * |R|, the number of replicas.
   *
   * @return |R| = 3f + 1, at least 1
   */
  public int size() {
    return replicas.size();
  }

  /**
   * f, the number of faulty replicas tolerated: (|R| - 1) / 3.
   *
   * @return f, at least 0
   */
  public int f() {
    return (replicas.size() - 1) / 3;
  }

  /**
   * 2f + 1, the size of a quorum: any two quorums share at least one correct replica.
   *
   * @return 2f + 1, at least 1
   */
  public int quorum() {
    return 2 * f() + 1;
  }

  /**
   * The primary of view v: {@code p = v mod |R|}.
   *
   * @param view v; a negative value is reduced modulo |R| like any other, so it never throws
   * @return the index p of the primary, in {@code [0, |R|)}
   */
  public int primary(long view) {
    return (int) Math.floorMod(view, (long) replicas.size());
  }

  /**
   * The index of the replica at {@code node}, if it is one.
   *
   * @param node the address to look up
   * @return the index i with {@code node(i).equals(node)}, or empty if {@code node} is not a
   *     replica of this group (a client, say)
   */
  public Optional<Integer> indexOf(NodeId node) {
    for (int i = 0; i < replicas.size(); i++) {
      if (replicas.get(i).node().equals(node)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /**
   * The address of replica {@code index}.
   *
   * @param index the replica's index, in {@code [0, |R|)}
   * @return the node the replica is reached at
   * @throws IndexOutOfBoundsException if {@code index} is not a replica index
   */
  public NodeId node(int index) {
    return replicas.get(index).node();
  }
}
