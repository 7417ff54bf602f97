package org.cybervein.bitcoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;
import org.cybervein.bitcoin.header.BlockHeader;
import org.cybervein.bitcoin.header.CompactTarget;
import org.junit.jupiter.api.Test;

/** Fork choice, confirmations, bounds and retargeting of the in-memory header store. */
class HeaderChainTest {
  private static final BitcoinParameters REGTEST = BitcoinParameters.regtestLike();
  private static final long T0 = 1_700_000_000L;

  /** Mines {@code n} headers after {@code from}, tracking entries so the next can be mined. */
  private static List<BlockHeader> branch(ChainEntry from, int n, int salt, BitcoinParameters p)
      throws InvalidBitcoinDataException {
    List<BlockHeader> out = new ArrayList<>();
    ChainEntry e = from;
    for (int i = 0; i < n; i++) {
      BlockHeader h = Miner.next(e, p, e.header().time() + 600, salt);
      out.add(h);
      e = e.connect(h, p);
    }
    return out;
  }

  private static ChainEntry entryOf(HeaderChain c, BlockHeader h) {
    return c.entry(h.hash()).orElseThrow();
  }

  @Test
  void heavierBranchReorganisesAndConfirmationsFollowTheBestChain()
      throws InvalidBitcoinDataException {
    ChainEntry genesis = Miner.checkpoint(REGTEST, T0);
    HeaderChain chain = HeaderChain.startingAt(genesis, REGTEST, 4, 10);
    List<BlockHeader> main = branch(genesis, 5, 1, REGTEST);
    assertEquals(HeaderOutcome.EXTENDED_BEST, chain.addAll(main));
    assertEquals(5, chain.best().height());
    assertEquals(5, chain.confirmations(main.get(0).hash()));

    ChainEntry forkPoint = entryOf(chain, main.get(1)); // height 2
    List<BlockHeader> side = branch(forkPoint, 4, 2, REGTEST); // heights 3..6
    assertEquals(HeaderOutcome.SIDE_BRANCH, chain.add(side.get(0)));
    assertEquals(HeaderOutcome.SIDE_BRANCH, chain.add(side.get(1)));
    // Equal work (height 5 on both): the first seen stays best.
    assertEquals(HeaderOutcome.SIDE_BRANCH, chain.add(side.get(2)));
    assertEquals(main.get(4).hash(), chain.best().hash());
    assertEquals(HeaderOutcome.REORGANISED, chain.add(side.get(3)));
    assertEquals(side.get(3).hash(), chain.best().hash());
    assertEquals(0, chain.confirmations(main.get(4).hash()));
    assertEquals(0, chain.confirmations(main.get(2).hash()));
    assertEquals(5, chain.confirmations(main.get(1).hash()));
    assertEquals(4, chain.confirmations(side.get(0).hash()));
    assertEquals(side.get(0).hash(), chain.bestAt(3).orElseThrow());
    assertTrue(chain.best().chainWork().compareTo(entryOf(chain, main.get(4)).chainWork()) > 0);
    assertEquals(HeaderOutcome.ALREADY_KNOWN, chain.add(side.get(3)));
  }

  @Test
  void refusesUnknownParentsTooManyForksAndDeepForks() throws InvalidBitcoinDataException {
    ChainEntry genesis = Miner.checkpoint(REGTEST, T0);
    HeaderChain chain = HeaderChain.startingAt(genesis, REGTEST, 2, 3);
    List<BlockHeader> main = branch(genesis, 3, 1, REGTEST);
    chain.addAll(main);

    BlockHeader orphan = branch(entryOf(chain, main.get(2)), 2, 9, REGTEST).get(1);
    assertEquals(Reason.UNKNOWN_PARENT, refusal(chain, orphan));

    chain.add(branch(entryOf(chain, main.get(0)), 1, 2, REGTEST).get(0)); // second tip
    assertEquals(2, chain.forkCount());
    BlockHeader third = branch(entryOf(chain, main.get(1)), 1, 3, REGTEST).get(0);
    int before = chain.size();
    assertEquals(Reason.TOO_MANY_FORKS, refusal(chain, third));
    assertEquals(before, chain.size());

    // Extend the best chain so the genesis falls more than 3 blocks below the tip.
    chain.addAll(branch(chain.best(), 2, 1, REGTEST));
    BlockHeader deep = branch(genesis, 1, 4, REGTEST).get(0);
    assertEquals(Reason.FORK_TOO_DEEP, refusal(chain, deep));
  }

