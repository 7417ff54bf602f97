/**
 * The first scene of the demo: nodes exchanging signed envelopes over a lossy simulated network,
 * with forged and tampered messages rejected.
 */
package org.cybervein.examples.greetings;
