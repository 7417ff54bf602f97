package org.cybervein.crypto.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heap and file hash storage, and trees kept in a file across reopening. */
class HashArrayTest {
  @TempDir Path dir;

  private static Hash hashOf(long i) {
    return MerkleTree.leafHash(Bytes.utf8("hash " + i));
  }

  private static void fillAndCheck(HashArray array) {
    for (long i = 0; i < array.size(); i++) {
      array.set(i, hashOf(i));
    }
    for (long i = 0; i < array.size(); i++) {
      assertEquals(hashOf(i), array.get(i), "index " + i);
    }
  }

  private static void assertRejectsBadIndices(HashArray array) {
    byte[] slot = new byte[Hash.SIZE];
    assertThrows(IndexOutOfBoundsException.class, () -> array.read(-1, slot, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> array.read(array.size(), slot, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> array.write(array.size(), slot, 0));
    if (array.size() > 0) {
      assertThrows(IndexOutOfBoundsException.class, () -> array.read(0, slot, 1));
      assertThrows(IndexOutOfBoundsException.class, () -> array.write(0, new byte[31], 0));
    }
  }

  @Test
  void heapArrayStoresEveryHashAcrossChunkBoundaries() {
    for (int size : new int[] {0, 1, 3, 4, 5, 17}) {
      HeapHashArray array = new HeapHashArray(size, 2);
      assertEquals(size, array.size());
      fillAndCheck(array);
      assertRejectsBadIndices(array);
    }
    HeapHashArray defaultChunks = new HeapHashArray(70_000);
    fillAndCheck(defaultChunks);
    assertRejectsBadIndices(defaultChunks);
    assertThrows(IllegalArgumentException.class, () -> new HeapHashArray(-1));
  }

  @Test
  void freshArraysHoldZeroHashes() throws IOException {
    assertEquals(Hash.ZERO, new HeapHashArray(9, 2).get(8));
    try (FileHashArray file = FileHashArray.create(dir.resolve("zero"), 9, 2)) {
      assertEquals(Hash.ZERO, file.get(8));
    }
  }

  @Test
  void fileArrayStoresEveryHashAndKeepsThemAcrossReopen() throws IOException {
    Path path = dir.resolve("hashes");
    try (FileHashArray array = FileHashArray.create(path, 50, 3)) {
      assertEquals(50, array.size());
      fillAndCheck(array);
      assertRejectsBadIndices(array);
      array.flush();
    }
    assertEquals(50 * 32, Files.size(path));
    for (int chunkBits : new int[] {3, 4, FileHashArray.DEFAULT_CHUNK_BITS}) {
      try (FileHashArray reopened = FileHashArray.open(path, chunkBits)) {
        assertEquals(50, reopened.size());
        for (long i = 0; i < 50; i++) {
          assertEquals(hashOf(i), reopened.get(i));
        }
      }
    }
  }

  @Test
  void createOverwritesAnExistingFile() throws IOException {
    Path path = dir.resolve("again");
    Files.write(path, new byte[1000]);
    try (FileHashArray array = FileHashArray.create(path, 2)) {
      assertEquals(2, array.size());
    }
    assertEquals(64, Files.size(path));
  }

  @Test
  void fileArrayRejectsUseAfterCloseAndFilesOfTheWrongLength() throws IOException {
    FileHashArray array = FileHashArray.create(dir.resolve("closed"), 4);
    array.close();
    array.close();
    byte[] slot = new byte[Hash.SIZE];
    assertThrows(IllegalStateException.class, () -> array.read(0, slot, 0));
    assertThrows(IllegalStateException.class, () -> array.write(0, slot, 0));
    Path odd = dir.resolve("odd");
    Files.write(odd, new byte[33]);
    assertThrows(IOException.class, () -> FileHashArray.open(odd));
    assertThrows(IllegalArgumentException.class, () -> FileHashArray.create(odd, -1));
  }

  @Test
  void treeBuiltIntoAFileMatchesTheHeapTreeAndReopensWithItsProofs() throws IOException {
    int n = 3001;
    List<Bytes> leaves = ReferenceMerkle.leaves(n, 11);
    MerkleTree heap = MerkleTree.ofLeaves(leaves);
    Path path = dir.resolve("tree");
    try (FileHashArray store = FileHashArray.create(path, MerkleTree.storageSize(n))) {
      MerkleTree.Builder builder = MerkleTree.builder(n, store);
      leaves.forEach(builder::appendLeaf);
      MerkleTree tree = builder.buildInParallel();
      assertEquals(heap.root(), tree.root());
      store.flush();
    }
    try (FileHashArray store = FileHashArray.open(path)) {
      MerkleTree reopened = MerkleTree.open(n, store);
      assertEquals(heap.root(), reopened.root());
      for (int i = 0; i < n; i += 97) {
        MerkleProof proof = reopened.proof(i);
        assertEquals(heap.proof(i), proof);
        assertTrue(proof.verifyLeafData(heap.root(), n, i, leaves.get(i)));
      }
    }
  }

  @Test
  void builderRejectsMisuse() {
    assertThrows(IllegalArgumentException.class, () -> MerkleTree.builder(-1));
    assertThrows(
        IllegalArgumentException.class, () -> MerkleTree.builder(MerkleTree.MAX_LEAVES + 1));
    assertThrows(
        IllegalArgumentException.class, () -> MerkleTree.builder(5, new HeapHashArray(10)));
    assertThrows(IllegalArgumentException.class, () -> MerkleTree.open(5, new HeapHashArray(10)));

    MerkleTree.Builder short1 = MerkleTree.builder(2).appendLeaf(new byte[] {1});
    assertEquals(1, short1.appended());
    assertThrows(IllegalStateException.class, short1::build);

    MerkleTree.Builder full = MerkleTree.builder(1).appendLeaf(new byte[] {1});
    assertThrows(IllegalStateException.class, () -> full.appendLeaf(new byte[] {2}));
    assertThrows(IllegalStateException.class, () -> full.appendLeafHash(Hash.ZERO));
    full.build();
    assertThrows(IllegalStateException.class, full::build);
    assertThrows(IllegalStateException.class, full::buildInParallel);

    MerkleTree tree = MerkleTree.ofLeaves(List.of(Bytes.of(new byte[] {1})));
    assertThrows(IndexOutOfBoundsException.class, () -> tree.proof(1));
    assertThrows(IndexOutOfBoundsException.class, () -> tree.proof(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> tree.leafHashAt(1));
    assertThrows(IndexOutOfBoundsException.class, () -> MerkleTree.ofLeaves(List.of()).proof(0));
  }

  @Test
  void leafDataSlicesAndLeafHashBytesGiveTheSameTreeAsWholeValues() {
    byte[] buffer = {9, 1, 2, 3, 9};
    Hash leaf = MerkleTree.leafHash(new byte[] {1, 2, 3});
    byte[] hashBuffer = new byte[40];
    leaf.copyTo(hashBuffer, 5);
    Hash expected = MerkleTree.ofLeafHashes(List.of(leaf, leaf)).root();
    MerkleTree.Builder builder = MerkleTree.builder(2);
    builder.appendLeaf(buffer, 1, 3).appendLeafHash(hashBuffer, 5);
    assertEquals(expected, builder.build().root());
    MerkleAccumulator accumulator = new MerkleAccumulator();
    accumulator.appendLeaf(buffer, 1, 3).appendLeafHash(hashBuffer, 5);
    assertEquals(expected, accumulator.root());
    assertEquals(MerkleTree.nodeHash(leaf, leaf), expected);
  }
}
