/**
 * Party A's per-row work of vertical training as Apache Spark jobs: {@link
 * org.cybervein.fl.spark.SparkPartyRows} holds A's aligned rows, read from Parquet or CSV, cached
 * in blocks across the cluster, and computes the local forward and the encrypted gradient sums of
 * each mini-batch in the executors, partial sums per partition combined on the driver. The
 * protocol, its randomness and its messages stay in {@link org.cybervein.fl.vertical.HostParty} on
 * the driver, so the party trains to the same weights as over the same rows in one JVM.
 */
package org.cybervein.fl.spark;
