package org.cybervein.storageproofs.pospace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.protobuf.ByteString;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PospaceProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.quicktheories.core.Gen;

/**
 * The commitment validity rules as the module README states them for another implementation: each
 * rule refused with its reason, the rule set as a predicate that agrees with the decoder on random
 * values, and mutated encodings refused with the documented exception and nothing else. Also the
 * verifier's own limits on k and the seed, and why a storage proof needs a verified commitment.
 */
class CommitmentRulesTest {
  private static final Hash MU = PospaceFixtures.mu("rules");
  private static final Hash GAMMA = PospaceFixtures.mu("some gamma");
  private static final Hash SEED = GraphParameters.DEFAULT_GRAPH_SEED;

  private static Bytes encode(long n, int layers, int inLayer, int expander) {
    return Bytes.of(
        PospaceProto.PosCommitment.newBuilder()
            .setMu(hash(MU.toBytes()))
            .setNodeCount(n)
            .setGraph(
                PospaceProto.PosGraphParameters.newBuilder()
                    .setLayers(layers)
                    .setInLayerDegree(inLayer)
                    .setExpanderDegree(expander)
                    .setGraphSeed(hash(SEED.toBytes())))
            .setGamma(hash(GAMMA.toBytes()))
            .build()
            .toByteArray());
  }

  private static TypesProto.Hash hash(Bytes value) {
    return TypesProto.Hash.newBuilder().setValue(ByteString.copyFrom(value.toByteArray())).build();
  }

  private static void refused(Reason reason, Executable decode) {
    InvalidStorageProofException e = assertThrows(InvalidStorageProofException.class, decode);
    assertEquals(reason, e.reason(), e.getMessage());
  }

  private static void refusedValue(long n, int layers, int inLayer, int expander) {
    refused(
        Reason.INVALID_VALUE, () -> SpaceCommitment.decode(encode(n, layers, inLayer, expander)));
  }

  /**
   * The rules exactly as the README lists them, written independently of the decoder: L, d, e read
   * as unsigned 32-bit and n as unsigned 64-bit integers.
   */
  private static boolean followsTheRules(long n, int layers, int inLayer, int expander) {
    long l = Integer.toUnsignedLong(layers);
    long d = Integer.toUnsignedLong(inLayer);
    long e = Integer.toUnsignedLong(expander);
    boolean graph = l >= 1 && l <= 64 && d >= 1 && d <= 16 && e <= 32 && (l == 1 || e >= 1);
    boolean nodes =
        Long.compareUnsigned(n, 2) >= 0
            && Long.compareUnsigned(n, 1L << 40) <= 0
            && graph
            && n >= 2 * l
            && n % l == 0;
    return graph && nodes;
  }

  @Test
  void refusesEachRuleWithInvalidValue() {
    refusedValue(4, 4, 6, 8); // n < 2 L
    refusedValue(1, 1, 1, 0); // n < 2
    refusedValue(0, 1, 1, 0); // n absent
    refusedValue((1L << 40) + 4, 4, 6, 8); // n > 2^40
    refusedValue(-1L, 1, 1, 0); // n = 2^64 - 1 unsigned
    refusedValue(31, 3, 6, 8); // n not a multiple of L
    refusedValue(4, 2, 6, 0); // e = 0 with L > 1
    refusedValue(64, 0, 6, 8); // L = 0
    refusedValue(130, 65, 6, 8); // L > 64
    refusedValue(64, -1, 6, 8); // L = 2^32 - 1 unsigned
    refusedValue(64, 4, 0, 8); // d = 0
    refusedValue(64, 4, 17, 8); // d > 16
    refusedValue(64, 4, 6, 33); // e > 32
    refusedValue(64, 4, 6, -1); // e = 2^32 - 1 unsigned
  }

