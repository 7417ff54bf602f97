package org.cybervein.ledger.chain;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.block.HashSubBlock;
import org.cybervein.ledger.block.TransactionSubBlock;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.testing.ChainFixture;
import org.cybervein.ledger.testing.FailingKeyValueStore;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.ledger.testing.PocFixtures.Contributor;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.storageproofs.pospace.SpaceProver;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/**
 * The early check of a block's weights (against its parent's state, before the block is stored) and
 * the check made when the block is applied refuse exactly the same blocks, for the same reasons.
 *
 * <p>A block L is built on P, a weak block at height 1 (its sibling a1 records more bandwidth for a
 * contributor, so the two states differ in the weights), honestly or with one lie: phi's bandwidth
 * changed, phi by an unregistered key, phi with another commitment of its key, a tau contribution's
 * bandwidth changed, or a wrong state root. Node X has applied P (P is its tip, or P has a child on
 * top, or P was applied and then reverted), so X checks L early. Node Y holds P without ever having
 * applied it (a stronger sibling won), so Y only checks L when L's branch wins fork choice and is
 * applied. Whenever Y refuses L at apply for its weights, X refused it before writing anything,
 * with the same reason; whenever X let L in, Y did not refuse it for its weights; where both apply
 * it, both end in the same state.
 */
class ChainEarlyCheckPropertyTest {
  private static final long NOW = Long.MAX_VALUE / 2;
  private static final ChainFixture FX =
      new ChainFixture(
          PocFixtures.PARAMETERS,
          31,
          new long[] {1 << 12, 1 << 12, 1 << 9, 1 << 11},
          new long[] {4000, 3000, 1, 2000});
  private static final Contributor STRANGER =
      PocFixtures.contributor(DeterministicRandom.fromSeed(1234), 1 << 12);

  // Built once: a1 (the strong round winner at height 1), P (the weak one), Q (a child of P).
  private static final Block A1;
  private static final Block P;
  private static final Block Q;
  private static final SpaceProver[] RELABELLED = new SpaceProver[4];

  static {
    try {
      // a1 records more bandwidth for contributor 0, so its state differs from P's in the weights.
      SignedTransaction record =
          SignedTransaction.sign(
              new Transaction(
                  FX.user.publicKey(),
                  0,
                  ChainFixture.FEE,
                  new ContractCall(
                      PocContract.ID,
                      PocContract.recordBandwidthCall(
                          PocFixtures.receipts(
                              FX.contributors.get(0), FX.downloader, 7000, 0, 1, 555)))),
              FX.user);
      A1 = FX.nextBlock(FX.newChain(), List.of(3), List.of(record));
      Chain onP = FX.newChain();
      P = FX.nextBlock(onP, List.of(2), List.of());
      onP.submit(P, NOW);
      Q = FX.nextBlock(onP, List.of(2), List.of());
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError(e);
    }
    for (int i = 0; i < 4; i++) {
      RELABELLED[i] =
          SpaceProver.initInMemory(
              PocContract.mu(FX.contributors.get(i).key().publicKey()), 1 << 10, PocFixtures.GRAPH);
    }
  }

  private static final AtomicInteger EARLY_REFUSALS = new AtomicInteger();
  private static final AtomicInteger ACCEPTED = new AtomicInteger();
  private static final AtomicInteger COMPARED = new AtomicInteger();

  @Test
  void theEarlyCheckRefusesExactlyWhatApplyingRefusesForTheWeights() {
    assertTrue(Forgery.quality(A1) > Forgery.quality(P), "the weak block loses its round to a1");
    int examples = Math.min(40, PropertyRuns.examples());
    qt(examples)
        .forAll(integers().between(0, 5), integers().between(0, 2), longs().all())
        .checkAssert(
            (lie, variant, seed) -> {
              try {
                check(lie, variant, seed);
              } catch (InvalidLedgerInputException e) {
                throw new AssertionError(e);
              }
            });
    System.out.println(
        "early check: "
            + COMPARED
            + " compared, "
            + EARLY_REFUSALS
            + " refused early, "
            + ACCEPTED
            + " accepted");
    assertTrue(COMPARED.get() >= examples * 3 / 4, "most examples compared: " + COMPARED);
    assertTrue(EARLY_REFUSALS.get() > 0, "some lies were refused early");
    assertTrue(ACCEPTED.get() > 0, "some blocks were accepted");
  }

