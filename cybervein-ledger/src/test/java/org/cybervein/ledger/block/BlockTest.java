package org.cybervein.ledger.block;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.dag.certification.DagCheckpoint;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.ledger.testing.PocFixtures.Contributor;
import org.junit.jupiter.api.Test;

class BlockTest {
  private static final DeterministicRandom RANDOM = DeterministicRandom.fromSeed(11);
  private static final Contributor ALICE = PocFixtures.contributor(RANDOM, 1 << 10);
  private static final Contributor BOB = PocFixtures.contributor(RANDOM, 1 << 11);
  private static final Hash PARENT = Hash.of(new byte[32]);
  private static final Hash CHALLENGE = Hash.fromHex("11".repeat(32));

  static ContributionProof proof(Contributor c, Hash challenge, long bandwidth) {
    return new ContributionProof(
        c.key().publicKey(),
        c.prover().commitment(),
        c.prover().proveStorage(ContributionProof.seed(challenge), 6),
        bandwidth);
  }

  static Block block(List<Bytes> transactions, Optional<DagCheckpoint> checkpoint) {
    HashSubBlock phi =
        HashSubBlock.sign(5, PARENT, CHALLENGE, proof(ALICE, CHALLENGE, 1000), ALICE.key());
    TransactionSubBlock tau =
        new TransactionSubBlock(
            5,
            123_456,
            transactions,
            List.of(proof(BOB, CHALLENGE, 77)),
            Hash.fromHex("22".repeat(32)),
            checkpoint);
    return Block.sign(phi, tau, Hash.fromHex("33".repeat(32)), ALICE.key());
  }

  private static final Block BLOCK =
      block(
          List.of(Bytes.utf8("tx-1"), Bytes.utf8("tx-2")),
          Optional.of(new DagCheckpoint(4, List.of(Hash.fromHex("44".repeat(32))))));

  @Test
  void roundTripsThroughItsEncoding() throws Exception {
    Block decoded = Block.decode(BLOCK.encoded());
    assertEquals(BLOCK, decoded);
    assertEquals(BLOCK.id(), decoded.id());
    assertEquals(BLOCK.sigmaDigest(), decoded.sigmaDigest());
    decoded.checkSignatures(Hash.fromHex("33".repeat(32)));
    assertEquals(Block.idOf(BLOCK.phi()), BLOCK.id());
    assertEquals(BLOCK.tau().digest(), BLOCK.tauDigest());
  }

  @Test
  void theIdDependsOnPhiAloneNotOnTransactions() {
    Block other = block(List.of(Bytes.utf8("something else")), Optional.empty());
    assertEquals(BLOCK.id(), other.id());
    assertNotEquals(BLOCK.tau().digest(), other.tau().digest());
  }

  @Test
  void rejectsSignaturesOverAnotherTauOrPreviousSigma() throws Exception {
    Block otherTau = block(List.of(), Optional.empty());
    Block spliced = new Block(BLOCK.phi(), otherTau.sigma(), BLOCK.tau());
    assertEquals(
        Reason.BAD_SIGNATURE,
        assertThrows(
                InvalidLedgerInputException.class,
                () -> spliced.checkSignatures(Hash.fromHex("33".repeat(32))))
            .reason());
    assertEquals(
        Reason.BAD_SIGNATURE,
        assertThrows(InvalidLedgerInputException.class, () -> BLOCK.checkSignatures(PARENT))
            .reason());
  }

  @Test
  void rejectsOversizedInput() {
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(
                InvalidLedgerInputException.class,
                () -> Block.decode(Bytes.of(new byte[Block.MAX_ENCODED_SIZE + 1])))
            .reason());
  }

  @Test
  void rejectsEveryTruncation() {
    byte[] raw = BLOCK.encoded().toByteArray();
    for (int len = 0; len < raw.length; len += 7) {
      Bytes cut = Bytes.of(raw, 0, len);
      InvalidLedgerInputException e =
          assertThrows(InvalidLedgerInputException.class, () -> Block.decode(cut));
      assertNotEquals(null, e.reason());
    }
  }

  @Test
  void mutatedBytesAreRejectedOrDecodeToAnotherBlock() {
    byte[] raw = BLOCK.encoded().toByteArray();
    qt().forAll(integers().between(0, raw.length - 1), integers().between(1, 255))
        .checkAssert(
            (at, xor) -> {
              byte[] m = raw.clone();
              m[at] ^= (byte) (int) xor;
              try {
                Block b = Block.decode(Bytes.of(m));
                assertNotEquals(BLOCK, b);
              } catch (InvalidLedgerInputException expected) {
                // refused with a reason: fine
              }
            });
  }

  @Test
  void randomBytesAreRejectedWithAReason() {
    qt().forAll(integers().between(0, 600), longs().all())
        .checkAssert(
            (size, seed) -> {
              byte[] raw = new byte[size];
              DeterministicRandom.fromSeed(seed).nextBytes(raw);
              assertThrows(InvalidLedgerInputException.class, () -> Block.decode(Bytes.of(raw)));
            });
  }

  @Test
  void rejectsNonCanonicalEncodings() {
    // An unknown field appended: parses, but is not the canonical encoding.
    Bytes extra = BLOCK.encoded().concat(Bytes.of(new byte[] {(byte) 0xa0, 0x06, 0x00}));
    assertThrows(InvalidLedgerInputException.class, () -> Block.decode(extra));
  }
}
