package org.cybervein.crypto.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.cybervein.api.Hash;
import org.junit.jupiter.api.Test;

/** A tree of 2^20 leaves, the scale of a small proof-of-space commitment, in a few seconds. */
class LargeMerkleTreeTest {
  private static final int N = 1 << 20;

  @Test
  void treeOverAMillionLeavesBuildsAndItsProofsVerify() {
    byte[] label = new byte[32];
    ByteBuffer labelView = ByteBuffer.wrap(label);
    MerkleTree.Builder builder = MerkleTree.builder(N);
    MerkleTree.Builder serialBuilder = MerkleTree.builder(N);
    MerkleAccumulator accumulator = new MerkleAccumulator();
    long start = System.nanoTime();
    for (long i = 0; i < N; i++) {
      labelView.putLong(0, i);
      builder.appendLeaf(label);
      serialBuilder.appendLeaf(label);
      accumulator.appendLeaf(label);
    }
    MerkleTree tree = builder.buildInParallel();
    MerkleTree serial = serialBuilder.build();
    System.out.printf(
        "2^20 leaves: two trees and an accumulator in %d ms%n",
        (System.nanoTime() - start) / 1_000_000);

    assertEquals(N, tree.size());
    assertEquals(accumulator.root(), tree.root());
    assertEquals(serial.root(), tree.root());
    for (long i : new long[] {0, 1, 12345, N / 2, N - 2, N - 1}) {
      labelView.putLong(0, i);
      Hash leaf = MerkleTree.leafHash(label);
      MerkleProof proof = tree.proof(i);
      assertEquals(20, proof.path().size());
      assertTrue(proof.verify(tree.root(), N, i, leaf), "leaf " + i);
      assertFalse(proof.verify(tree.root(), N, i ^ 1, leaf), "leaf " + i + " as its sibling");
    }
  }
}
