/**
 * Threshold secret sharing: Shamir's scheme over GF(2^8), used to recover a dropped party's mask
 * seeds in secure aggregation.
 *
 * <p>Shares are not verifiable: a wrong share silently yields a wrong secret. Protocols that use
 * this package deliver shares inside authenticated encryption, so a share that arrives is the one
 * its dealer made.
 */
package org.cybervein.crypto.sharing;
