/** The proof-of-space scene of the demo: Init, publish, commit and storage proofs, a cheater. */
package org.cybervein.examples.pospace;
