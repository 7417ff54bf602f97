/**
 * The runnable node: the {@code cybervein} command ({@link org.cybervein.node.Main}: {@code
 * keygen}, {@code init}, {@code run}, {@code status}, {@code check}) and the hosts it runs for each
 * role of a cluster (PBFT database member and client, vertical training parties A, B and C) over
 * real links, with data on LMDB, an HTTP health endpoint and Prometheus metrics. An application on
 * every library module; nothing depends on it.
 */
package org.cybervein.node;
