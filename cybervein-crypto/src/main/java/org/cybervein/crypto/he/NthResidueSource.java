package org.cybervein.crypto.he;

import java.math.BigInteger;

/** Where an encryptor takes its random factors {@code r^n mod n^2} from. */
interface NthResidueSource {
  /** A fresh uniformly random n-th residue modulo n^2; never the same twice in practice. */
  BigInteger next();
}
