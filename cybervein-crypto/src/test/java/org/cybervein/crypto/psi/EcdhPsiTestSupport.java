package org.cybervein.crypto.psi;

import org.cybervein.api.Bytes;

/** Byte-search helper of the transcript tests. */
final class EcdhPsiTestSupport {
  private EcdhPsiTestSupport() {}

  static boolean contains(Bytes haystack, Bytes needle) {
    byte[] h = haystack.toByteArray();
    byte[] n = needle.toByteArray();
    outer:
    for (int i = 0; i + n.length <= h.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (h[i + j] != n[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
