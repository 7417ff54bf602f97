package org.cybervein.storageproofs.pospace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.merkle.FileHashArray;
import org.cybervein.crypto.merkle.HashArray;
import org.cybervein.crypto.merkle.HeapHashArray;
import org.cybervein.crypto.merkle.MerkleTree;

/**
 * The proof-of-space prover: Algorithm 1 {@code Init(mu, n)} labels every node of the graph G and
 * commits to the labels; Algorithms 2 and 3 answer commit and storage challenges from the stored
 * labels and tree.
 *
 * <h2>Storage</h2>
 *
 * Labels and tree live in one {@link HashArray} of {@link #storageSize(long) storageSize(n)} hashes
 * (about {@code 2 n * 32} bytes): the labels are the leaves of the Merkle tree, at indices {@code 0
 * .. n-1}, followed by the levels above. With a {@link FileHashArray} the labels stream to a file
 * while they are computed and the heap holds only a few buffers, so 2^26 labels (a 4 GiB file) and
 * more fit in a small heap. Labelling reads parents back from the array, so pages of the current
 * and previous layers should fit in the page cache for speed.
 *
 * <p>Labelling is sequential (each node depends on its predecessor) and runs on the calling thread,
 * as does the tree. Once built, a prover only reads its array, so it may answer challenges from
 * several threads at once.
 */
public final class SpaceProver {
  /** Labels between two progress reports. */
  static final long PROGRESS_STEP = 1L << 14;

  private final SpaceCommitment commitment;
  private final SpaceGraph graph;
  private final HashArray store;
  private final MerkleTree tree;

  private SpaceProver(SpaceCommitment commitment, SpaceGraph graph, HashArray store, MerkleTree t) {
    this.commitment = commitment;
    this.graph = graph;
    this.store = store;
    this.tree = t;
  }

  /**
   * The number of hashes the array given to {@link #init} must hold for n labels.
   *
   * @param nodeCount the number of labels n
   * @return the number of 32-byte hashes: the labels and the tree above them
   */
  public static long storageSize(long nodeCount) {
    return MerkleTree.storageSize(nodeCount);
  }

  /**
   * Algorithm 1 {@code Init(mu, n)}: computes every label l_v of G in node order, writing it to
   * {@code store[v]}, then builds the Merkle tree above them in the same array and returns the
   * prover holding the commitment gamma.
   *
   * @param store a fresh array of at least {@link #storageSize(long) storageSize(n)} hashes; the
   *     prover reads it for as long as it is used
   * @param mu the prover's identity hash
   * @param nodeCount the number of labels n
   * @param parameters the graph's layer count and degrees
   * @param progress told how many labels are done, on the calling thread
   * @return the prover
   * @throws IllegalArgumentException if n does not suit the graph or the store is too small
   */
  public static SpaceProver init(
      Hash mu, long nodeCount, GraphParameters parameters, HashArray store, InitProgress progress) {
    Objects.requireNonNull(mu, "mu");
    Objects.requireNonNull(progress, "progress");
    SpaceGraph graph = SpaceGraph.of(parameters, nodeCount);
    MerkleTree.Builder builder = MerkleTree.builder(nodeCount, store);
    NodeLabeler labeler = new NodeLabeler(mu, graph);
    byte[] label = new byte[Hash.SIZE];
    for (long v = 0; v < nodeCount; v++) {
      labeler.label(v, store, label, 0);
      builder.appendLeafHash(label, 0);
      if ((v + 1) % PROGRESS_STEP == 0 && v + 1 < nodeCount) {
        progress.progress(v + 1, nodeCount);
      }
    }
    MerkleTree tree = builder.build();
    SpaceCommitment commitment = new SpaceCommitment(mu, nodeCount, parameters, tree.root());
    progress.progress(nodeCount, nodeCount);
    return new SpaceProver(commitment, graph, store, tree);
  }

  /**
   * {@link #init} into a new heap array: for tests and small n.
   *
   * @param mu the prover's identity hash
   * @param nodeCount the number of labels n
   * @param parameters the graph's layer count and degrees
   * @return the prover
   */
  public static SpaceProver initInMemory(Hash mu, long nodeCount, GraphParameters parameters) {
    return init(
        mu, nodeCount, parameters, new HeapHashArray(storageSize(nodeCount)), InitProgress.NONE);
  }

  /**
   * Reopens a prover whose {@link #init} wrote {@code store} earlier (e.g. a {@link FileHashArray}
   * after a restart). The root stored in the array must be the commitment's gamma; the labels
   * themselves are trusted, not recomputed.
   *
   * @param commitment the commitment published after {@link #init}
   * @param store the array {@link #init} wrote
   * @return the prover
   * @throws IllegalArgumentException if the store is too small or holds another root
   */
  public static SpaceProver open(SpaceCommitment commitment, HashArray store) {
    Objects.requireNonNull(commitment, "commitment");
    MerkleTree tree = MerkleTree.open(commitment.nodeCount(), store);
    if (!tree.root().equals(commitment.gamma())) {
      throw new IllegalArgumentException(
          "the store holds root " + tree.root() + ", not the committed " + commitment.gamma());
    }
    return new SpaceProver(commitment, commitment.spaceGraph(), store, tree);
  }

  /**
   * The commitment (mu, n, G, gamma) to publish.
   *
   * @return the commitment
   */
  public SpaceCommitment commitment() {
    return commitment;
  }

  /**
   * The graph G.
   *
   * @return G
   */
  public SpaceGraph graph() {
    return graph;
  }

  /**
   * The stored label l_v.
   *
   * @param v the node index
   * @return l_v
   * @throws IndexOutOfBoundsException if v is not in {@code [0, n)}
   */
  public Hash label(long v) {
    Objects.checkIndex(v, commitment.nodeCount());
    return store.get(v);
  }

  /**
   * The opening of node v: its label and audit path.
   *
   * @param v the node index
   * @return the opening
   * @throws IndexOutOfBoundsException if v is not in {@code [0, n)}
   */
  public LabelOpening open(long v) {
    return new LabelOpening(label(v), tree.proof(v));
  }

  /**
   * Algorithm 3: answers the k storage challenges derived from the public seed with the openings of
   * the challenged labels.
   *
   * @param seed the round's public seed
   * @param k the number of storage challenges
   * @return the proof
   */
  public StorageProof proveStorage(Bytes seed, int k) {
    List<Long> challenges = Challenges.derive(ProofKind.STORAGE, commitment, seed, k);
    List<LabelOpening> openings = new ArrayList<>(challenges.size());
    for (long c : challenges) {
      openings.add(open(c));
    }
    return new StorageProof(commitment.nodeCount(), openings);
  }

  /**
   * Algorithm 2: answers the k commit challenges derived from the public seed with the openings of
   * the challenged labels and of all their parents.
   *
   * @param seed the round's public seed
   * @param k the number of commit challenges
   * @return the proof
   */
  public CommitProof proveCommit(Bytes seed, int k) {
    List<Long> challenges = Challenges.derive(ProofKind.COMMIT, commitment, seed, k);
    List<CommitOpening> openings = new ArrayList<>(challenges.size());
    for (long c : challenges) {
      List<LabelOpening> parents = new ArrayList<>();
      for (long p : graph.parents(c)) {
        parents.add(open(p));
      }
      openings.add(new CommitOpening(open(c), parents));
    }
    return new CommitProof(commitment.nodeCount(), openings);
  }

  @Override
  public String toString() {
    return "SpaceProver[" + commitment + "]";
  }
}
