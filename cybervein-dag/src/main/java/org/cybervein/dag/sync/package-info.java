/**
 * Synchronisation of the DAG between nodes over an injected transport: gossip of new units,
 * requests for missing parents, anti-entropy by tips, per-peer byte budgets. {@link
 * org.cybervein.dag.sync.DagNode} is the core a host runs.
 */
package org.cybervein.dag.sync;
