package org.cybervein.crypto.merkle;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.junit.jupiter.api.Test;

/** Soundness of inclusion proofs under mutation, and strictness of their decoding. */
class MerkleProofTest {

  /** A tree of n distinct leaves with one proof in it, drawn from a seed. */
  private record Case(List<Bytes> leaves, MerkleTree tree, int index, MerkleProof proof) {
    static Case of(int n, long seed) {
      List<Bytes> leaves = ReferenceMerkle.leaves(n, seed);
      MerkleTree tree = MerkleTree.ofLeaves(leaves);
      int index = new SplittableRandom(seed ^ 0x9e3779b97f4a7c15L).nextInt(n);
      return new Case(leaves, tree, index, tree.proof(index));
    }

    Hash leafHash() {
      return MerkleTree.leafHash(leaves.get(index));
    }

    int n() {
      return leaves.size();
    }
  }

  private static Hash flipBit(Hash h, int bit) {
    byte[] bytes = h.toByteArray();
    bytes[(bit >>> 3) % Hash.SIZE] ^= (byte) (1 << (bit & 7));
    return Hash.of(bytes);
  }

  // ---- soundness ----

  @Test
  void proofVerifiesForItsOwnLeafIndexAndSize() {
    qt().forAll(integers().between(1, 1000), longs().all())
        .checkAssert(
            (n, seed) -> {
              Case c = Case.of(n, seed);
              assertTrue(c.proof.verify(c.tree.root(), n, c.index, c.leafHash()));
              assertTrue(c.proof.verifyLeafData(c.tree.root(), n, c.index, c.leaves.get(c.index)));
            });
  }

  @Test
  void proofFailsAtEveryOtherIndexWithTheSamePath() {
    qt().forAll(integers().between(1, 200), longs().all())
        .checkAssert(
            (n, seed) -> {
              Case c = Case.of(n, seed);
              for (int j = 0; j < n; j++) {
                if (j == c.index) {
                  continue;
                }
                assertFalse(
                    MerkleProof.verify(c.tree.root(), n, j, c.leafHash(), c.proof.path()),
                    "j=" + j);
                assertFalse(c.proof.verify(c.tree.root(), n, j, c.leafHash()), "j=" + j);
              }
            });
  }

  @Test
  void proofFailsWhenAnySiblingHasOneBitFlipped() {
    qt().forAll(integers().between(2, 1000), longs().all(), integers().between(0, 255))
        .checkAssert(
            (n, seed, bit) -> {
              Case c = Case.of(n, seed);
              List<Hash> path = c.proof.path();
              for (int s = 0; s < path.size(); s++) {
                List<Hash> mutated = new ArrayList<>(path);
                mutated.set(s, flipBit(path.get(s), bit));
                MerkleProof bad = new MerkleProof(c.index, n, mutated);
                assertFalse(bad.verify(c.tree.root(), n, c.index, c.leafHash()), "sibling " + s);
              }
            });
  }

  @Test
  void proofFailsForAWrongLeaf() {
    qt().forAll(integers().between(1, 1000), longs().all(), integers().between(0, 255))
        .checkAssert(
            (n, seed, bit) -> {
              Case c = Case.of(n, seed);
              Hash root = c.tree.root();
              assertFalse(c.proof.verify(root, n, c.index, flipBit(c.leafHash(), bit)));
              int other = (c.index + 1) % n;
              if (other != c.index) {
                assertFalse(c.proof.verifyLeafData(root, n, c.index, c.leaves.get(other)));
              }
              // The leaf data itself is not a leaf hash: domain separation keeps them apart.
              byte[] data = c.leaves.get(c.index).toByteArray();
              if (data.length == Hash.SIZE) {
                assertFalse(c.proof.verify(root, n, c.index, Hash.of(data)));
              }
            });
  }

  @Test
  void proofFailsForAWrongRoot() {
    qt().forAll(integers().between(1, 1000), longs().all(), integers().between(0, 255))
        .checkAssert(
            (n, seed, bit) -> {
              Case c = Case.of(n, seed);
              assertFalse(c.proof.verify(flipBit(c.tree.root(), bit), n, c.index, c.leafHash()));
              assertFalse(c.proof.verify(MerkleTree.EMPTY_ROOT, n, c.index, c.leafHash()));
            });
  }

  @Test
  void proofFailsForAWrongTreeSize() {
    qt().forAll(integers().between(1, 1000), longs().all(), integers().between(1, 2100))
        .checkAssert(
            (n, seed, m) -> {
              if (m.equals(n)) {
                return;
              }
              Case c = Case.of(n, seed);
              Hash root = c.tree.root();
              // The proof object knows its size, so a verifier expecting another size rejects it.
              assertFalse(c.proof.verify(root, m, c.index, c.leafHash()));
              // The bare RFC algorithm computes the same hashes whenever leaf i sits in the same
              // place relative to its siblings in both sizes; otherwise it must fail.
              boolean bare = MerkleProof.verify(root, m, c.index, c.leafHash(), c.proof.path());
              boolean samePlace =
                  c.index < m
                      && ReferenceMerkle.directions(c.index, m)
                          .equals(ReferenceMerkle.directions(c.index, n));
              assertEquals(samePlace, bare, "m=" + m);
            });
  }

