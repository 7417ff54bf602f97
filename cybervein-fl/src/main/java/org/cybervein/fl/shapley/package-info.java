/**
 * The whitepaper's Part III, contribution: exact Shapley values of the parties on a validation
 * metric ({@link org.cybervein.fl.shapley.ShapleyValues}), and the signed {@link
 * org.cybervein.fl.shapley.ContributionReport} a DAG data unit carries and the ledger pays from.
 */
package org.cybervein.fl.shapley;
