package org.cybervein.storageproofs.pospace;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.merkle.HashArray;

/**
 * The labelling function of proof of space: {@code l_v = H(mu, v, labels of v's parents)}, exactly
 *
 * <pre>
 *   l_v = SHA-256(encode(TAG) || mu || u64be(v) || l_p1 || ... || l_pm)
 * </pre>
 *
 * the tagged hash (layout in {@link DomainTag}) under {@link #TAG} of mu, the node index and the
 * labels of the parents {@code p1 .. pm} in the order {@link SpaceGraph#parents(long)} lists them.
 *
 * <h2>Speed</h2>
 *
 * The tag's name has 31 characters, so its encoding is 32 bytes and, with the 32 bytes of mu, fills
 * exactly the first 64-byte SHA-256 block. That block is compressed once into a primed {@link
 * MessageDigest} that every label clones, so the labelling loop hashes only the {@code 8 + 32 m}
 * bytes that follow and pays no tagged-hash API overhead. Not thread-safe: one instance per
 * labelling thread.
 */
public final class NodeLabeler {
  /** The label tag; 31 characters, so that tag and mu fill one SHA-256 block. */
  public static final DomainTag TAG = DomainTag.of("cybervein/pospace/node-label/v1");

  private final SpaceGraph graph;
  private final MessageDigest primed;
  private final byte[] input;
  private final long[] parents;

  /**
   * A labeller for the prover mu on graph G.
   *
   * @param mu the prover's identity hash
   * @param graph the graph G
   */
  public NodeLabeler(Hash mu, SpaceGraph graph) {
    this(mu, Objects.requireNonNull(graph, "graph"), graph.parameters().maxParents());
  }

  private NodeLabeler(Hash mu, SpaceGraph graph, int maxParents) {
    Objects.requireNonNull(mu, "mu");
    this.graph = graph;
    try {
      primed = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
    primed.update(TAG.encoded().toByteArray());
    primed.update(mu.toByteArray());
    input = new byte[8 + Hash.SIZE * maxParents];
    parents = new long[maxParents];
  }

  /**
   * Writes l_v to {@code out[offset .. offset + 32)}, reading the labels of v's parents from {@code
   * labels} (label u at index u): the step of Algorithm 1 for one node. Allocates nothing.
   *
   * @param v the node to label
   * @param labels the labels computed so far, indexed by node
   * @param out the array to write l_v into
   * @param offset the index in {@code out} of the label's first byte
   * @throws IndexOutOfBoundsException if v is not a node of the graph, or a parent or the output
   *     slot is outside its array
   */
  public void label(long v, HashArray labels, byte[] out, int offset) {
    int m = graph.parents(v, parents);
    for (int j = 0; j < m; j++) {
      labels.read(parents[j], input, 8 + Hash.SIZE * j);
    }
    hash(v, m, out, offset);
  }

  /**
   * l_v for these parent labels, given in the order of {@link SpaceGraph#parents(long)}: what a
   * verifier recomputes in Algorithm 2.
   *
   * @param mu the prover's identity hash
   * @param v the node index
   * @param parentLabels the parents' labels, in parent order
   * @return l_v
   */
  public static Hash label(Hash mu, long v, List<Hash> parentLabels) {
    Objects.requireNonNull(parentLabels, "parentLabels");
    NodeLabeler labeler = new NodeLabeler(mu, null, parentLabels.size());
    for (int j = 0; j < parentLabels.size(); j++) {
      parentLabels.get(j).copyTo(labeler.input, 8 + Hash.SIZE * j);
    }
    byte[] out = new byte[Hash.SIZE];
    labeler.hash(v, parentLabels.size(), out, 0);
    return Hash.of(out);
  }

  private void hash(long v, int parentCount, byte[] out, int offset) {
    for (int b = 0; b < 8; b++) {
      input[b] = (byte) (v >>> (56 - 8 * b));
    }
    MessageDigest digest;
    try {
      digest = (MessageDigest) primed.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the platform's SHA-256 cannot be cloned", e);
    }
    digest.update(input, 0, 8 + Hash.SIZE * parentCount);
    try {
      digest.digest(out, offset, Hash.SIZE);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 output slot too small", e);
    }
  }
}
