package org.cybervein.crypto.merkle;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.cybervein.crypto.merkle.ReferenceMerkle.mth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast tree (heap and file, serial and parallel), the accumulator and the proofs agree with the
 * recursive textbook definitions of RFC 6962 in {@link ReferenceMerkle}.
 */
class MerkleReferenceAgreementTest {
  private static final int SMALL_MAX = 300;
  private static final List<Bytes> LEAVES = ReferenceMerkle.leaves(SMALL_MAX, 42);

  @TempDir Path dir;

  private static MerkleTree build(List<Bytes> leaves, HashArray store, boolean parallel) {
    MerkleTree.Builder builder = MerkleTree.builder(leaves.size(), store);
    for (Bytes leaf : leaves) {
      builder.appendLeaf(leaf);
    }
    return parallel ? builder.buildInParallel() : builder.build();
  }

  @Test
  void everyImplementationAgreesWithReferenceForEverySizeUpTo300() throws IOException {
    MerkleAccumulator accumulator = new MerkleAccumulator();
    for (int n = 0; n <= SMALL_MAX; n++) {
      List<Bytes> leaves = LEAVES.subList(0, n);
      Hash expected = mth(leaves);
      String at = "n=" + n;
      assertEquals(expected, MerkleTree.ofLeaves(leaves).root(), at);
      assertEquals(expected, MerkleTree.ofLeafHashes(leafHashes(leaves)).root(), at);
      long storage = MerkleTree.storageSize(n);
      // Tiny chunks so that levels straddle chunk boundaries.
      assertEquals(expected, build(leaves, new HeapHashArray(storage, 2), false).root(), at);
      assertEquals(expected, build(leaves, new HeapHashArray(storage), true).root(), at);
      try (FileHashArray file = FileHashArray.create(dir.resolve("tree"), storage, 3)) {
        assertEquals(expected, build(leaves, file, false).root(), at);
      }
      assertEquals(expected, accumulator.root(), at);
      assertEquals(n, accumulator.size());
      if (n < SMALL_MAX) {
        accumulator.appendLeaf(LEAVES.get(n));
      }
    }
  }

  @Test
  void storageSizeIsTheSumOfLevelSizesAndAtMostTwiceTheLeaves() {
    assertEquals(0, MerkleTree.storageSize(0));
    assertEquals(1, MerkleTree.storageSize(1));
    assertEquals(3, MerkleTree.storageSize(2));
    assertEquals(3 + 2 + 1, MerkleTree.storageSize(3));
    assertEquals(5 + 3 + 2 + 1, MerkleTree.storageSize(5));
    assertEquals((1L << 21) - 1, MerkleTree.storageSize(1L << 20));
    for (long n = 1; n < 5000; n++) {
      assertTrue(MerkleTree.storageSize(n) <= 2 * n + 64, "n=" + n);
    }
    assertEquals(Long.MAX_VALUE, MerkleTree.storageSize(MerkleTree.MAX_LEAVES));
  }

  @Test
  void proofsEqualReferenceAuditPathsForEveryLeafOfSmallTrees() {
    for (int n = 1; n <= 70; n++) {
      List<Bytes> leaves = LEAVES.subList(0, n);
      MerkleTree tree = MerkleTree.ofLeaves(leaves);
      for (int i = 0; i < n; i++) {
        assertEquals(ReferenceMerkle.path(i, leaves), tree.proof(i).path(), "n=" + n + " i=" + i);
      }
    }
  }

  @Test
  void everyLeafVerifiesInEveryTreeUpTo300() {
    for (int n = 1; n <= SMALL_MAX; n++) {
      List<Bytes> leaves = LEAVES.subList(0, n);
      MerkleTree tree = MerkleTree.ofLeaves(leaves);
      for (int i = 0; i < n; i++) {
        MerkleProof proof = tree.proof(i);
        assertTrue(proof.verifyLeafData(tree.root(), n, i, leaves.get(i)), "n=" + n + " i=" + i);
        assertEquals(MerkleTree.leafHash(leaves.get(i)), tree.leafHashAt(i));
      }
    }
  }

  @Test
  void randomLargerTreesAgreeWithReference() {
    qt().forAll(integers().between(SMALL_MAX + 1, 3000), longs().all())
        .checkAssert(
            (n, seed) -> {
              List<Bytes> leaves = ReferenceMerkle.leaves(n, seed);
              Hash expected = mth(leaves);
              MerkleTree tree = MerkleTree.ofLeaves(leaves);
              assertEquals(expected, tree.root());
              MerkleAccumulator accumulator = new MerkleAccumulator();
              leaves.forEach(accumulator::appendLeaf);
              assertEquals(expected, accumulator.root());
              int i = new SplittableRandom(seed).nextInt(n);
              assertEquals(ReferenceMerkle.path(i, leaves), tree.proof(i).path());
            });
  }

  @Test
  void pathLengthAgreesWithReferenceRecursionForAnySize() {
    qt().forAll(longs().between(1, Long.MAX_VALUE), longs().all())
        .checkAssert(
            (n, seed) -> {
              long i = new SplittableRandom(seed).nextLong(n);
              assertEquals(ReferenceMerkle.directions(i, n).size(), MerkleProof.pathLength(i, n));
              assertEquals(
                  ReferenceMerkle.directions(n - 1, n).size(), MerkleProof.pathLength(n - 1, n));
            });
  }

  @Test
  void parallelBuildWritesExactlyTheSameLevelsAsSerialBuild() {
    // Large enough that the lowest levels are split into several parallel tasks, odd so that
    // lone nodes are promoted on several levels.
    int n = (1 << 16) + 13;
    List<Bytes> leaves = ReferenceMerkle.leaves(n, 7);
    long storage = MerkleTree.storageSize(n);
    HeapHashArray serialStore = new HeapHashArray(storage);
    HeapHashArray parallelStore = new HeapHashArray(storage);
    MerkleTree serial = build(leaves, serialStore, false);
    MerkleTree parallel = build(leaves, parallelStore, true);
    assertEquals(mth(leaves), serial.root());
    assertEquals(serial.root(), parallel.root());
    byte[] a = new byte[Hash.SIZE];
    byte[] b = new byte[Hash.SIZE];
    for (long k = 0; k < storage; k++) {
      serialStore.read(k, a, 0);
      parallelStore.read(k, b, 0);
      assertTrue(java.util.Arrays.equals(a, b), "hash " + k);
    }
  }

  private static List<Hash> leafHashes(List<Bytes> leaves) {
    return leaves.stream().map(MerkleTree::leafHash).toList();
  }
}
