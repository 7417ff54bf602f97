package org.cybervein.node;

import java.util.Locale;
import org.cybervein.transport.grpc.GrpcTransportThreading;

/**
 * How a node's gRPC links use threads ({@code node.threading} in its {@code ID.conf}): the choice
 * between a handler that runs on the network thread and one that runs on a thread of its own.
 */
enum Threading {
  /**
   * One network thread does all socket I/O and also runs the node's protocol core: a message is
   * read, handled and answered without waking another thread of the process. The default of the
   * PBFT roles, whose handling never waits for a disk or a peer (a member's fsyncs run on their own
   * thread) and whose process does little else; on a machine with few cores it is the cheaper
   * choice (the README's "Benchmark").
   */
  SINGLE,

  /**
   * Network threads up to one per core, and the core on a delivery thread of its own, so handling
   * that takes long never holds up the sockets. The default of every other role (the FL parties'
   * training, the storage nodes' proofs and the DAG's validation can take long).
   */
  POOLED;

  /**
   * The value of {@code node.threading}: {@code single} or {@code pooled}.
   *
   * @throws IllegalArgumentException for any other text
   */
  static Threading parse(String text) {
    return switch (text) {
      case "single" -> SINGLE;
      case "pooled" -> POOLED;
      default ->
          throw new IllegalArgumentException(
              "node.threading must be single or pooled, not \"" + text + "\"");
    };
  }

  /** The default for a process of {@code role}. */
  static Threading defaultFor(Role role) {
    return switch (role) {
      case PBFT_MEMBER, PBFT_CLIENT -> SINGLE;
      default -> POOLED;
    };
  }

  /** The transport's threading for this choice. */
  GrpcTransportThreading transport() {
    return this == SINGLE
        ? GrpcTransportThreading.singleThreaded()
        : GrpcTransportThreading.defaults();
  }

  /** The configuration spelling of this value. */
  String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
