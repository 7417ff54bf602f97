/**
 * Bitcoin script, read and written but not executed: elements and minimal pushes ({@link
 * org.cybervein.bitcoin.script.Script}), minimal script numbers ({@link
 * org.cybervein.bitcoin.script.ScriptNumber}), and the BIP-199 hashed time-locked contract ({@link
 * org.cybervein.bitcoin.script.HtlcScript}) with its P2SH and P2WSH outputs and the preimage a
 * claim reveals.
 */
package org.cybervein.bitcoin.script;
