package org.cybervein.storageproofs.pospace;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;

/**
 * Computes labels {@code l_v = SHA-256(encode(tag) || mu || u64be(v) || l_p1 || ... || l_pm)}, the
 * tagged hash (layout in {@link DomainTag}) under {@link #TAG}, whose encoding is 32 bytes, so that
 * tag and mu fill exactly the first 64-byte SHA-256 block. That block is compressed once into a
 * primed digest which every label clones: the hot loop hashes only {@code 8 + 32 m} bytes.
 *
 * <p>Callers write the parents' labels into {@link #input()} at {@link #parentOffset(int)} and call
 * {@link #label(long, int, byte[], int)}. Not thread-safe.
 */
final class Labeler {
  /** 31 characters: with its length byte the tag is 32 bytes, with mu one full SHA-256 block. */
  static final DomainTag TAG = DomainTag.of("cybervein/pospace/node-label/v1");

  private final MessageDigest primed;
  private final byte[] input;

  Labeler(Hash mu, int maxParents) {
    try {
      primed = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
    primed.update(TAG.encoded().toByteArray());
    primed.update(mu.toByteArray());
    input = new byte[8 + Hash.SIZE * maxParents];
  }

  /** The buffer whose first {@code 8 + 32 m} bytes a label hashes after the primed block. */
  byte[] input() {
    return input;
  }

  /** Where the label of the j-th parent goes in {@link #input()}. */
  static int parentOffset(int j) {
    return 8 + Hash.SIZE * j;
  }

  /** Writes l_v, for the m parent labels already in {@link #input()}, to {@code out[offset..]}. */
  void label(long v, int parentCount, byte[] out, int offset) {
    for (int b = 7; b >= 0; b--) {
      input[7 - b] = (byte) (v >>> (8 * b));
    }
    MessageDigest digest = fresh();
    digest.update(input, 0, parentOffset(parentCount));
    try {
      digest.digest(out, offset, Hash.SIZE);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 output slot too small", e);
    }
  }

  /** l_v for these parent labels, in order: what a verifier recomputes in Algorithm 2. */
  static Hash label(Hash mu, long v, List<Hash> parentLabels) {
    Objects.requireNonNull(parentLabels, "parentLabels");
    Labeler labeler = new Labeler(mu, parentLabels.size());
    for (int j = 0; j < parentLabels.size(); j++) {
      parentLabels.get(j).copyTo(labeler.input, parentOffset(j));
    }
    byte[] out = new byte[Hash.SIZE];
    labeler.label(v, parentLabels.size(), out, 0);
    return Hash.of(out);
  }

  private MessageDigest fresh() {
    try {
      return (MessageDigest) primed.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the platform's SHA-256 cannot be cloned", e);
    }
  }
}
