package org.cybervein.fl.vertical;

import org.cybervein.api.Bytes;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.fl.model.TrainingDivergedException;

/**
 * {@code FlAbort}, by which a party that saw training diverge stops the other two, and the rule for
 * every reason text a peer sends (an abort's, a prediction refusal's): kept to {@value
 * #MAX_REASON_CHARS} characters, so a peer cannot make a party hold or log more.
 */
final class AbortMessage {
  /** The longest reason text kept from a peer, in characters. */
  static final int MAX_REASON_CHARS = 1024;

  private AbortMessage() {}

  /** The encoded {@code FlAbort} carrying {@code reason}. */
  static Bytes encode(String reason) {
    return FlWire.encode(
        FlProto.FlMessage.newBuilder()
            .setAbort(FlProto.FlAbort.newBuilder().setReason(truncated(reason)))
            .build());
  }

  /** What a party reports to its host when {@code party} aborted with {@code abort}. */
  static TrainingDivergedException received(String party, FlProto.FlAbort abort) {
    return new TrainingDivergedException(
        party + " stopped training: " + truncated(abort.getReason()));
  }

  /** A peer's reason text, cut to {@link #MAX_REASON_CHARS}. */
  static String truncated(String reason) {
    return reason.length() > MAX_REASON_CHARS
        ? reason.substring(0, MAX_REASON_CHARS) + "..."
        : reason;
  }
}
