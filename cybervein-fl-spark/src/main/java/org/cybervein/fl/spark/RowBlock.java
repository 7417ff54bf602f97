package org.cybervein.fl.spark;

import java.io.Serializable;

/**
 * Consecutive aligned rows {@code [first, first + x.length)}: the unit the cached table is made of.
 * Blocks are small, and block k lives in partition {@code k mod P}, so that every mini-batch
 * spreads over all partitions.
 */
final class RowBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  final long first;
  final double[][] x;

  /** Why the rows grouped here are not the expected consecutive ones; empty when they are. */
  final String problem;

  RowBlock(long first, double[][] x, String problem) {
    this.first = first;
    this.x = x;
    this.problem = problem;
  }

  /** The first row of {@code [start, end)} in this block, or -1 if none is. */
  int from(long start, long end) {
    long lo = Math.max(first, start);
    long hi = Math.min(first + x.length, end);
    return lo < hi ? (int) (lo - first) : -1;
  }

  /** One past the last row of {@code [start, end)} in this block. */
  int to(long end) {
    return (int) (Math.min(first + x.length, end) - first);
  }
}
