/**
 * Benchmarks of {@code org.cybervein.crypto.he} (Paillier) against javallier in the same run, and
 * of {@code org.cybervein.crypto.psi}.
 */
package org.cybervein.benchmarks.he;
