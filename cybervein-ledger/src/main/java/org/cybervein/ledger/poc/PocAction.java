package org.cybervein.ledger.poc;

import java.time.Duration;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.chain.ChainUpdate;

/** What a {@link PocNode} asks its host to do after an event, in order. */
public sealed interface PocAction {
  /**
   * Send {@code message} to {@code to}.
   *
   * @param to the receiver
   * @param message an encoded {@code cybervein.v1.PocMessage}
   */
  record Send(NodeId to, Bytes message) implements PocAction {
    /**
     * Rejects nulls.
     *
     * @param to the receiver
     * @param message an encoded {@code cybervein.v1.PocMessage}
     */
    public Send {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Call {@link PocNode#onTimer(long, long)} with {@code token} after {@code delay}. Stale tokens
   * are ignored by the node, so the host never cancels.
   *
   * @param token identifies this timer
   * @param delay when it fires, zero or more
   */
  record SetTimer(long token, Duration delay) implements PocAction {
    /**
     * Rejects a negative delay.
     *
     * @param token identifies this timer
     * @param delay when it fires, zero or more
     */
    public SetTimer {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("negative delay");
      }
    }
  }

  /**
   * The best chain changed; for observers, no host duty.
   *
   * @param update the blocks reverted and applied
   */
  record ChainChanged(ChainUpdate update) implements PocAction {
    /**
     * Rejects null.
     *
     * @param update the blocks reverted and applied
     */
    public ChainChanged {
      Objects.requireNonNull(update, "update");
    }
  }

  /**
   * This node produced {@code block}; for observers, no host duty.
   *
   * @param block the block
   */
  record Produced(Block block) implements PocAction {
    /**
     * Rejects null.
     *
     * @param block the block
     */
    public Produced {
      Objects.requireNonNull(block, "block");
    }
  }
}
