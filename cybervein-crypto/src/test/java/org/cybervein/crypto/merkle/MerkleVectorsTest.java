package org.cybervein.crypto.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.junit.jupiter.api.Test;

/**
 * Known answers: the RFC 6962 reference test data used by Certificate Transparency implementations
 * (the eight leaves below, the Merkle Tree Hash of each prefix of them, and audit paths). The same
 * values appear in the test suites of several independent CT libraries (Go, C, C#, Ruby and
 * TypeScript code in public repositories); they were checked against those, not against this
 * implementation.
 */
class MerkleVectorsTest {
  static final List<Bytes> LEAVES =
      List.of(
          Bytes.fromHex(""),
          Bytes.fromHex("00"),
          Bytes.fromHex("10"),
          Bytes.fromHex("2021"),
          Bytes.fromHex("3031"),
          Bytes.fromHex("40414243"),
          Bytes.fromHex("5051525354555657"),
          Bytes.fromHex("606162636465666768696a6b6c6d6e6f"));

  /** ROOTS[k] is the root of the first k leaves; ROOTS[0] is SHA-256 of the empty string. */
  static final List<String> ROOTS =
      List.of(
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  /** Audit paths from the same reference data: leaf index, tree size, siblings lowest first. */
  record PathVector(int leafIndex, int treeSize, List<String> path) {}

  static final List<PathVector> PATHS =
      List.of(
          new PathVector(0, 1, List.of()),
          new PathVector(
              0,
              8,
              List.of(
                  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
          new PathVector(
              5,
              8,
              List.of(
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
          new PathVector(
              2, 3, List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
          new PathVector(
              1,
              5,
              List.of(
                  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

  @Test
  void emptyTreeRootIsSha256OfTheEmptyString() {
    assertEquals(ROOTS.get(0), MerkleTree.EMPTY_ROOT.toHex());
    assertEquals(ROOTS.get(0), MerkleTree.ofLeaves(List.of()).root().toHex());
    assertEquals(ROOTS.get(0), new MerkleAccumulator().root().toHex());
  }

  @Test
  void leafHashOfTheEmptyLeafIsThePublishedOneLeafRoot() {
    assertEquals(ROOTS.get(1), MerkleTree.leafHash(new byte[0]).toHex());
  }

  @Test
  void treeRootsMatchPublishedRootsForEveryPrefix() {
    for (int k = 0; k <= LEAVES.size(); k++) {
      assertEquals(
          ROOTS.get(k), MerkleTree.ofLeaves(LEAVES.subList(0, k)).root().toHex(), "k=" + k);
    }
  }

  @Test
  void treeBuiltFromPrecomputedLeafHashesMatchesPublishedRoots() {
    for (int k = 0; k <= LEAVES.size(); k++) {
      List<Hash> hashes = new ArrayList<>();
      for (Bytes leaf : LEAVES.subList(0, k)) {
        hashes.add(MerkleTree.leafHash(leaf));
      }
      assertEquals(ROOTS.get(k), MerkleTree.ofLeafHashes(hashes).root().toHex(), "k=" + k);
    }
  }

  @Test
  void accumulatorRootMatchesPublishedRootAfterEachAppend() {
    MerkleAccumulator accumulator = new MerkleAccumulator();
    for (int k = 1; k <= LEAVES.size(); k++) {
      accumulator.appendLeaf(LEAVES.get(k - 1));
      assertEquals(ROOTS.get(k), accumulator.root().toHex(), "k=" + k);
    }
  }

  @Test
  void referenceImplementationMatchesPublishedRoots() {
    for (int k = 0; k <= LEAVES.size(); k++) {
      assertEquals(ROOTS.get(k), ReferenceMerkle.mth(LEAVES.subList(0, k)).toHex(), "k=" + k);
    }
  }

  @Test
  void proofsMatchPublishedAuditPathsAndVerify() {
    for (PathVector v : PATHS) {
      MerkleTree tree = MerkleTree.ofLeaves(LEAVES.subList(0, v.treeSize()));
      MerkleProof proof = tree.proof(v.leafIndex());
      List<String> actual = proof.path().stream().map(Hash::toHex).toList();
      assertEquals(v.path(), actual, v.toString());
      Hash root = Hash.fromHex(ROOTS.get(v.treeSize()));
      assertTrue(
          proof.verifyLeafData(root, v.treeSize(), v.leafIndex(), LEAVES.get(v.leafIndex())),
          v.toString());
      List<Hash> published = v.path().stream().map(Hash::fromHex).toList();
      assertTrue(
          MerkleProof.verify(
              root,
              v.treeSize(),
              v.leafIndex(),
              MerkleTree.leafHash(LEAVES.get(v.leafIndex())),
              published),
          v.toString());
    }
  }

  @Test
  void everyLeafOfEveryPrefixVerifiesAgainstThePublishedRoot() {
    for (int n = 1; n <= LEAVES.size(); n++) {
      MerkleTree tree = MerkleTree.ofLeaves(LEAVES.subList(0, n));
      Hash root = Hash.fromHex(ROOTS.get(n));
      for (int i = 0; i < n; i++) {
        assertTrue(tree.proof(i).verifyLeafData(root, n, i, LEAVES.get(i)), "n=" + n + " i=" + i);
      }
    }
  }
}
