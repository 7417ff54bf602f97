package org.cybervein.ledger.contract.htlc;

/** What became of a lock. */
public enum HtlcStatus {
  /** Funds held by the contract; claimable before expiry, refundable after. */
  OPEN,
  /** The recipient revealed the preimage and received the amount. */
  CLAIMED,
  /** The sender took the amount back after expiry. */
  REFUNDED
}
