package org.cybervein.ledger.finality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.dag.certification.DagCheckpoint;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.chain.ChainParameters;
import org.cybervein.ledger.testing.ChainFixture;
import org.cybervein.ledger.testing.PocFixtures;
import org.junit.jupiter.api.Test;

class ChainCheckpointSourceTest {
  private static final ChainParameters PARAMETERS =
      new ChainParameters(3, 6, Amount.ofCvt(50), 1000, 5000, 3, PocFixtures.RULES);
  private final ChainFixture fx =
      new ChainFixture(PARAMETERS, 5, new long[] {1 << 10, 1 << 11}, new long[] {10, 20});

  private static Optional<DagCheckpoint> checkpoint(long number, int tag) {
    byte[] b = new byte[32];
    b[0] = (byte) tag;
    return Optional.of(new DagCheckpoint(number, List.of(Hash.of(b))));
  }

  private void add(Chain chain, Optional<DagCheckpoint> cp) throws InvalidLedgerInputException {
    Block b = fx.nextBlock(chain, fx.all(), List.of(), cp);
    chain.submit(b, b.tau().timeMillis());
  }

  @Test
  void aCarriedCheckpointIsFinalOnceBuriedDeepEnough() throws Exception {
    Chain chain = fx.newChain();
    ChainCheckpointSource source = new ChainCheckpointSource(chain, 3);
    add(chain, checkpoint(0, 1));
    add(chain, Optional.empty());
    add(chain, checkpoint(1, 2));
    assertEquals(Optional.empty(), source.checkpoint(0));
    add(chain, Optional.empty());
    assertEquals(checkpoint(0, 1), source.checkpoint(0));
    assertEquals(Optional.empty(), source.checkpoint(1));
    add(chain, Optional.empty());
    add(chain, Optional.empty());
    assertEquals(checkpoint(1, 2), source.checkpoint(1));
    assertEquals(Optional.empty(), source.checkpoint(2));
  }

  @Test
  void refusesCheckpointsOutOfSequence() {
    Chain chain = fx.newChain();
    Block b = fx.nextBlock(chain, fx.all(), List.of(), checkpoint(1, 1));
    InvalidLedgerInputException e =
        assertThrows(InvalidLedgerInputException.class, () -> chain.submit(b, Long.MAX_VALUE / 2));
    assertEquals(Reason.BAD_LINK, e.reason());
  }

  @Test
  void refusesADepthShallowerThanReorganisations() {
    Chain chain = fx.newChain();
    assertThrows(IllegalArgumentException.class, () -> new ChainCheckpointSource(chain, 2));
    assertTrue(new ChainCheckpointSource(chain, 3).checkpoint(0).isEmpty());
  }
}
