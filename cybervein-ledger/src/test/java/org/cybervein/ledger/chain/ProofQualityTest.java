package org.cybervein.ledger.chain;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.testing.ChainFixture;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.storageproofs.poc.Election;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.junit.jupiter.api.Test;

class ProofQualityTest {
  private static ElectionContribution random(DeterministicRandom r) {
    byte[] key = new byte[32];
    byte[] h = new byte[32];
    r.nextBytes(key);
    r.nextBytes(h);
    return new ElectionContribution(
        PublicKey.ed25519(key),
        Hash.of(h),
        Hash.ZERO,
        Hash.ZERO,
        1 + r.nextLong(Long.MAX_VALUE - 1),
        1 + r.nextLong(1L << (1 + r.nextInt(62))));
  }

  @Test
  void theBestOfARoundIsTheElectionWinnerAndHasTheLargestQuality() {
    qt().forAll(integers().between(1, 12), longs().all())
        .checkAssert(
            (count, seed) -> {
              DeterministicRandom r = DeterministicRandom.fromSeed(seed);
              List<ElectionContribution> round = new ArrayList<>();
              for (int i = 0; i < count; i++) {
                round.add(random(r));
              }
              List<ElectionContribution> sorted = new ArrayList<>(round);
              sorted.sort(ProofQuality.ORDER);
              assertEquals(Election.winner(round).orElseThrow(), sorted.get(0));
              for (int i = 1; i < sorted.size(); i++) {
                assertTrue(ProofQuality.of(sorted.get(i - 1)) >= ProofQuality.of(sorted.get(i)));
                assertTrue(ProofQuality.of(sorted.get(i)) >= 1);
              }
            });
  }

  @Test
  void anObserverOfEveryBlockOfARoundAdoptsTheElectionWinners() throws Exception {
    ChainFixture fx =
        new ChainFixture(
            PocFixtures.PARAMETERS,
            23,
            new long[] {1 << 10, 1 << 11, 1 << 12, 1 << 11},
            new long[] {4000, 1000, 3000, 2000});
    for (int round = 0; round < 6; round++) {
      Chain base = fx.newChain();
      fx.extend(base, fx.all(), round, 0);
      int winner = fx.winner(base, fx.all());
      List<Block> siblings = new ArrayList<>();
      for (int i = 0; i < fx.contributors.size(); i++) {
        // Each contributor's block as it would make it seeing only its own contribution.
        siblings.add(fx.nextBlock(base, List.of(i), List.of()));
      }
      Collections.shuffle(siblings, new java.util.Random(round));
      Chain observer = fx.newChain();
      for (Block b : base.bestChain().stream().map(id -> base.block(id).orElseThrow()).toList()) {
        observer.submit(b, Long.MAX_VALUE / 2);
      }
      for (Block b : siblings) {
        observer.submit(b, Long.MAX_VALUE / 2);
      }
      assertEquals(
          fx.contributors.get(winner).key().publicKey(),
          observer.block(observer.tipId()).orElseThrow().contributor(),
          "round " + round);
    }
  }
}
