package org.cybervein.storageproofs.poc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.storageproofs.DecoderChecks;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class ElectionTest {
  private static final long SEED = PropertyRuns.seed();
  private static final int TRIALS = Integer.getInteger("election.trials", 10_000);

  @Test
  void winFrequenciesMatchWeightShares() {
    System.out.println("ElectionTest seed " + SEED + ", trials " + TRIALS);
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    long[][] figures = {{1, 1}, {2, 3}, {5, 1}, {4, 4}, {0, 9}, {9, 0}};
    double total = 0;
    for (long[] f : figures) {
      total += f[0] * f[1];
    }
    int[] wins = new int[figures.length];
    // Keys stay (key generation is slow); each round brings fresh proofs.
    PublicKey[] keys = new PublicKey[figures.length];
    for (int i = 0; i < figures.length; i++) {
      keys[i] = Contributions.random(random, 1, 1).publicKey();
    }
    for (int t = 0; t < TRIALS; t++) {
      List<ElectionContribution> round = new ArrayList<>();
      for (int i = 0; i < figures.length; i++) {
        round.add(
            new ElectionContribution(
                keys[i],
                Contributions.randomHash(random),
                Contributions.randomHash(random),
                Contributions.randomHash(random),
                figures[i][0],
                figures[i][1]));
      }
      ElectionContribution winner = Election.winner(round).orElseThrow();
      wins[round.indexOf(winner)]++;
    }
    for (int i = 0; i < figures.length; i++) {
      double p = figures[i][0] * figures[i][1] / total;
      double frequency = (double) wins[i] / TRIALS;
      double sigma = Math.sqrt(p * (1 - p) / TRIALS);
      assertTrue(
          Math.abs(frequency - p) <= 5 * sigma + 1e-12,
          "contribution " + i + ": frequency " + frequency + ", share " + p);
    }
    assertEquals(0, wins[4], "no space, no win");
    assertEquals(0, wins[5], "no bandwidth, no win");
  }

  @Test
  void winnerDoesNotDependOnListOrder() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 1);
    for (int t = 0; t < 200; t++) {
      List<ElectionContribution> round = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        round.add(Contributions.random(random, 1 + random.nextInt(3), 1 + random.nextInt(3)));
      }
      ElectionContribution winner = Election.winner(round).orElseThrow();
      List<ElectionContribution> shuffled = new ArrayList<>(round);
      Collections.reverse(shuffled);
      assertEquals(winner, Election.winner(shuffled).orElseThrow());
    }
  }

  @Test
  void equalWeightsElectTheLargestUniform() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 2);
    List<ElectionContribution> round = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      round.add(Contributions.random(random, 7, 11));
    }
    ElectionContribution largest = round.get(0);
    for (ElectionContribution c : round) {
      if (Election.uniform(c) > Election.uniform(largest)) {
        largest = c;
      }
    }
    assertEquals(largest, Election.winner(round).orElseThrow());
  }

  @Test
  void uniformIsInsideTheOpenIntervalOnTheHalfGrid() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 3);
    for (int t = 0; t < 1000; t++) {
      double u = Election.uniform(Contributions.random(random, 1, 1));
      assertTrue(u > 0 && u < 1);
      double scaled = u * 0x1.0p53 - 0.5;
      assertEquals(Math.rint(scaled), scaled, 0.0, "53 bits plus one half");
    }
  }

  @Test
  void raceKeyIsTheLogOfTheExponentialVariable() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 4);
    for (int t = 0; t < 200; t++) {
      ElectionContribution c =
          Contributions.random(random, 1 + random.nextInt(1000), 1 + random.nextInt(1000));
      double u = Election.uniform(c);
      double expected = Math.log(-Math.log(u) / ((double) c.space() * c.bandwidth()));
      assertEquals(expected, Election.raceKey(c), 1e-9);
    }
  }

  @Test
  void hugeFiguresStayFinite() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 5);
    ElectionContribution big = Contributions.random(random, Long.MAX_VALUE, Long.MAX_VALUE);
    ElectionContribution small = Contributions.random(random, 1, 1);
    assertTrue(Double.isFinite(Election.raceKey(big)));
    assertEquals(big, Election.winner(List.of(small, big)).orElseThrow());
  }

  @Test
  void noPositiveWeightMeansNoWinner() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 6);
    assertTrue(Election.winner(List.of()).isEmpty());
    assertFalse(
        Election.winner(
                List.of(Contributions.random(random, 0, 5), Contributions.random(random, 5, 0)))
            .isPresent());
    assertThrows(
        IllegalArgumentException.class, () -> Election.raceKey(Contributions.random(random, 0, 1)));
  }

  @Test
  void proofDigestIgnoresTheClaimedFigures() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 7);
    ElectionContribution c = Contributions.random(random, 3, 4);
    ElectionContribution inflated =
        new ElectionContribution(
            c.publicKey(), c.commitment(), c.challenge(), c.answerDigest(), 300, 400);
    assertEquals(c.proofDigest(), inflated.proofDigest());
  }

  @Test
  void contributionRoundTripsAndRejectsHostileBytes() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 8);
    ElectionContribution c = Contributions.random(random, 1L << 40, 12345);
    assertEquals(c, assertDoesNotThrowDecode(c.encode()));
    DecoderChecks.check(
        c.encode(),
        ElectionContribution::decode,
        ElectionContribution::encode,
        ElectionContribution.MAX_ENCODED_SIZE,
        SEED);
  }

  @Test
  void rejectsContributionWithMissingFieldsOrNegativeFigures() {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED + 9);
    ElectionContribution c = Contributions.random(random, 1, 1);
    var missing = c.toProto().toBuilder().clearAnswerDigest().build();
    assertRejected(Bytes.of(missing.toByteArray()), "MISSING_FIELD");
    var negative = c.toProto().toBuilder().setSpace(-1).build();
    assertRejected(Bytes.of(negative.toByteArray()), "INVALID_VALUE");
    var shortHash =
        c.toProto().toBuilder()
            .setCommitment(
                org.cybervein.api.wire.v1.TypesProto.Hash.newBuilder()
                    .setValue(com.google.protobuf.ByteString.copyFrom(new byte[31])))
            .build();
    assertRejected(Bytes.of(shortHash.toByteArray()), "WRONG_LENGTH");
  }

  private static ElectionContribution assertDoesNotThrowDecode(Bytes b) {
    try {
      return ElectionContribution.decode(b);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void assertRejected(Bytes b, String reason) {
    var e =
        assertThrows(
            org.cybervein.storageproofs.InvalidStorageProofException.class,
            () -> ElectionContribution.decode(b));
    assertEquals(reason, e.reason().name());
  }
}
