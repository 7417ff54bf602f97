/**
 * Synchronisation of the DAG between nodes over an injected transport: gossip of new units,
 * requests for missing parents, anti-entropy by tips, per-peer byte budgets. {@link
 * org.cybervein.dag.sync.DagNode} is the core a host runs; {@link org.cybervein.dag.sync.DagAuthor}
 * writes an author's next unit.
 */
package org.cybervein.dag.sync;
