package org.cybervein.storageproofs.pospace;

/**
 * Receives progress reports from Algorithm 1 {@code Init}: labelling 2^26 nodes takes minutes, and
 * a host wants to show how far it got.
 */
@FunctionalInterface
public interface InitProgress {
  /** Ignores every report. */
  InitProgress NONE = (done, total) -> {};

  /**
   * Called on the initialising thread with the number of labels computed so far out of n. Over one
   * {@code Init}, {@code done} never decreases, and the last call is {@code (n, n)}, made once the
   * Merkle commitment is complete too.
   *
   * @param done the labels computed so far, from 0 to {@code total}
   * @param total the number of labels n
   */
  void progress(long done, long total);
}
