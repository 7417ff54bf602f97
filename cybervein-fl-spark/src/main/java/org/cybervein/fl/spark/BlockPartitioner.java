package org.cybervein.fl.spark;

import org.apache.spark.Partitioner;

/** Block k to partition {@code k mod P}: consecutive blocks, hence every batch, on all of them. */
final class BlockPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;

  private final int partitions;

  BlockPartitioner(int partitions) {
    this.partitions = partitions;
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    return (int) Math.floorMod((Long) key, (long) partitions);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockPartitioner p && p.partitions == partitions;
  }

  @Override
  public int hashCode() {
    return partitions;
  }
}
