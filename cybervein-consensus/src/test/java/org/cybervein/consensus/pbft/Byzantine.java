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
  FORGE
}
