package org.cybervein.ledger.contract.dataset;

/** What an account may do with a data set besides downloading it: the whitepaper's three rights. */
public enum Permission {
  /** Read the data (storage nodes serve it). A paid download grants it too. */
  READ,
  /** Record new versions of the data set (modifications made of DAG units). */
  MODIFY,
  /** Give other accounts read permission. */
  SHARE
}
