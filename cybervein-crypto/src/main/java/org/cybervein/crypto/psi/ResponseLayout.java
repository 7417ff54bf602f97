package org.cybervein.crypto.psi;

import org.cybervein.api.wire.v1.HeProto;

/**
 * Where every element sits in the canonical encoding of a {@code PsiEcdhResponse}, so that the
 * responder can write it in pieces and the initiator can read its own part early: protobuf writes
 * the fields in number order, so the encoding is {@code answers} entries of field 1 ({@code
 * double_blinded}), then {@code own} entries of field 2 ({@code blinded}), then the group (absent
 * for P-256, whose value is the default). Every entry is a tag byte, a length byte and the element
 * (32 or 33 bytes, so the length is one varint byte).
 *
 * @param group the group, which fixes the element length and the trailer
 * @param answers the number of double-blinded elements (the initiator's set size)
 * @param own the number of the responder's own elements
 */
record ResponseLayout(EcdhPsiGroup group, int answers, int own) {
  /** Bytes of one entry: tag, length, element. */
  int entry() {
    return 2 + group.elementLength();
  }

  /** Offset of the first own element's entry: where the double-blinded ones end. */
  long ownStart() {
    return (long) answers * entry();
  }

  /** The encoded group field that ends the message (empty for the default group). */
  byte[] trailer() {
    return HeProto.PsiEcdhResponse.newBuilder().setGroup(group.wire()).build().toByteArray();
  }

  /** The length of the whole encoding. */
  int total() {
    long total = ownStart() + (long) own * entry() + trailer().length;
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("a response of " + total + " bytes is too long to encode");
    }
    return (int) total;
  }

  /** The tag byte of a length-delimited field. */
  static byte tag(int field) {
    return (byte) ((field << 3) | 2);
  }

  /** Writes the entry of one element of {@code field} (1 or 2) at {@code at}. */
  void put(byte[] out, long at, int field, byte[] element) {
    int i = (int) at;
    out[i] = tag(field);
    out[i + 1] = (byte) element.length;
    System.arraycopy(element, 0, out, i + 2, element.length);
  }
}