  private static void check(int lie, int variant, long seed) throws InvalidLedgerInputException {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    Block l = block(lie, random);

    // X has applied P.
    FailingKeyValueStore xs =
        new FailingKeyValueStore(new InMemoryKeyValueStore(), new TreeSet<>(), false);
    Chain x = FX.newChain(xs);
    x.submit(P, NOW);
    if (variant == 1) {
      x.submit(Q, NOW);
    } else if (variant == 2) {
      x.submit(A1, NOW); // a1 wins: P is reverted
      assertEquals(A1.id(), x.tipId());
    }
    // Y holds P but never applied it.
    FailingKeyValueStore ys =
        new FailingKeyValueStore(new InMemoryKeyValueStore(), new TreeSet<>(), false);
    Chain y = FX.newChain(ys);
    y.submit(A1, NOW);
    assertEquals(ChainUpdate.NONE, y.submit(P, NOW));

    long xw = xs.writes();
    Object rx = ChainStoreTest.outcome(x, l);
    boolean xRefusedEarly = rx instanceof Reason && xs.writes() == xw && !x.contains(l.id());
    long yw = ys.writes();
    Object ry = ChainStoreTest.outcome(y, l);
    boolean yTried = ys.writes() > yw;
    if (!(ry instanceof Reason) && !yTried) {
      // L's branch did not beat a1 at Y: Y never applied it, nothing to compare.
      assertTrue(
          Forgery.quality(P) + Forgery.quality(l) <= Forgery.quality(A1), "Y would have tried L");
      return;
    }
    COMPARED.incrementAndGet();
    if (ry == Reason.NOT_FOUND || ry == Reason.BAD_PROOF) {
      // Refused by Y, statelessly or for the weights when applied: X refused it before anything.
      assertEquals(ry, rx, "lie " + lie + ", variant " + variant);
      assertTrue(xRefusedEarly, "X refused before writing or holding: " + rx);
      EARLY_REFUSALS.incrementAndGet();
      return;
    }
    assertFalse(
        rx == Reason.NOT_FOUND || rx == Reason.BAD_PROOF,
        "X refused for the weights a block Y did not: " + rx + " / " + ry);
    if (ry instanceof Reason) {
      // Refused for something else, found statelessly or when applied: X agrees where it applied.
      if (variant != 1 || yw == ys.writes()) {
        assertEquals(ry, rx);
      }
      return;
    }
    ACCEPTED.incrementAndGet();
    assertEquals(l.id(), y.tipId());
    if (variant != 1) {
      assertEquals(l.id(), x.tipId());
      assertEquals(y.state().root(), x.state().root());
    } else {
      assertTrue(x.contains(l.id()));
    }
  }

  /** L on P: honest, or with lie 1 to 5. */
  private static Block block(int lie, DeterministicRandom random)
      throws InvalidLedgerInputException {
    Chain onP = FX.newChain();
    onP.submit(P, NOW);
    List<Integer> among = new ArrayList<>();
    for (int i : new int[] {0, 1, 3}) {
      if (random.nextInt(2) == 0) {
        among.add(i);
      }
    }
    if (among.isEmpty()) {
      among.add(random.nextInt(2));
    }
    FX.resetUserNonce(0);
    List<SignedTransaction> txs = new ArrayList<>();
    for (int t = random.nextInt(3); t > 0; t--) {
      txs.add(FX.transfer(Address.of(FX.contributors.get(0).key().publicKey()), 1 + t));
    }
    Block honest = FX.nextBlock(onP, among, txs);
    ContributionProof own = honest.phi().proof();
    Contributor signer = owner(own);
    TransactionSubBlock t = honest.tau();
    Hash parent = P.id();
    return switch (lie) {
      case 1 -> Forgery.withPhi(onP, honest, withBandwidth(own, otherThan(own, random)), signer);
      case 2 -> {
        ContributionProof s =
            Forgery.contribution(
                onP, parent, STRANGER, STRANGER.prover(), 1 + random.nextInt(9000));
        HashSubBlock phi =
            HashSubBlock.sign(honest.index(), parent, honest.phi().challenge(), s, STRANGER.key());
        yield Block.sign(phi, t, onP.sigmaDigestOf(parent), STRANGER.key());
      }
      case 3 -> {
        int i = FX.contributors.indexOf(signer);
        ContributionProof other =
            Forgery.contribution(onP, parent, signer, RELABELLED[i], own.bandwidth());
        yield Forgery.withPhi(onP, honest, other, signer);
      }
      case 4 -> {
        if (t.contributions().isEmpty()) {
          yield Forgery.withPhi(onP, honest, withBandwidth(own, otherThan(own, random)), signer);
        }
        List<ContributionProof> cs = new ArrayList<>(t.contributions());
        int k = random.nextInt(cs.size());
        cs.set(k, withBandwidth(cs.get(k), otherThan(cs.get(k), random)));
        yield Forgery.withTau(
            onP,
            honest,
            new TransactionSubBlock(
                t.index(), t.timeMillis(), t.transactions(), cs, t.stateRoot(), t.checkpoint()),
            signer);
      }
      case 5 ->
          Forgery.withTau(
              onP,
              honest,
              new TransactionSubBlock(
                  t.index(),
                  t.timeMillis(),
                  t.transactions(),
                  t.contributions(),
                  Hash.ZERO,
                  t.checkpoint()),
              signer);
      default -> honest;
    };
  }

  private static Contributor owner(ContributionProof c) {
    for (Contributor k : FX.contributors) {
      if (k.key().publicKey().equals(c.contributor())) {
        return k;
      }
    }
    throw new AssertionError("not a contributor");
  }

  private static ContributionProof withBandwidth(ContributionProof c, long m) {
    return new ContributionProof(c.contributor(), c.commitment(), c.proof(), m);
  }

  /** A positive bandwidth other than {@code c}'s: a little off, or far off either way. */
  private static long otherThan(ContributionProof c, DeterministicRandom random) {
    long m = c.bandwidth();
    return switch (random.nextInt(4)) {
      case 0 -> m + 1;
      case 1 -> m > 1 ? m - 1 : m + 2;
      case 2 -> m * (2 + random.nextInt(1000));
      default -> m == 1 ? 2 : 1 + random.nextInt((int) Math.min(Integer.MAX_VALUE, m - 1));
    };
  }
}
