/**
 * The DAG layer of the whitepaper: every data write is one signed {@link
 * org.cybervein.dag.unit.Unit} that references earlier units, and units become certified when later
 * units of enough validators cover them, and final when a blockchain checkpoint does. {@link
 * org.cybervein.dag.Dag} is the node-side engine: validation, storage, certification, finality and
 * status events.
 */
package org.cybervein.dag;