  @Test
  void acceptsEachBoundAtItsEdge() throws Exception {
    for (long[] ok :
        List.of(
            new long[] {8, 4, 6, 8},
            new long[] {1L << 40, 4, 6, 8},
            new long[] {2, 1, 1, 0},
            new long[] {5, 1, 16, 32},
            new long[] {128, 64, 16, 32},
            new long[] {30, 3, 4, 5})) {
      Bytes b = encode(ok[0], (int) ok[1], (int) ok[2], (int) ok[3]);
      SpaceCommitment c = SpaceCommitment.decode(b);
      assertEquals(b, c.encode());
      assertEquals(ok[0], c.nodeCount());
    }
  }

  @Test
  void refusesHashesOfOtherSizesAndMissingParts() {
    PospaceProto.PosCommitment good =
        PospaceProto.PosCommitment.newBuilder()
            .setMu(hash(MU.toBytes()))
            .setNodeCount(64)
            .setGraph(
                PospaceProto.PosGraphParameters.newBuilder()
                    .setLayers(4)
                    .setInLayerDegree(6)
                    .setExpanderDegree(8)
                    .setGraphSeed(hash(SEED.toBytes())))
            .setGamma(hash(GAMMA.toBytes()))
            .build();
    refused(
        Reason.WRONG_LENGTH,
        () ->
            SpaceCommitment.decode(
                Bytes.of(
                    good.toBuilder()
                        .setGraph(
                            good.getGraph().toBuilder().setGraphSeed(hash(Bytes.of(new byte[31]))))
                        .build()
                        .toByteArray())));
    refused(
        Reason.WRONG_LENGTH,
        () ->
            SpaceCommitment.decode(
                Bytes.of(
                    good.toBuilder().setMu(hash(Bytes.of(new byte[33]))).build().toByteArray())));
    refused(
        Reason.MISSING_FIELD,
        () ->
            SpaceCommitment.decode(Bytes.of(good.toBuilder().clearGamma().build().toByteArray())));
    refused(
        Reason.MISSING_FIELD,
        () ->
            SpaceCommitment.decode(
                Bytes.of(
                    good.toBuilder()
                        .setGraph(good.getGraph().toBuilder().clearGraphSeed())
                        .build()
                        .toByteArray())));
  }

  @Test
  void theDocumentedRulesAgreeWithTheDecoderOnRandomValues() {
    Gen<Long> nodeCounts =
        integers()
            .between(0, 9)
            .zip(
                longs().all(),
                (pick, random) ->
                    switch (pick) {
                      case 0 -> random;
                      case 1 -> (1L << 40) + (random & 0xFF) - 128;
                      default -> random & 0x1FF;
                    });
    Gen<Integer> small = integers().between(-2, 70);
    PropertyRuns.qt()
        .forAll(nodeCounts, small, small, small)
        .checkAssert(
            (n, l, d, e) -> {
              Bytes b = encode(n, l, d, e);
              try {
                SpaceCommitment c = SpaceCommitment.decode(b);
                assertTrue(
                    followsTheRules(n, l, d, e), "accepted " + n + " " + l + " " + d + " " + e);
                assertEquals(b, c.encode());
              } catch (InvalidStorageProofException ex) {
                assertFalse(
                    followsTheRules(n, l, d, e), "refused " + n + " " + l + " " + d + " " + e);
                assertEquals(Reason.INVALID_VALUE, ex.reason(), ex.getMessage());
              }
            });
  }

  @Test
  void mutatedEncodingsAreRefusedWithTheDocumentedExceptionOrAreCanonical() {
    List<Bytes> bases =
        List.of(
            encode(64, 4, 6, 8),
            encode(30, 3, 4, 5),
            encode(2, 1, 1, 0),
            encode(1L << 40, 64, 16, 32));
    PropertyRuns.qt()
        .forAll(
            integers().between(0, bases.size() - 1),
            integers().between(0, 3),
            integers().between(0, 300),
            integers().between(0, 255))
        .checkAssert(
            (base, how, at, value) -> {
              byte[] b = bases.get(base).toByteArray();
              int i = at % (b.length + 1);
              byte[] m =
                  switch (how) {
                    case 0 -> flip(b, Math.min(i, b.length - 1), value);
                    case 1 -> insert(b, i, value);
                    case 2 -> delete(b, Math.min(i, b.length - 1));
                    default -> java.util.Arrays.copyOf(b, i);
                  };
              try {
                SpaceCommitment c = SpaceCommitment.decode(Bytes.of(m));
                // Whatever is accepted is the canonical encoding of a valid commitment.
                assertEquals(Bytes.of(m), c.encode());
              } catch (InvalidStorageProofException expected) {
                // the documented refusal; any other exception fails the property
              }
            });
  }

