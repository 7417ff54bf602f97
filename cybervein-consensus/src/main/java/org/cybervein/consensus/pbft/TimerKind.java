package org.cybervein.consensus.pbft;

/** The timers a PBFT core asks its host for; see {@link Action.SetTimer}. */
public enum TimerKind {
  /** A backup waited too long for a known request to execute: start a view change. */
  REQUEST,
  /** A view change did not complete in time: move on to the next view. */
  VIEW_CHANGE,
  /** Resend this node's messages for unfinished work (lost messages). */
  RETRANSMIT,
  /** A client waited too long for its replies: send the request to every replica. */
  CLIENT_RETRY
}
