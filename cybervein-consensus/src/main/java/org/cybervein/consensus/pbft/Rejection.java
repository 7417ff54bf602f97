package org.cybervein.consensus.pbft;

/**
 * Why a core dropped a received message without changing state; counted per core so that tests and
 * operators see which check a message failed.
 */
public enum Rejection {
  /** Too large, not parseable, or a field out of range. */
  MALFORMED,
  /** A kind of message this node does not accept (e.g. a REPLY at a replica). */
  UNEXPECTED_KIND,
  /** The claimed sender is not a replica, or not the one allowed to send this. */
  UNKNOWN_SENDER,
  /** The signature or this node's MAC tag does not verify. */
  BAD_AUTHENTICATOR,
  /** For another view than the current one, or the replica is changing view. */
  WRONG_VIEW,
  /** Sequence number outside the watermarks {@code (h, h + L]}. */
  OUT_OF_WINDOW,
  /** A PRE-PREPARE for a slot that already holds another digest in this view. */
  CONFLICTING_PRE_PREPARE,
  /** The batch digest does not match the requests carried. */
  DIGEST_MISMATCH,
  /** A request inside a batch is malformed or badly authenticated. */
  BAD_REQUEST_IN_BATCH,
  /** An old or already answered message. */
  STALE,
  /** The sender asked again before this replica's next retransmission interval. */
  RATE_LIMITED,
  /** The byte bound of a queue or buffer was reached (queued requests, uploads held per sender). */
  QUEUE_FULL,
  /** A certificate (checkpoint, view change, log) failed its checks. */
  BAD_CERTIFICATE,
  /** An UPLOAD whose log differs from the one this replica executed at that sequence number. */
  CONFLICTING_UPLOAD
}
