/**
 * Tip selection: how a new unit picks its parents. {@link org.cybervein.dag.tips.TipSelector} with
 * a uniform strategy and IOTA's weighted random walk on cumulative weight, both reading the DAG
 * through {@link org.cybervein.dag.tips.TipView} and drawing randomness from an injected source.
 */
package org.cybervein.dag.tips;
