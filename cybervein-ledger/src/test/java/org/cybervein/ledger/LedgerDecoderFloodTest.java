package org.cybervein.ledger;

import org.cybervein.api.Bytes;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.state.BlockEffects;
import org.cybervein.ledger.state.StateProof;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/**
 * The ledger's public decoders of untrusted bytes refuse floods of unknown fields, oversized and
 * random input with {@link InvalidLedgerInputException}, with memory in proportion to the input.
 * (The contract call decoders have the full set of checks in their codec tests.)
 */
class LedgerDecoderFloodTest {
  private static <T> void check(String what, HostileInput.Decoder<T> decoder, int maxSize) {
    HostileInput<T> checks = HostileInput.of(what, InvalidLedgerInputException.class, decoder);
    checks.rejectsOversized(maxSize);
    checks.rejectsRandom(PropertyRuns.seed(), Math.min(maxSize, 4096), 200);
    checks.refusesUnknownFieldFloods(
        Bytes.EMPTY, Math.min(maxSize, HostileInput.DEFAULT_FLOOD_BYTES));
  }

  @Test
  void blocksRefuseFloods() {
    check("block", Block::decode, Block.MAX_ENCODED_SIZE);
  }

  @Test
  void blockEffectsRefuseFloods() {
    check("block effects", BlockEffects::decode, BlockEffects.MAX_ENCODED_SIZE);
  }

  @Test
  void stateProofsRefuseFloods() {
    check("state proof", StateProof::decode, StateProof.MAX_ENCODED_SIZE);
  }

  @Test
  void signedTransactionsRefuseFloods() {
    check("signed transaction", SignedTransaction::decode, SignedTransaction.MAX_ENCODED_SIZE);
  }
}
