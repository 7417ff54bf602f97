package org.cybervein.node;

import java.util.Locale;

/**
 * What a PBFT member's writes survive by the time a message that depends on them leaves: the
 * member's choice for its own disk ({@code node.durability} in its {@code ID.conf}).
 *
 * <p>Either way the replica's guarantee holds against a killed process: every write is committed to
 * LMDB (the operating system's page cache) before a message that depends on it is sent, so a member
 * that is SIGKILLed and restarted never contradicts what it said. The two differ only on an
 * operating-system crash or power loss of the member's machine.
 */
enum Durability {
  /**
   * The default: a message leaves only after an fsync that covers what it depends on ({@link
   * GroupCommit}), so even a power loss of the machine cannot make the member forget a vote.
   */
  POWER_LOSS,

  /**
   * Writes are committed before each message but reach the disk at the operating system's pace (and
   * at a clean stop); no fsync is waited for. A power loss may then make this member forget its
   * latest votes, which PBFT tolerates for at most f members at once: choose it only where members
   * do not share a power supply, or for benchmarks that compare with systems that keep no state on
   * disk at all (BFT-SMaRt's defaults write nothing).
   */
  PROCESS_CRASH;

  /**
   * The value of {@code node.durability}: {@code power-loss} or {@code process-crash}.
   *
   * @throws IllegalArgumentException for any other text
   */
  static Durability parse(String text) {
    return switch (text) {
      case "power-loss" -> POWER_LOSS;
      case "process-crash" -> PROCESS_CRASH;
      default ->
          throw new IllegalArgumentException(
              "node.durability must be power-loss or process-crash, not \"" + text + "\"");
    };
  }

  /** The configuration spelling of this value. */
  String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
