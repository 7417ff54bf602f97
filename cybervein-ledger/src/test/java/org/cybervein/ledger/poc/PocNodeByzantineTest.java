package org.cybervein.ledger.poc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.LatencyDistribution;
import org.cybervein.api.sim.LinkConditions;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.block.HashSubBlock;
import org.cybervein.ledger.chain.ProofQuality;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.NativeContract;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.ledger.transaction.Transfer;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * What a Byzantine peer (or a heavy local load) must not do to an honest {@link PocNode}: crowd out
 * the blocks and contributions it needs with junk it cannot check yet, or make it throw.
 */
class PocNodeByzantineTest {
  private static final long G = PocCluster.GENESIS_TIME;
  private static final LinkConditions LINK =
      LinkConditions.reliable(
          LatencyDistribution.uniform(Duration.ofMillis(5), Duration.ofMillis(40)));

  /** A contract that accepts any input and does nothing: room for large valid transactions. */
  private static final class Sink implements NativeContract {
    static final ContractId ID = new ContractId("sink", 1);

    @Override
    public ContractId id() {
      return ID;
    }

    @Override
    public void call(CallContext context, Bytes input) {}
  }

  private static PocCluster cluster(PocConfig config) {
    return new PocCluster(
        21,
        new long[] {1 << 10, 1 << 10},
        new long[] {100, 200},
        LINK,
        config,
        List.of(new Sink()));
  }

  private static Optional<Block> produced(List<PocAction> actions) {
    return actions.stream()
        .filter(a -> a instanceof PocAction.Produced)
        .map(a -> ((PocAction.Produced) a).block())
        .findFirst();
  }

  private static long timerToken(List<PocAction> actions) {
    return actions.stream()
        .filter(a -> a instanceof PocAction.SetTimer)
        .map(a -> ((PocAction.SetTimer) a).token())
        .reduce((x, y) -> y)
        .orElseThrow(() -> new AssertionError("no timer in " + actions));
  }

  private static Hash randomHash(DeterministicRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Hash.of(b);
  }

  private static SignedTransaction transfer(
      Ed25519PrivateKey from, long nonce, Address to, long amount) {
    return SignedTransaction.sign(
        new Transaction(
            from.publicKey(), nonce, PocCluster.FEE, new Transfer(to, Amount.ofBaseUnits(amount))),
        from);
  }

