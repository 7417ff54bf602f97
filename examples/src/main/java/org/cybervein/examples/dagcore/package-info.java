/**
 * The DAG core scene of the demo: units, attestation batches, tip selection, certification, total
 * order across arrival orders, equivocation and finality on one machine, without a network.
 */
package org.cybervein.examples.dagcore;
