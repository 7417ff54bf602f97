package org.cybervein.storageproofs.compactpor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.storageproofs.DecoderChecks;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class CompactPorTest {
  private static final long SEED = PropertyRuns.seed();
  private final DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
  private final CompactPor por = CompactPor.withKey(CompactPorKey.generate(random));
  private final Hash fileId = Hash.of(randomBytes(32).toByteArray());
  private final Bytes file = randomBytes(20_000);
  private final CompactPorEncoding encoding = por.tag(fileId, file, 10);

  private Bytes randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return Bytes.of(b);
  }

  @Test
  void honestProofsVerifyForAnyNumberOfAudits() throws Exception {
    assertEquals(134, encoding.tags().count());
    for (int round = 0; round < 20; round++) {
      CompactPorChallenge challenge = por.challenge(encoding.state(), 1 + round * 6, random);
      CompactPorProof proof =
          CompactPorProver.prove(
              file, encoding.tags(), CompactPorChallenge.decode(challenge.encode()));
      assertEquals(176, proof.mu().size() + proof.sigma().size(), "s + 1 elements, whatever |Q|");
      por.verify(encoding.state(), challenge, CompactPorProof.decode(proof.encode()));
    }
  }

  @Test
  void aChangedChallengedBlockFailsVerification() throws Exception {
    CompactPorChallenge challenge = por.challenge(encoding.state(), 134, random);
    byte[] damaged = file.toByteArray();
    damaged[12_345] ^= 1;
    CompactPorProof proof = CompactPorProver.prove(Bytes.of(damaged), encoding.tags(), challenge);
    assertEquals(Reason.PROOF_MISMATCH, verifyReason(challenge, proof));
  }

  @Test
  void rejectsTamperedReplayedAndMisdirectedProofs() throws Exception {
    CompactPorChallenge challenge = por.challenge(encoding.state(), 50, random);
    CompactPorProof proof = CompactPorProver.prove(file, encoding.tags(), challenge);
    byte[] sigma = proof.sigma().toByteArray();
    sigma[15] ^= 1;
    assertEquals(
        Reason.PROOF_MISMATCH,
        verifyReason(challenge, new CompactPorProof(fileId, proof.mu(), Bytes.of(sigma))));
    byte[] mu = proof.mu().toByteArray();
    mu[3] ^= 1;
    assertEquals(
        Reason.PROOF_MISMATCH,
        verifyReason(challenge, new CompactPorProof(fileId, Bytes.of(mu), proof.sigma())));
    CompactPorChallenge other = por.challenge(encoding.state(), 50, random);
    assertEquals(Reason.PROOF_MISMATCH, verifyReason(other, proof), "an old proof is no answer");
    CompactPorProof elsewhere =
        new CompactPorProof(Hash.of(randomBytes(32).toByteArray()), proof.mu(), proof.sigma());
    assertEquals(Reason.WRONG_CHALLENGE, verifyReason(challenge, elsewhere));
    CompactPorProof fewer = new CompactPorProof(fileId, proof.mu().slice(0, 144), proof.sigma());
    assertEquals(Reason.WRONG_LENGTH, verifyReason(challenge, fewer));
    byte[] big = new byte[16];
    java.util.Arrays.fill(big, (byte) 0xff);
    assertEquals(
        Reason.INVALID_VALUE,
        verifyReason(challenge, new CompactPorProof(fileId, proof.mu(), Bytes.of(big))));
  }

  @Test
  void proverRejectsInconsistentInputs() {
    CompactPorChallenge challenge = por.challenge(encoding.state(), 10, random);
    assertEquals(
        Reason.INVALID_VALUE,
        assertThrows(
                InvalidStorageProofException.class,
                () -> CompactPorProver.prove(file.slice(0, 100), encoding.tags(), challenge))
            .reason());
    CompactPorChallenge foreign =
        new CompactPorChallenge(Hash.of(randomBytes(32).toByteArray()), 10, randomBytes(32));
    assertEquals(
        Reason.WRONG_CHALLENGE,
        assertThrows(
                InvalidStorageProofException.class,
                () -> CompactPorProver.prove(file, encoding.tags(), foreign))
            .reason());
  }

  @Test
  void challengeExpansionGivesDistinctSortedIndicesInRange() {
    for (int t = 0; t < 50; t++) {
      int n = 1 + random.nextInt(500);
      int c = 1 + random.nextInt(n);
      long[] indices = ChallengeExpansion.indices(randomBytes(32).toByteArray(), n, c);
      TreeSet<Long> set = new TreeSet<>();
      for (long i : indices) {
        assertTrue(i >= 0 && i < n);
        set.add(i);
      }
      assertEquals(c, set.size());
      assertEquals(set.first(), indices[0]);
    }
  }

  /**
   * Ateniese et al.: challenging 460 of 10,000 blocks detects 1% corruption with probability 99%.
   * Exact hypergeometric value, then a Monte Carlo over real challenge expansions.
   */
  @Test
  void fourHundredSixtyBlocksDetectOnePercentCorruptionWithNinetyNinePercent() {
    int n = 10_000;
    int t = 100;
    int c = 460;
    // P(miss) = C(n - t, c) / C(n, c) = prod_{i < c} (n - t - i) / (n - i), exactly.
    BigInteger num = BigInteger.ONE;
    BigInteger den = BigInteger.ONE;
    for (int i = 0; i < c; i++) {
      num = num.multiply(BigInteger.valueOf(n - t - i));
      den = den.multiply(BigInteger.valueOf(n - i));
    }
    double pMiss =
        new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue();
    System.out.printf("hypergeometric detection %.5f%n", 1 - pMiss);
    assertTrue(1 - pMiss >= 0.99, "exact detection " + (1 - pMiss));
    assertTrue(1 - pMiss < 0.9915);

    int trials = Integer.getInteger("pdp.trials", 800);
    System.out.println("CompactPorTest seed " + SEED + ", trials " + trials);
    int misses = 0;
    for (int k = 0; k < trials; k++) {
      boolean detected = false;
      for (long i : ChallengeExpansion.indices(randomBytes(32).toByteArray(), n, c)) {
        detected |= i < t;
      }
      if (!detected) {
        misses++;
      }
    }
    double mean = trials * pMiss;
    double sd = Math.sqrt(trials * pMiss * (1 - pMiss));
    System.out.printf("Monte Carlo detection %.5f%n", 1 - (double) misses / trials);
    assertTrue(Math.abs(misses - mean) <= 5 * sd + 1, "misses " + misses + " vs " + mean);
  }

  @Test
  void realFileWithOnePercentCorruptionIsCaughtByMostAudits() throws Exception {
    Bytes big = randomBytes(150_000);
    CompactPorEncoding e = por.tag(fileId, big, 1);
    assertEquals(10_000, e.tags().count());
    byte[] damaged = big.toByteArray();
    for (int block = 0; block < 10_000; block += 100) {
      damaged[block * 15 + 7] ^= 0x40;
    }
    int detected = 0;
    for (int k = 0; k < 6; k++) {
      CompactPorChallenge challenge = por.challenge(e.state(), 460, random);
      CompactPorProof proof = CompactPorProver.prove(Bytes.of(damaged), e.tags(), challenge);
      try {
        por.verify(e.state(), challenge, proof);
      } catch (InvalidStorageProofException caught) {
        assertEquals(Reason.PROOF_MISMATCH, caught.reason());
        detected++;
      }
    }
    assertTrue(detected >= 5, "detected " + detected + " of 6");
  }

  @Test
  void wireMessagesRoundTripAndDecodersRejectHostileBytes() throws Exception {
    CompactPorChallenge challenge = por.challenge(encoding.state(), 20, random);
    DecoderChecks.check(
        challenge.encode(),
        CompactPorChallenge::decode,
        CompactPorChallenge::encode,
        CompactPorChallenge.MAX_ENCODED_SIZE,
        SEED);
    CompactPorProof proof = CompactPorProver.prove(file, encoding.tags(), challenge);
    DecoderChecks.check(
        proof.encode(),
        CompactPorProof::decode,
        CompactPorProof::encode,
        CompactPorProof.MAX_ENCODED_SIZE,
        SEED);
    CompactPorTags small = por.tag(fileId, randomBytes(100), 2).tags();
    DecoderChecks.check(
        small.encode(),
        CompactPorTags::decode,
        CompactPorTags::encode,
        CompactPorTags.MAX_ENCODED_SIZE,
        SEED);
    assertEquals(encoding.tags(), CompactPorTags.decode(encoding.tags().encode()));
  }

  private Reason verifyReason(CompactPorChallenge challenge, CompactPorProof proof) {
    return assertThrows(
            InvalidStorageProofException.class,
            () -> por.verify(encoding.state(), challenge, proof))
        .reason();
  }

  @Test
  void tagsDecoderRefusesOneTagMoreThanTheLimitWithItsOwnException() {
    // Within MAX_ENCODED_SIZE there is room for MAX_BLOCKS + 1 elements.
    Bytes tooMany =
        Bytes.of(
            org.cybervein.api.wire.v1.StorageProto.CompactPorTags.newBuilder()
                .setFileId(org.cybervein.api.wire.ApiTypesCodec.toProto(fileId))
                .setSectorsPerBlock(1)
                .setTags(
                    com.google.protobuf.ByteString.copyFrom(
                        new byte[16 * (CompactPor.MAX_BLOCKS + 1)]))
                .build()
                .toByteArray());
    assertTrue(tooMany.size() <= CompactPorTags.MAX_ENCODED_SIZE);
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(InvalidStorageProofException.class, () -> CompactPorTags.decode(tooMany))
            .reason());
  }
}