  /** {@code raw} damaged in one of several ways chosen by {@code seed}. */
  private static Bytes damage(Bytes raw, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] b = raw.toByteArray();
    switch (r.nextInt(5)) {
      case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
      case 1 -> {
        return raw.slice(0, r.nextInt(b.length));
      }
      case 2 -> {
        byte[] extra = new byte[1 + r.nextInt(8)];
        r.nextBytes(extra);
        return raw.concat(Bytes.of(extra));
      }
      case 3 -> {
        int[] values = {0x00, 0x01, 0x7f, 0x80, 0xff};
        b[r.nextInt(b.length)] = (byte) values[r.nextInt(values.length)];
      }
      default -> {
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
      }
    }
    return Bytes.of(b);
  }

  @Test
  void damagedMessagesNeverMakeTheNodeThrowOrChangeItsChain() {
    PocCluster c = cluster(PocConfig.DEFAULT);
    PocNode a = c.nodes.get(0);
    PocNode b = c.nodes.get(1);
    b.onStart(G);
    List<PocAction> out = b.onTimer(1, G + 5_000);
    Block first = produced(out).orElseThrow();
    List<Bytes> messages = new ArrayList<>();
    messages.add(PocWire.block(first));
    for (PocAction x : out) {
      if (x instanceof PocAction.Send s) {
        messages.add(s.message());
      }
    }
    messages.add(PocWire.getBlock(first.id()));
    long seed = Long.getLong("qt.seed", 0x90C0DEL);
    int examples = Integer.getInteger("qt.examples", 200);
    System.out.println("QuickTheories: " + examples + " examples, seed " + seed + " (-Dqt.seed)");
    QuickTheory.qt()
        .withExamples(examples)
        .withFixedSeed(seed)
        .forAll(integers().between(0, messages.size() - 1), longs().all())
        .checkAssert(
            (which, damageSeed) -> {
              Bytes bad = damage(messages.get(which), damageSeed);
              Hash tip = a.chain().tipId();
              Hash root = a.chain().state().root();
              a.onMessage(c.ids.get(1), bad, G + 5_000);
              if (!a.chain().tipId().equals(tip)) {
                // Only an intact block may move the chain.
                assertEquals(first.id(), a.chain().tipId());
              } else {
                assertEquals(root, a.chain().state().root());
              }
            });
    // The intact block is still accepted afterwards.
    a.onMessage(c.ids.get(1), PocWire.block(first), G + 5_000);
    assertEquals(first.id(), a.chain().tipId());
  }

  @Test
  void junkOrphansDoNotKeepOutABlockTheNodeNeeds() {
    PocCluster c = cluster(PocConfig.DEFAULT);
    PocNode a = c.nodes.get(0);
    PocNode b = c.nodes.get(1);
    b.onStart(G);
    Block first = produced(b.onTimer(1, G + 5_000)).orElseThrow();
    Block second = produced(b.onTimer(2, G + 10_000)).orElseThrow();
    assertEquals(first.id(), second.parent());
    // A peer sends as many blocks with unknown parents as the node holds: shaped like blocks, they
    // can be checked only once their parents are known, and these never will be.
    DeterministicRandom random = DeterministicRandom.fromSeed(5);
    for (int i = 0; i < PocConfig.DEFAULT.maxOrphans() + 10; i++) {
      HashSubBlock phi = second.phi();
      Block junk =
          new Block(
              new HashSubBlock(
                  phi.index(),
                  randomHash(random),
                  phi.parentSignature(),
                  phi.challenge(),
                  phi.proof()),
              second.sigma(),
              second.tau());
      a.onMessage(c.ids.get(1), PocWire.block(junk), G + 10_000);
    }
    // The real blocks arrive out of order: the second, then its parent.
    a.onMessage(c.ids.get(1), PocWire.block(second), G + 10_000);
    a.onMessage(c.ids.get(1), PocWire.block(first), G + 10_000);
    assertEquals(
        second.id(), a.chain().tipId(), "the held second block was applied after its parent");
  }

  @Test
  void junkEarlyContributionsDoNotKeepOutARealOne() throws Exception {
    PocCluster c = cluster(PocConfig.DEFAULT);
    PocNode a = c.nodes.get(0);
    PocNode b = c.nodes.get(1);
    b.onStart(G);
    List<PocAction> out = b.onTimer(1, G + 5_000);
    Block first = produced(out).orElseThrow();
    // B's contribution to the round after its block, as it sends it to A.
    Bytes early =
        out.stream()
            .filter(x -> x instanceof PocAction.Send s && s.to().equals(c.ids.get(0)))
            .map(x -> ((PocAction.Send) x).message())
            .filter(m -> !m.equals(PocWire.block(first)))
            .findFirst()
            .orElseThrow();
    ContributionProof fromB = ((PocWire.ContributionMessage) PocWire.decode(early)).contribution();
    DeterministicRandom random = DeterministicRandom.fromSeed(6);
    for (int i = 0; i < 300; i++) {
      a.onMessage(c.ids.get(1), PocWire.contribution(randomHash(random), fromB), G + 5_000);
    }
    // The real contribution comes before the block it builds on, then the block.
    a.onMessage(c.ids.get(1), early, G + 5_000);
    List<PocAction> onBlock = a.onMessage(c.ids.get(1), PocWire.block(first), G + 5_000);
    assertEquals(first.id(), a.chain().tipId());
    long token = timerToken(onBlock);

    Hash challenge = a.chain().challengeForChildOf(first.id());
    ContributionProof own =
        new BlockProducer(c.keys.get(0), c.provers.get(0)).contribute(a.chain());
    boolean bWins =
        ProofQuality.ORDER.compare(fromB.election(challenge), own.election(challenge)) < 0;
    long due =
        Math.max(first.tau().timeMillis() + PocCluster.PARAMETERS.blockIntervalMillis(), G + 5_200);
    Optional<Block> block = produced(a.onTimer(token, due));
    if (bWins) {
      assertTrue(block.isEmpty(), "A knows B's better contribution and waits for B's block");
    } else {
      assertTrue(block.isPresent());
      assertEquals(List.of(fromB), block.get().tau().contributions(), "B shares A's block");
    }
  }

  @Test
  void aMempoolLargerThanABlockStillProducesABlock() {
    PocCluster c = cluster(PocConfig.DEFAULT);
    PocNode a = c.nodes.get(0);
    Ed25519PrivateKey key = c.keys.get(0);
    byte[] filler = new byte[ContractCall.MAX_INPUT_SIZE];
    int count = Block.MAX_ENCODED_SIZE / filler.length + 2;
    for (int i = 0; i < count; i++) {
      filler[0] = (byte) i;
      a.submitTransaction(
          SignedTransaction.sign(
              new Transaction(
                  key.publicKey(),
                  2 + i,
                  PocCluster.FEE,
                  new ContractCall(Sink.ID, Bytes.of(filler))),
              key));
    }
    a.onStart(G);
    Block block = produced(a.onTimer(1, G + 5_000)).orElseThrow();
    assertTrue(block.encoded().size() <= Block.MAX_ENCODED_SIZE);
    assertFalse(block.tau().transactions().isEmpty());
    assertEquals(block.id(), a.chain().tipId());
    // The rest goes into the next block.
    Block next = produced(a.onTimer(2, G + 10_000)).orElseThrow();
    assertEquals(count, block.tau().transactions().size() + next.tau().transactions().size());
  }

  @Test
  void aTransactionWhoseNonceTheChainPassedLeavesTheMempool() throws InvalidLedgerInputException {
    PocCluster c = cluster(new PocConfig(Duration.ofMillis(500), Duration.ofMillis(200), 256, 1));
    PocNode a = c.nodes.get(0);
    PocNode b = c.nodes.get(1);
    Ed25519PrivateKey sender = c.keys.get(0);
    Address to = Address.of(c.keys.get(1).publicKey());
    // The sender spends nonce 2 twice: one version reaches A, the other B.
    a.submitTransaction(transfer(sender, 2, to, 1));
    b.submitTransaction(transfer(sender, 2, to, 2));
    b.onStart(G);
    Block first = produced(b.onTimer(1, G + 5_000)).orElseThrow();
    assertEquals(1, first.tau().transactions().size());
    List<PocAction> out = a.onMessage(c.ids.get(1), PocWire.block(first), G + 5_000);
    assertEquals(first.id(), a.chain().tipId());
    // A's copy can never apply now; the next transaction must find room.
    SignedTransaction next = transfer(sender, 3, to, 3);
    a.submitTransaction(next);
    Block second = produced(a.onTimer(timerToken(out), G + 10_000)).orElseThrow();
    assertEquals(List.of(next.encoded()), second.tau().transactions());
  }
}
