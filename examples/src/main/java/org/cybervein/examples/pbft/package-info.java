/**
 * The PBFT scene of the demo: member nodes order a database's operation log through a primary crash
 * and a view change, and the log lands in the contract.
 */
package org.cybervein.examples.pbft;
