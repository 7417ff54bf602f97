/**
 * Horizontal federated learning: parties that hold the same features for different users train a
 * logistic regression model by federated averaging (McMahan et al.), each round's updates summed by
 * secure aggregation ({@link org.cybervein.fl.secagg}) so the server learns only the average.
 */
package org.cybervein.fl.horizontal;