  private static byte[] flip(byte[] b, int i, int value) {
    byte[] m = b.clone();
    m[i] ^= (byte) (value == 0 ? 1 : value);
    return m;
  }

  private static byte[] insert(byte[] b, int i, int value) {
    byte[] m = new byte[b.length + 1];
    System.arraycopy(b, 0, m, 0, i);
    m[i] = (byte) value;
    System.arraycopy(b, i, m, i + 1, b.length - i);
    return m;
  }

  private static byte[] delete(byte[] b, int i) {
    byte[] m = new byte[b.length - 1];
    System.arraycopy(b, 0, m, 0, i);
    System.arraycopy(b, i + 1, m, i, b.length - i - 1);
    return m;
  }

  // ----------------------------------------------------------------- the verifier's own limits

  private static final SpaceProver PROVER =
      SpaceProver.initInMemory(PospaceFixtures.mu("limits"), 64, PospaceFixtures.SMALL);
  private static final Bytes ROUND = Bytes.utf8("round");

  @Test
  void refusesAChallengeCountOrSeedOutOfRangeAsBadInputNotABug() throws Exception {
    SpaceCommitment c = PROVER.commitment();
    CommitProof commit = PROVER.proveCommit(ROUND, 2);
    refused(Reason.INVALID_VALUE, () -> SpaceVerifier.checkCommit(c, ROUND, 0, commit));
    refused(
        Reason.INVALID_VALUE,
        () -> SpaceVerifier.checkCommit(c, ROUND, Challenges.MAX_CHALLENGES + 1, commit));
    Bytes tooLong = Bytes.of(new byte[Challenges.MAX_SEED_SIZE + 1]);
    refused(Reason.INVALID_VALUE, () -> SpaceVerifier.checkCommit(c, tooLong, 2, commit));
    VerifiedSpaceCommitment v = SpaceVerifier.checkCommit(c, ROUND, 2, commit);
    StorageProof storage = PROVER.proveStorage(ROUND, 3);
    refused(Reason.INVALID_VALUE, () -> SpaceVerifier.checkStorage(v, ROUND, 0, storage));
    refused(Reason.INVALID_VALUE, () -> SpaceVerifier.checkStorage(v, tooLong, 3, storage));
    // The yes/no forms answer no instead of throwing IllegalArgumentException, as they did.
    assertFalse(SpaceVerifier.verifyStorage(v, ROUND, -1, storage));
    assertFalse(SpaceVerifier.verifyCommit(c, tooLong, 2, commit));
    Bytes longest = Bytes.of(new byte[Challenges.MAX_SEED_SIZE]);
    SpaceVerifier.checkStorage(v, longest, 3, PROVER.proveStorage(longest, 3));
  }

  @Test
  void aStorageProofAnswersACopiedGammaSoOnlyTheCommitProofRefusesIt() throws Exception {
    SpaceCommitment victim = PROVER.commitment();
    SpaceCommitment thief =
        new SpaceCommitment(PospaceFixtures.mu("thief"), 64, victim.graph(), victim.gamma());
    StorageProof proof = PROVER.proveStorage(ROUND, 8);
    // Were the thief's commitment trusted, the victim's storage proof would pass for it...
    assertTrue(
        SpaceVerifier.verifyStorage(SpaceVerifier.restoreRegistered(thief), ROUND, 8, proof));
    // ...which is why checkStorage takes only a verified commitment, and the commit proof refuses.
    refused(
        Reason.BAD_LABEL,
        () -> SpaceVerifier.checkCommit(thief, ROUND, 4, PROVER.proveCommit(ROUND, 4)));
  }
}