  @Test
  void bareAuditPathDoesNotBindTreeSizeOrIndexSoVerifierMustSupplyThem() {
    // Known RFC 6962 property: these pairs share the same path shape and thus the same hashes.
    List<Bytes> leaves = ReferenceMerkle.leaves(7, 1);
    MerkleTree six = MerkleTree.ofLeaves(leaves.subList(0, 6));
    MerkleProof zeroOfSix = six.proof(0);
    Hash leaf0 = MerkleTree.leafHash(leaves.get(0));
    assertTrue(MerkleProof.verify(six.root(), 7, 0, leaf0, zeroOfSix.path()));
    assertFalse(zeroOfSix.verify(six.root(), 7, 0, leaf0));

    MerkleTree three = MerkleTree.ofLeaves(leaves.subList(0, 3));
    MerkleProof twoOfThree = three.proof(2);
    Hash leaf2 = MerkleTree.leafHash(leaves.get(2));
    assertTrue(MerkleProof.verify(three.root(), 2, 1, leaf2, twoOfThree.path()));
    assertFalse(twoOfThree.verify(three.root(), 2, 1, leaf2));
    assertTrue(twoOfThree.verify(three.root(), 3, 2, leaf2));
  }

  @Test
  void staticVerifyReturnsFalseForImpossibleIndexOrSize() {
    Hash leaf = MerkleTree.leafHash(new byte[] {1});
    assertTrue(MerkleProof.verify(leaf, 1, 0, leaf, List.of()));
    assertFalse(MerkleProof.verify(leaf, 0, 0, leaf, List.of()));
    assertFalse(MerkleProof.verify(leaf, 1, 1, leaf, List.of()));
    assertFalse(MerkleProof.verify(leaf, 1, -1, leaf, List.of()));
    assertFalse(MerkleProof.verify(leaf, -5, 0, leaf, List.of()));
    assertFalse(MerkleProof.verify(leaf, 1, 0, leaf, List.of(leaf)));
    assertFalse(MerkleProof.verify(leaf, 2, 0, leaf, List.of()));
  }

