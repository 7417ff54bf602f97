package org.cybervein.consensus.pbft;

/** The Byzantine behaviours the simulation gives up to f replicas. */
enum Byzantine {
  /** Receives everything and sends nothing. */
  SILENT,
  /**
   * As primary, sends some backups a PRE-PREPARE for another batch (same view and sequence number,
   * validly authenticated) than the others.
   */
  EQUIVOCATE,
  /**
   * Twins: two honest cores share the replica's key and address, each seeing a part of the peers.
   */
  TWINS,
  /** Also sends old messages (its own and ones it received) again, to random replicas. */
  REPLAY,
  /** Changes the view or sequence number of its messages by one and authenticates them anew. */
  MUTATE,
  /**
   * Sends messages in other replicas' names, with flipped authenticator bits, and requests in a
   * real client's name that the client never made.
   */
  FORGE,
  /**
   * Otherwise silent, announces VIEW-CHANGEs for views near the largest a VIEW-CHANGE may name
   * (some beyond it), each one whose primary is itself (issue 14: one replica's announcement must
   * move nobody, and no arithmetic on a peer's view may overflow or throw).
   */
  HUGE_VIEW,
  /**
   * Adds to its VIEW-CHANGEs a prepared claim (and the matching pre-prepared claim) at the top of
   * its window for a "batch" whose digest matches but whose bytes are no requests; colluders claim
   * the same one (issue 14: beyond f such a batch could be chosen, and entering the view threw).
   */
  CORRUPT_BATCH,
  /** With signatures, answers clients with MAC-authenticated REPLYs (issue 14, the reply proof). */
  MAC_REPLY,
  /** Tags its REPLYs with huge views, authenticated anew (issue 14: a client's view steered). */
  VIEW_TAG,
  /**
   * Also sends signed UPLOADs for logs not executed yet, each tens of kilobytes, to random replicas
   * (issue 14: uploads held must be bounded in bytes per sender).
   */
  UPLOAD_FLOOD
}
