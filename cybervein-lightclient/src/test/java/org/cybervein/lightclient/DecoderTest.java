package org.cybervein.lightclient;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.state.StateProof;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decoders of peer bytes (blocks, state proofs) fed truncated, oversized, mutated and random
 * input: each refuses with the module's exception and a reason, never anything else, and accepts
 * exactly what the full node's decoders accept.
 */
class DecoderTest {
  private static Bytes block;
  private static Bytes proof;

  @BeforeAll
  static void realInputs() {
    LedgerChains fx = LedgerChains.standard();
    Chain chain = fx.newChain();
    List<Block> blocks = fx.extend(chain, fx.all(), 2, 2);
    block = blocks.get(1).encoded();
    proof = chain.state().prove(LedgerStateKeys.totalSupply()).encode();
  }

  private static Optional<Reason> header(Bytes b) {
    try {
      LedgerHeader.decode(b);
      return Optional.empty();
    } catch (InvalidLightClientInputException e) {
      return Optional.of(e.reason());
    }
  }

  private static boolean ledgerAccepts(Bytes b) {
    try {
      Block.decode(b);
      return true;
    } catch (InvalidLedgerInputException e) {
      return false;
    }
  }

  private static Optional<Reason> stateProof(Bytes b) {
    try {
      SparseMerkleProof.decode(b);
      return Optional.empty();
    } catch (InvalidLightClientInputException e) {
      return Optional.of(e.reason());
    }
  }

  private static boolean ledgerAcceptsProof(Bytes b) {
    try {
      StateProof.decode(b);
      return true;
    } catch (InvalidLedgerInputException e) {
      return false;
    }
  }

  @Test
  void theRealInputsDecodeToWhatTheFullNodeReads() throws Exception {
    assertEquals(Optional.empty(), header(block));
    assertEquals(Optional.empty(), stateProof(proof));
    assertEquals(Block.decode(block).id(), LedgerHeader.decode(block).id());
    assertEquals(StateProof.decode(proof).siblings(), SparseMerkleProof.decode(proof).siblings());
  }

  @Test
  void everyTruncationIsRefused() {
    for (int n = 0; n < block.size(); n += Math.max(1, block.size() / 500)) {
      Bytes cut = block.slice(0, n);
      assertEquals(ledgerAccepts(cut), header(cut).isEmpty(), "block cut at " + n);
      if (n > 0) {
        assertEquals(true, header(cut).isPresent(), "block cut at " + n);
      }
    }
    for (int n = 0; n < proof.size(); n++) {
      Bytes cut = proof.slice(0, n);
      assertEquals(ledgerAcceptsProof(cut), stateProof(cut).isEmpty(), "proof cut at " + n);
    }
  }

  @Test
  void oversizedInputIsRefusedBeforeParsing() {
    InvalidLightClientInputException e =
        assertThrows(
            InvalidLightClientInputException.class,
            () -> LedgerHeader.decode(Bytes.of(new byte[LedgerHeader.MAX_ENCODED_SIZE + 1])));
    assertEquals(Reason.OVERSIZED, e.reason());
    e =
        assertThrows(
            InvalidLightClientInputException.class,
            () ->
                SparseMerkleProof.decode(
                    Bytes.of(new byte[SparseMerkleProof.MAX_ENCODED_SIZE + 1])));
    assertEquals(Reason.OVERSIZED, e.reason());
    // 257 siblings: one more than a key has bits.
    StateProof deep =
        new StateProof(
            java.util.Collections.nCopies(256, org.cybervein.api.Hash.ZERO), Optional.empty());
    Bytes one = deep.encode().slice(0, 36);
    assertEquals(Optional.of(Reason.OVERSIZED), stateProof(deep.encode().concat(one)));
  }

  @Test
  void mutatedBytesAreAcceptedExactlyWhenTheFullNodeAcceptsThem() {
    qt(300)
        .forAll(integers().between(0, Integer.MAX_VALUE), integers().between(1, 255))
        .checkAssert(
            (position, xor) -> {
              byte[] b = block.toByteArray();
              b[position % b.length] ^= (byte) (int) xor;
              Bytes mutated = Bytes.of(b);
              assertEquals(
                  ledgerAccepts(mutated), header(mutated).isEmpty(), "block byte " + position);
              byte[] p = proof.toByteArray();
              p[position % p.length] ^= (byte) (int) xor;
              Bytes mp = Bytes.of(p);
              assertEquals(
                  ledgerAcceptsProof(mp), stateProof(mp).isEmpty(), "proof byte " + position);
            });
  }

  @Test
  void randomBytesAreRefusedWithAReason() {
    DeterministicRandom random = DeterministicRandom.fromSeed(PropertyRuns.seed());
    for (int i = 0; i < 500; i++) {
      byte[] b = new byte[random.nextInt(2048)];
      random.nextBytes(b);
      Bytes r = Bytes.of(b);
      assertEquals(ledgerAccepts(r), header(r).isEmpty(), "random block " + i);
      assertEquals(ledgerAcceptsProof(r), stateProof(r).isEmpty(), "random proof " + i);
    }
  }
}
