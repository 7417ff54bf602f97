package org.cybervein.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.ledger.testing.StateFixture;
import org.junit.jupiter.api.Test;

class SparseMerkleTreeTest {
  /**
   * Keys drawn near a few bases (one bit flipped) so that paths share long prefixes, down to 255.
   */
  private static List<Hash> universe(SplittableRandom random) {
    List<Hash> keys = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      byte[] base = new byte[32];
      random.nextBytes(base);
      keys.add(Hash.of(base));
      for (int k = 0; k < 8; k++) {
        byte[] near = base.clone();
        int bit = k < 2 ? 255 - k : random.nextInt(256);
        near[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        keys.add(Hash.of(near));
      }
    }
    return keys;
  }

  private static Bytes randomValue(SplittableRandom random) {
    byte[] v = new byte[random.nextInt(0, 40)];
    random.nextBytes(v);
    return Bytes.of(v);
  }

  @Test
  void incrementalRootsMatchThePlainBaselineAndOldRootsStayReadable() {
    StateFixture.qt(150)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              List<Hash> keys = universe(random);
              Map<Hash, Bytes> nodes = new HashMap<>();
              SparseMerkleTree tree = new SparseMerkleTree(h -> Optional.ofNullable(nodes.get(h)));
              TreeMap<Hash, Bytes> model = new TreeMap<>();
              Hash root = Hash.ZERO;
              List<Hash> roots = new ArrayList<>();
              List<TreeMap<Hash, Bytes>> models = new ArrayList<>();
              int batches = random.nextInt(1, 8);
              for (int b = 0; b < batches; b++) {
                SortedMap<Hash, Optional<Bytes>> changes = new TreeMap<>();
                int n = random.nextInt(0, keys.size());
                for (int i = 0; i < n; i++) {
                  Hash k = keys.get(random.nextInt(keys.size()));
                  Optional<Bytes> v =
                      random.nextInt(3) == 0 ? Optional.empty() : Optional.of(randomValue(random));
                  changes.put(k, v);
                }
                Map<Hash, Bytes> created = new HashMap<>();
                root = tree.update(root, changes, created);
                nodes.putAll(created);
                changes.forEach(
                    (k, v) -> v.ifPresentOrElse(x -> model.put(k, x), () -> model.remove(k)));
                assertEquals(PlainStateRoot.root(model), root, "root after batch " + b);
                roots.add(root);
                models.add(new TreeMap<>(model));
              }
              for (int r = 0; r < roots.size(); r++) {
                for (Hash k : keys) {
                  assertEquals(
                      Optional.ofNullable(models.get(r).get(k)), tree.get(roots.get(r), k));
                }
              }
            });
  }

  @Test
  void proofsShowInclusionAndAbsenceAndRejectTampering() {
    StateFixture.qt(100)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              List<Hash> keys = universe(random);
              Map<Hash, Bytes> nodes = new HashMap<>();
              SparseMerkleTree tree = new SparseMerkleTree(h -> Optional.ofNullable(nodes.get(h)));
              SortedMap<Hash, Optional<Bytes>> changes = new TreeMap<>();
              TreeMap<Hash, Bytes> model = new TreeMap<>();
              for (Hash k : keys) {
                if (random.nextBoolean()) {
                  Bytes v = randomValue(random);
                  changes.put(k, Optional.of(v));
                  model.put(k, v);
                }
              }
              Map<Hash, Bytes> created = new HashMap<>();
              Hash root = tree.update(Hash.ZERO, changes, created);
              nodes.putAll(created);
              for (Hash k : keys) {
                Optional<Bytes> value = Optional.ofNullable(model.get(k));
                StateProof proof = tree.prove(root, k);
                assertTrue(proof.verify(root, k, value), "honest proof");
                assertFalse(proof.verify(root, k, Optional.of(Bytes.utf8("other"))), "wrong value");
                if (value.isPresent()) {
                  assertFalse(proof.verify(root, k, Optional.empty()), "absence of a present key");
                }
                for (StateProof bad : tampered(proof, random)) {
                  assertFalse(bad.verify(root, k, value), "tampered " + bad);
                }
              }
            });
  }

  /** Proofs that differ from {@code proof} in one place each. */
  static List<StateProof> tampered(StateProof proof, SplittableRandom random) {
    List<StateProof> out = new ArrayList<>();
    List<Hash> s = proof.siblings();
    if (!s.isEmpty()) {
      int i = random.nextInt(s.size());
      List<Hash> flipped = new ArrayList<>(s);
      byte[] b = s.get(i).toByteArray();
      b[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
      flipped.set(i, Hash.of(b));
      out.add(new StateProof(flipped, proof.leaf()));
      out.add(new StateProof(s.subList(0, s.size() - 1), proof.leaf()));
      out.add(new StateProof(s.subList(1, s.size()), proof.leaf()));
    }
    if (s.size() < StateProof.MAX_DEPTH) {
      List<Hash> longer = new ArrayList<>(s);
      longer.add(Hash.ZERO);
      out.add(new StateProof(longer, proof.leaf()));
    }
    if (proof.leaf().isPresent()) {
      StateProof.Leaf l = proof.leaf().get();
      byte[] vh = l.valueHash().toByteArray();
      vh[0] ^= 1;
      out.add(new StateProof(s, Optional.of(new StateProof.Leaf(l.key(), Hash.of(vh)))));
      out.add(new StateProof(s, Optional.empty()));
    } else if (!s.isEmpty()) {
      out.add(new StateProof(s, Optional.of(new StateProof.Leaf(Hash.ZERO, Hash.ZERO))));
    }
    return out;
  }

  @Test
  void emptyTreeHasZeroRootAndProvesEveryAbsence() {
    SparseMerkleTree tree = new SparseMerkleTree(h -> Optional.empty());
    Hash key = Hash.of(new byte[32]);
    StateProof proof = tree.prove(Hash.ZERO, key);
    assertEquals(0, proof.siblings().size());
    assertTrue(proof.verify(Hash.ZERO, key, Optional.empty()));
    assertFalse(proof.verify(Hash.ZERO, key, Optional.of(Bytes.EMPTY)));
  }

  @Test
  void singleEntryTreeRootIsItsLeafHash() {
    Map<Hash, Bytes> nodes = new HashMap<>();
    SparseMerkleTree tree = new SparseMerkleTree(h -> Optional.ofNullable(nodes.get(h)));
    Hash key = Hash.fromHex("80" + "00".repeat(31));
    SortedMap<Hash, Optional<Bytes>> one = new TreeMap<>();
    one.put(key, Optional.of(Bytes.utf8("v")));
    Hash root = tree.update(Hash.ZERO, one, nodes);
    assertEquals(TreeHash.leaf(key, TreeHash.value(Bytes.utf8("v"))), root);
    // Deleting the only entry gives the empty tree back.
    SortedMap<Hash, Optional<Bytes>> del = new TreeMap<>();
    del.put(key, Optional.empty());
    assertEquals(Hash.ZERO, tree.update(root, del, nodes));
  }
}