  @Test
  void constructorRejectsInconsistentProofs() {
    Hash h = Hash.ZERO;
    assertThrows(IllegalArgumentException.class, () -> new MerkleProof(0, 0, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new MerkleProof(1, 1, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new MerkleProof(-1, 3, List.of(h, h)));
    assertThrows(IllegalArgumentException.class, () -> new MerkleProof(0, 3, List.of(h)));
    assertThrows(IllegalArgumentException.class, () -> new MerkleProof(0, 1, List.of(h)));
    assertEquals(2, new MerkleProof(0, 3, List.of(h, h)).path().size());
  }

  // ---- encoding ----

  @Test
  void encodeDecodeRoundTrips() {
    qt().forAll(integers().between(1, 1000), longs().all())
        .checkAssert(
            (n, seed) -> {
              Case c = Case.of(n, seed);
              Bytes encoded = c.proof.encode();
              assertEquals(18 + 32 * c.proof.path().size(), encoded.size());
              MerkleProof decoded = decodeOrFail(encoded);
              assertEquals(c.proof, decoded);
              assertEquals(encoded, decoded.encode());
            });
  }

  @Test
  void encodingHasTheDocumentedLayout() throws InvalidCryptoInputException {
    MerkleTree tree = MerkleTree.ofLeaves(MerkleVectorsTest.LEAVES);
    MerkleProof proof = tree.proof(5);
    byte[] bytes = proof.encode().toByteArray();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    assertEquals(1, in.get());
    assertEquals(5, in.getLong());
    assertEquals(8, in.getLong());
    assertEquals(3, in.get());
    for (Hash sibling : proof.path()) {
      byte[] h = new byte[32];
      in.get(h);
      assertEquals(sibling, Hash.of(h));
    }
    assertFalse(in.hasRemaining());
    // Large values survive: a leaf deep in a tree of 2^62 leaves has 62 siblings.
    long size = MerkleTree.MAX_LEAVES;
    List<Hash> path = new ArrayList<>();
    for (int i = 0; i < 62; i++) {
      path.add(Hash.ZERO);
    }
    MerkleProof huge = new MerkleProof(size - 1, size, path);
    assertEquals(huge, MerkleProof.decode(huge.encode()));
  }

  @Test
  void decodeRejectsEveryTruncation() {
    qt().forAll(integers().between(1, 1000), longs().all())
        .checkAssert(
            (n, seed) -> {
              Bytes encoded = Case.of(n, seed).proof.encode();
              for (int len = 0; len < encoded.size(); len++) {
                assertRejected(encoded.slice(0, len), Reason.TRUNCATED);
              }
            });
  }

  @Test
  void decodeRejectsTrailingBytes() {
    qt().forAll(integers().between(1, 1000), longs().all(), integers().between(1, 100))
        .checkAssert(
            (n, seed, extra) -> {
              Bytes encoded = Case.of(n, seed).proof.encode();
              assertRejected(encoded.concat(Bytes.of(new byte[extra])), Reason.OVERSIZED);
            });
  }

  @Test
  void mutatedHeaderIsRejectedOrFailsVerification() {
    qt().forAll(
            integers().between(1, 1000),
            longs().all(),
            integers().between(0, 17),
            integers().between(1, 255))
        .checkAssert(
            (n, seed, position, xor) -> {
              Case c = Case.of(n, seed);
              byte[] bytes = c.proof.encode().toByteArray();
              bytes[position] ^= xor.byteValue();
              try {
                MerkleProof decoded = MerkleProof.decode(Bytes.of(bytes));
                assertFalse(decoded.equals(c.proof));
                assertFalse(decoded.verify(c.tree.root(), n, c.index, c.leafHash()));
              } catch (InvalidCryptoInputException expected) {
                // rejected: fine
              }
            });
  }

  @Test
  void decodeOfRandomBytesNeverThrowsAnythingElse() {
    qt().forAll(longs().all(), integers().between(0, 400), integers().between(0, 2))
        .checkAssert(
            (seed, length, shape) -> {
              SplittableRandom random = new SplittableRandom(seed);
              byte[] bytes = new byte[length];
              random.nextBytes(bytes);
              if (shape > 0 && length >= 18) {
                // Make the header plausible so that the deeper checks are reached too.
                bytes[0] = MerkleProof.VERSION;
                if (shape == 2) {
                  bytes[17] = (byte) ((length - 18) / 32);
                }
              }
              try {
                MerkleProof decoded = MerkleProof.decode(Bytes.of(bytes));
                // Whatever decodes is a consistent proof that re-encodes to the same bytes.
                assertEquals(Bytes.of(bytes), decoded.encode());
              } catch (InvalidCryptoInputException expected) {
                // rejected: fine
              }
            });
  }

  @Test
  void decodeRejectsEachMalformedFieldWithItsReason() {
    Hash h = MerkleTree.leafHash(new byte[] {7});
    assertRejected(Bytes.EMPTY, Reason.TRUNCATED);
    assertRejected(header(1, 0, 1, 0), null);
    assertRejected(header(2, 0, 1, 0), Reason.MALFORMED);
    assertRejected(header(0, 0, 1, 0), Reason.MALFORMED);
    assertRejected(header(1, 0, 0, 0), Reason.MALFORMED);
    assertRejected(header(1, 1, 1, 0), Reason.MALFORMED);
    assertRejected(header(1, 5, 3, 0), Reason.MALFORMED);
    assertRejected(header(1, -1, 3, 0), Reason.MALFORMED);
    assertRejected(header(1, 0, -1, 0), Reason.MALFORMED);
    assertRejected(header(1, 0, Long.MIN_VALUE, 0), Reason.MALFORMED);
    assertRejected(header(1, 0, 2, 0), Reason.MALFORMED);
    assertRejected(header(1, 0, 1, 1).concat(h.toBytes()), Reason.MALFORMED);
    assertRejected(header(1, 0, 2, 1), Reason.TRUNCATED);
    assertRejected(header(1, 0, 2, 64), Reason.OVERSIZED);
    assertRejected(header(1, 0, 2, 255), Reason.OVERSIZED);
    assertRejected(header(1, 0, 1, 0).concat(Bytes.of(new byte[] {0})), Reason.OVERSIZED);
  }

  private static Bytes header(int version, long index, long size, int count) {
    return Bytes.of(
        ByteBuffer.allocate(18)
            .put((byte) version)
            .putLong(index)
            .putLong(size)
            .put((byte) count)
            .array());
  }

  /** Asserts decoding throws our exception, with {@code reason} if not null; never another one. */
  private static void assertRejected(Bytes encoded, Reason reason) {
    if (reason == null) {
      // A valid one-leaf proof: the control case for the header helper.
      assertEquals(new MerkleProof(0, 1, List.of()), decodeOrFail(encoded));
      return;
    }
    InvalidCryptoInputException e =
        assertThrows(InvalidCryptoInputException.class, () -> MerkleProof.decode(encoded));
    assertEquals(reason, e.reason(), e.getMessage());
  }

  private static MerkleProof decodeOrFail(Bytes encoded) {
    try {
      return MerkleProof.decode(encoded);
    } catch (InvalidCryptoInputException e) {
      throw new AssertionError("valid proof rejected: " + e.getMessage(), e);
    }
  }
}
