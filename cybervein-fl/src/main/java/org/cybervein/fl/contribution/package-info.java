/**
 * The whitepaper's Part III, contribution: exact Shapley values of the parties on a validation
 * metric ({@link org.cybervein.fl.contribution.ShapleyValues}), and the signed {@link
 * org.cybervein.fl.contribution.ContributionReport} a DAG data unit carries and the ledger pays
 * from.
 */
package org.cybervein.fl.contribution;
