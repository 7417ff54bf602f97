/**
 * The federated-learning scene of the demo: Part I alignment by private set intersection and Part
 * II vertical logistic regression of parties A, B and coordinator C on the simulated network.
 */
package org.cybervein.examples.fl;
