package org.cybervein.bitcoin.chain;

/** What adding one valid header did to a {@link HeaderChain}. */
public enum HeaderOutcome {
  /** The header was already in the store; nothing changed. */
  ALREADY_KNOWN,
  /** The header extends the best chain. */
  EXTENDED_BEST,
  /** The header made another branch the heaviest: the best chain changed to it. */
  REORGANISED,
  /** The header is stored on a branch lighter than the best chain. */
  SIDE_BRANCH
}
