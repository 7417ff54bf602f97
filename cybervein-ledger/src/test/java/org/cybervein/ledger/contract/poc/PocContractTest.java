package org.cybervein.ledger.contract.poc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.ledger.testing.PocFixtures.Contributor;
import org.cybervein.storageproofs.pospace.SpaceProver;
import org.cybervein.storageproofs.pospace.VerifiedSpaceCommitment;
import org.junit.jupiter.api.Test;

class PocContractTest {
  private final DeterministicRandom random = DeterministicRandom.fromSeed(7);
  private final PocContract contract = new PocContract(PocFixtures.RULES);
  private final TreeMap<Bytes, Bytes> entries = new TreeMap<>();
  private final Contributor alice = PocFixtures.contributor(random, 1 << 10);
  private final Ed25519PrivateKey downloader = Ed25519PrivateKey.generate(random);

  private void call(Contributor caller, Bytes input, long index)
      throws InvalidLedgerInputException {
    // Like the ledger: a failed call leaves nothing behind.
    TreeMap<Bytes, Bytes> copy = new TreeMap<>(entries);
    contract.call(new MapCallContext(copy, caller.key().publicKey(), index), input);
    entries.clear();
    entries.putAll(copy);
  }

  private Reason refused(Contributor caller, Bytes input, long index) {
    TreeMap<Bytes, Bytes> before = new TreeMap<>(entries);
    Reason r =
        assertThrows(InvalidLedgerInputException.class, () -> call(caller, input, index)).reason();
    assertEquals(before, entries, "a refused call changed the entries");
    return r;
  }

  @Test
  void registersACommitmentAndReadsItBack() throws Exception {
    call(alice, alice.registerCall(), 1);
    assertEquals(
        Optional.of(alice.prover().commitment()),
        PocContract.registeredCommitment(
                k -> Optional.ofNullable(entries.get(k)), alice.key().publicKey())
            .map(VerifiedSpaceCommitment::commitment));
  }

  @Test
  void refusesASecondRegistrationOfOneKey() throws Exception {
    call(alice, alice.registerCall(), 1);
    assertEquals(Reason.DUPLICATE, refused(alice, alice.registerCall(), 2));
  }

  @Test
  void refusesAnotherKeysCommitment() {
    Contributor mallory = PocFixtures.contributor(random, 1 << 10);
    assertEquals(Reason.CONTRACT_RULE, refused(mallory, alice.registerCall(), 1));
  }

  @Test
  void refusesACommitmentWithWrongLabels() {
    // Labels bound to another identity than the one the commitment claims: its commit proof fails.
    SpaceProver wrong =
        SpaceProver.initInMemory(
            PocContract.mu(alice.key().publicKey()), 1 << 10, PocFixtures.GRAPH);
    Contributor other = PocFixtures.contributor(random, 1 << 10);
    Bytes forged =
        PocContract.registerCall(
            SpaceProver.initInMemory(
                PocContract.mu(other.key().publicKey()), 1 << 10, PocFixtures.GRAPH),
            PocFixtures.RULES);
    assertEquals(Reason.CONTRACT_RULE, refused(alice, forged, 1));
    // Splice alice's commitment with a commit proof made for another commitment.
    var good =
        org.cybervein.api.wire.v1.LedgerBlockProto.PocCall.newBuilder()
            .setRegister(
                org.cybervein.api.wire.v1.LedgerBlockProto.PocRegister.newBuilder()
                    .setCommitment(
                        org.cybervein.api.wire.ApiTypesCodec.byteString(
                            wrong.commitment().encode()))
                    .setCommitProof(
                        org.cybervein.api.wire.ApiTypesCodec.byteString(
                            other
                                .prover()
                                .proveCommit(
                                    PocContract.commitSeed(other.prover().commitment()),
                                    PocFixtures.RULES.commitChallenges())
                                .encode())))
            .build();
    assertEquals(Reason.BAD_PROOF, refused(alice, Bytes.of(good.toByteArray()), 1));
  }

  @Test
  void refusesNodeCountsOutsideTheRules() {
    Contributor tiny = PocFixtures.contributor(random, 1 << 8);
    assertEquals(Reason.CONTRACT_RULE, refused(tiny, tiny.registerCall(), 1));
  }

  @Test
  void recordsBandwidthOncePerReceipt() throws Exception {
    call(alice, alice.registerCall(), 1);
    List<Bytes> receipts = PocFixtures.receipts(alice, downloader, 1000, 0, 3, 1);
    call(alice, PocContract.recordBandwidthCall(receipts), 2);
    assertEquals(
        3000,
        contract.bandwidthForBlock(
            k -> Optional.ofNullable(entries.get(k)), alice.key().publicKey(), 3));
    assertEquals(
        Reason.DUPLICATE,
        refused(alice, PocContract.recordBandwidthCall(receipts.subList(1, 2)), 3));
    // A duplicate inside one call is refused too, and the first of the pair is not kept.
    List<Bytes> fresh = PocFixtures.receipts(alice, downloader, 5, 0, 1, 2);
    assertEquals(
        Reason.DUPLICATE,
        refused(alice, PocContract.recordBandwidthCall(List.of(fresh.get(0), fresh.get(0))), 3));
  }

  @Test
  void refusesStaleSelfSignedAndUnregisteredReceipts() throws Exception {
    call(alice, alice.registerCall(), 1);
    long laterBlock = 3 * PocFixtures.RULES.windowBlocks();
    assertEquals(
        Reason.CONTRACT_RULE,
        refused(
            alice,
            PocContract.recordBandwidthCall(PocFixtures.receipts(alice, downloader, 9, 0, 1, 3)),
            laterBlock));
    assertEquals(
        Reason.MALFORMED,
        refused(
            alice,
            PocContract.recordBandwidthCall(PocFixtures.receipts(alice, alice.key(), 9, 0, 1, 4)),
            2));
    Contributor bob = PocFixtures.contributor(random, 1 << 10);
    assertEquals(
        Reason.NOT_FOUND,
        refused(
            alice,
            PocContract.recordBandwidthCall(PocFixtures.receipts(bob, downloader, 9, 0, 1, 5)),
            2));
  }

  @Test
  void refusesGarbageInput() {
    assertEquals(Reason.MALFORMED, refused(alice, Bytes.of(new byte[] {1, 2, 3}), 1));
    assertEquals(Reason.MALFORMED, refused(alice, Bytes.EMPTY, 1));
    assertEquals(
        Reason.OVERSIZED, refused(alice, Bytes.of(new byte[PocContract.MAX_INPUT_SIZE + 1]), 1));
    assertTrue(entries.isEmpty());
  }
}
