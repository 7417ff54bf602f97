/**
 * Part I of the whitepaper's federated learning: private sample alignment. Parties A and B find the
 * users they have in common without revealing the others (private set intersection) and order their
 * rows of those users identically, {@link org.cybervein.fl.alignment.AlignedSamples}.
 */
package org.cybervein.fl.alignment;
