package org.cybervein.ledger.contract.btcswap;

/** What became of a swap's locked CVT. */
public enum SwapStatus {
  /** Held by the contract: releasable with a payment proof before expiry, refundable after. */
  OPEN,
  /** A proved Bitcoin payment released the CVT to the buyer. */
  RELEASED,
  /** The seller took the CVT back after expiry. */
  REFUNDED
}
