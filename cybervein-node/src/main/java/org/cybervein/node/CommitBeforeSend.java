package org.cybervein.node;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.cybervein.api.net.Transport;

/**
 * The write barrier of {@link Durability#PROCESS_CRASH}: an event's writes are committed (without
 * an fsync) before its first message leaves and at its end, and messages go out at once from the
 * event thread. Its close commits and syncs what is left, so a clean stop loses nothing even to a
 * later power loss.
 */
final class CommitBeforeSend implements WriteBarrier {
  private final BooleanSupplier commit;
  private final Runnable sync;
  private final Transport raw;

  /**
   * @param commit commits the writes of the current event, if any
   * @param sync forces every commit made so far to the disk; called only at close
   * @param raw the transport messages leave through
   */
  CommitBeforeSend(BooleanSupplier commit, Runnable sync, Transport raw) {
    this.commit = Objects.requireNonNull(commit, "commit");
    this.sync = Objects.requireNonNull(sync, "sync");
    this.raw = Objects.requireNonNull(raw, "raw");
  }

  @Override
  public void endEvent() {
    commit.getAsBoolean();
  }

  @Override
  public Transport transport() {
    return WriteBarrier.sendingThrough(
        raw,
        (to, message) -> {
          commit.getAsBoolean();
          raw.send(to, message);
        });
  }

  @Override
  public void close() {
    endEvent();
    sync.run();
  }
}
