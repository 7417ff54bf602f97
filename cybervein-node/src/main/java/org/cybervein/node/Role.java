package org.cybervein.node;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a member process of a cluster does; its name in configuration files. */
enum Role {
  /** A replica of the PBFT database (whitepaper: a member node of a database's group). */
  PBFT_MEMBER,
  /** A client of the PBFT database: submits writes, prints what committed. */
  PBFT_CLIENT,
  /** Vertical training party A (features only). */
  FL_HOST,
  /** Vertical training party B (features and the label). */
  FL_GUEST,
  /** Vertical training coordinator C (holds the Paillier private key). */
  FL_COORDINATOR,
  /**
   * A ledger and Proof of Contribution storage node: keeps its chain on LMDB, stores shards,
   * answers audits, serves downloads against access grants, takes part in block production.
   */
  STORAGE,
  /** A DAG node; with the cluster's validator flag, a super node that audits and attests. */
  DAG,
  /** An account of the data flow (uploader, downloader): {@code cybervein upload|download}. */
  ACCOUNT;

  /** The name in configuration files: {@code pbft-member}, {@code fl-host}, ... */
  String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Role parse(String name) {
    for (Role r : values()) {
      if (r.configName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '"
            + name
            + "'; one of "
            + Arrays.stream(values()).map(Role::configName).collect(Collectors.joining(", ")));
  }
}