  @Test
  void staleBranchesAreDropped() throws InvalidBitcoinDataException {
    ChainEntry genesis = Miner.checkpoint(REGTEST, T0);
    HeaderChain chain = HeaderChain.startingAt(genesis, REGTEST, 2, 2);
    List<BlockHeader> main = branch(genesis, 2, 1, REGTEST);
    chain.addAll(main);
    List<BlockHeader> side = branch(genesis, 2, 2, REGTEST);
    chain.add(side.get(0));
    chain.add(side.get(1));
    assertEquals(5, chain.size());
    assertEquals(2, chain.forkCount());
    chain.addAll(branch(chain.best(), 3, 1, REGTEST)); // best at 5, side tip at 2: stale
    assertEquals(1, chain.forkCount());
    assertEquals(6, chain.size());
    assertTrue(chain.entry(side.get(0).hash()).isEmpty());
  }

  @Test
  void nBitsMustFollowTheRetargetRule() throws InvalidBitcoinDataException {
    // Epochs of 4 blocks meant to last 40 s: blocks 600 s apart make the target 4x easier,
    // capped by the limit; blocks 1 s apart make it 4x harder.
    BitcoinParameters p = new BitcoinParameters(CompactTarget.of(0x207fffff), 4, 40, true);
    ChainEntry genesis = Miner.checkpoint(p, T0);
    HeaderChain chain = HeaderChain.startingAt(genesis, p, 2, 10);
    ChainEntry e = genesis;
    for (int i = 0; i < 3; i++) {
      BlockHeader h = Miner.next(e, p, e.header().time() + 1, 0);
      chain.add(h);
      e = entryOf(chain, h);
    }
    CompactTarget expected = p.nextTarget(CompactTarget.of(0x207fffff), T0, T0 + 3);
    assertEquals(expected, e.nextTarget(p));
    assertTrue(expected.target().compareTo(CompactTarget.of(0x207fffff).target()) < 0);
    BlockHeader wrong =
        new BlockHeader(4, e.hash(), Hash256.ZERO, e.header().time() + 1, 0x207fffff, 0);
    assertEquals(Reason.UNEXPECTED_TARGET, refusal(chain, wrong));
    BlockHeader right = Miner.next(e, p, e.header().time() + 1, 0);
    assertEquals(HeaderOutcome.EXTENDED_BEST, chain.add(right));
    assertEquals(4, chain.best().height());
    assertEquals(right.time(), chain.best().epochStartTime());
    // Inside the epoch the target stays.
    BlockHeader same = new BlockHeader(4, right.hash(), Hash256.ZERO, right.time(), 0x207fffff, 0);
    assertEquals(Reason.UNEXPECTED_TARGET, refusal(chain, same));
  }

  @Test
  void entryEncodingRoundTrips() throws InvalidBitcoinDataException {
    ChainEntry genesis = Miner.checkpoint(REGTEST, T0);
    ChainEntry next = genesis.connect(Miner.next(genesis, REGTEST, T0 + 1, 0), REGTEST);
    assertEquals(next, ChainEntry.decode(next.encode()));
    assertEquals(ChainEntry.ENCODED_SIZE, next.encode().size());
  }

  private static Reason refusal(HeaderChain chain, BlockHeader h) {
    return assertThrows(InvalidBitcoinDataException.class, () -> chain.add(h)).reason();
  }
}
