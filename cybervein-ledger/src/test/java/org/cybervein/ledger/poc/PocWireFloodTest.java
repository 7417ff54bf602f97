package org.cybervein.ledger.poc;

import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/**
 * A PoC node's gossip decoder refuses what a peer may send: floods of unknown fields with memory in
 * proportion to them, oversized, truncated, extended and random bytes, each with {@link
 * InvalidLedgerInputException}.
 */
class PocWireFloodTest {
  private static final HostileInput<PocWire.Message> CHECKS =
      HostileInput.of("poc message", InvalidLedgerInputException.class, PocWire::decode);

  @Test
  void refusesFloodsOfUnknownFieldsWithMemoryInProportion() {
    CHECKS.refusesUnknownFieldFloods(Bytes.EMPTY, HostileInput.DEFAULT_FLOOD_BYTES);
  }

  @Test
  void refusesOversizedAndRandomInput() {
    CHECKS.rejectsOversized(PocWire.MAX_ENCODED_SIZE);
    CHECKS.rejectsRandom(PropertyRuns.seed(), 4096, 200);
  }

  @Test
  void refusesTruncatedAndExtendedRequests() {
    byte[] id = new byte[Hash.SIZE];
    id[0] = 7;
    Bytes valid = PocWire.getBlock(Hash.of(id));
    CHECKS.acceptsValid(valid);
    CHECKS.rejectsTruncated(valid);
    CHECKS.rejectsExtended(valid);
  }
}
