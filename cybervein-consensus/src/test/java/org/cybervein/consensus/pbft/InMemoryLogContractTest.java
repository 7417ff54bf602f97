package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.consensus.pbft.InMemoryLogContract.Rejection;
import org.cybervein.consensus.pbft.LogContract.Outcome;
import org.junit.jupiter.api.Test;

class InMemoryLogContractTest {
  // n = 4, f = 1: two distinct members make a certificate.
  private static final int N = 4;
  private static final org.cybervein.api.PublicKey CLIENT_KEY =
      NodeKeys.generate(DeterministicRandom.fromSeed(7L)).signingKey().publicKey();
  private final List<NodeKeys> keys = new ArrayList<>();
  private final NodeKeys outsider;
  private final ReplicaConfig config;
  private final InMemoryLogContract contract;

  InMemoryLogContractTest() {
    DeterministicRandom random = DeterministicRandom.fromSeed(42L);
    List<PeerIdentity> members = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      NodeKeys k = NodeKeys.generate(random);
      keys.add(k);
      members.add(k.identity(new NodeId("r" + i)));
    }
    outsider = NodeKeys.generate(random);
    config = ReplicaConfig.of(members, AuthMode.SIGNATURES);
    contract = new InMemoryLogContract(config);
  }

  private static Upload log(long n, String op) {
    return new Upload(
        n, List.of(new LoggedOperation(new NodeId("client"), CLIENT_KEY, 7, Bytes.utf8(op))));
  }

  private SignedUpload signed(Upload upload, int replica) {
    return SignedUpload.sign(upload, replica, keys.get(replica).signingKey());
  }

  private Optional<Rejection> rejection(long n, SignedUpload... uploads) {
    InMemoryLogContract.Decision d = contract.offer(n, List.of(uploads));
    if (d.outcome() == Outcome.REJECTED) {
      assertFalse(contract.contains(n), "a rejected offer inserts nothing");
      assertEquals(0, contract.size());
    }
    return d.rejection();
  }

  @Test
  void insertsLogWithFPlusOneMatchingSignaturesAndAnswersQueries() {
    Upload log1 = log(1, "a");
    List<Upload> seen = new ArrayList<>();
    contract.addListener(seen::add);
    assertEquals(Outcome.INSERTED, contract.insert(1, List.of(signed(log1, 0), signed(log1, 2))));
    assertTrue(contract.contains(1));
    assertEquals(Optional.of(log1), contract.entry(1));
    assertEquals(Optional.empty(), contract.entry(2));
    assertEquals(List.of(log1), seen);
    assertEquals(Optional.of(1L), contract.highest());
    Upload log2 = log(2, "b");
    contract.insert(2, List.of(signed(log2, 1), signed(log2, 3), signed(log2, 0)));
    assertEquals(List.of(1L, 2L), List.copyOf(contract.entries().keySet()));
    assertEquals(List.of(2L), List.copyOf(contract.entries(2, 9).keySet()));
  }

  @Test
  void boundedContractKeepsTheNewestLogsWithinItsBytesAndTreatsForgottenOnesAsHeld() {
    // Each log: one 100-byte operation = 196 counted bytes; 1,000 bytes hold five of them.
    InMemoryLogContract bounded = new InMemoryLogContract(config, 1_000);
    List<Upload> seen = new ArrayList<>();
    bounded.addListener(seen::add);
    String op = "x".repeat(100);
    for (long n = 1; n <= 200; n++) {
      Upload u = log(n, op);
      assertEquals(Outcome.INSERTED, bounded.insert(n, List.of(signed(u, 0), signed(u, 1))));
      assertTrue(bounded.heldBytes() <= 1_000, "held bytes " + bounded.heldBytes() + " at " + n);
    }
    assertEquals(5, bounded.size());
    assertEquals(List.of(196L, 197L, 198L, 199L, 200L), List.copyOf(bounded.entries().keySet()));
    // A forgotten log counts as held: offered again (even with other content) it lands no more.
    assertTrue(bounded.contains(1));
    assertEquals(Optional.empty(), bounded.entry(1));
    Upload again = log(1, "other");
    assertEquals(
        Outcome.ALREADY_PRESENT, bounded.insert(1, List.of(signed(again, 2), signed(again, 3))));
    assertEquals(200, seen.size());
    assertFalse(bounded.contains(201));
    assertFalse(bounded.contains(0));
    // A bad certificate for a forgotten log is still rejected: validation comes first.
    assertEquals(Outcome.REJECTED, bounded.insert(1, List.of(signed(again, 2))));
  }

  @Test
  void boundedContractKeepsTheNewestLogEvenIfItAloneExceedsTheBound() {
    InMemoryLogContract bounded = new InMemoryLogContract(config, 10);
    for (long n = 1; n <= 3; n++) {
      Upload u = log(n, "abc");
      bounded.insert(n, List.of(signed(u, 0), signed(u, 1)));
    }
    assertEquals(List.of(3L), List.copyOf(bounded.entries().keySet()));
    assertTrue(bounded.contains(2));
  }

  @Test
  void insertsEachSequenceOnce() {
    Upload log1 = log(1, "a");
    contract.insert(1, List.of(signed(log1, 0), signed(log1, 1)));
    List<Upload> seen = new ArrayList<>();
    contract.addListener(seen::add);
    assertEquals(
        Outcome.ALREADY_PRESENT, contract.insert(1, List.of(signed(log1, 2), signed(log1, 3))));
    assertEquals(1, contract.size());
    assertEquals(List.of(), seen);
    assertEquals(List.of(), contract.conflicts());
  }

  @Test
  void keepsTheFirstLogAndRecordsAConflictingCertificateAsEvidence() {
    // Only possible with more than f faulty members; the contract must not be overwritten.
    Upload first = log(1, "a");
    Upload other = log(1, "b");
    contract.insert(1, List.of(signed(first, 0), signed(first, 1)));
    assertEquals(
        Outcome.ALREADY_PRESENT, contract.insert(1, List.of(signed(other, 2), signed(other, 3))));
    assertEquals(Optional.of(first), contract.entry(1));
    assertEquals(List.of(new InMemoryLogContract.Conflict(first, other)), contract.conflicts());
  }

  @Test
  void rejectsEmptySet() {
    assertEquals(Optional.of(Rejection.NO_UPLOADS), rejection(1));
  }

  @Test
  void rejectsTooFewSigners() {
    Upload log1 = log(1, "a");
    assertEquals(Optional.of(Rejection.TOO_FEW_SIGNERS), rejection(1, signed(log1, 0)));
  }

  @Test
  void rejectsDuplicatedUploadOfOneMember() {
    Upload log1 = log(1, "a");
    SignedUpload once = signed(log1, 0);
    assertEquals(Optional.of(Rejection.DUPLICATE_SIGNER), rejection(1, once, once));
  }

  @Test
  void rejectsTwoSignaturesOfOneMemberOnEqualContent() {
    // The same member cannot count twice even with two distinct valid frames (other operations).
    Upload log1 = log(1, "a");
    assertEquals(
        Optional.of(Rejection.DUPLICATE_SIGNER),
        rejection(1, signed(log1, 0), signed(log1, 0), signed(log1, 1)));
  }

  @Test
  void rejectsConflictingUploads() {
    assertEquals(
        Optional.of(Rejection.CONFLICTING_CONTENT),
        rejection(1, signed(log(1, "a"), 0), signed(log(1, "b"), 1), signed(log(1, "a"), 2)));
  }

  @Test
  void rejectsUploadsForAnotherSequence() {
    Upload log2 = log(2, "a");
    assertEquals(
        Optional.of(Rejection.WRONG_SEQUENCE), rejection(1, signed(log2, 0), signed(log2, 1)));
  }

  @Test
  void rejectsNonMember() {
    Upload log1 = log(1, "a");
    SignedUpload stranger = SignedUpload.sign(log1, N, outsider.signingKey());
    assertEquals(Optional.of(Rejection.NOT_A_MEMBER), rejection(1, signed(log1, 0), stranger));
  }

  @Test
  void rejectsUploadSignedWithAnotherMembersKey() {
    Upload log1 = log(1, "a");
    SignedUpload forged = SignedUpload.sign(log1, 1, keys.get(2).signingKey());
    assertEquals(Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(log1, 0), forged));
  }

  @Test
  void rejectsUploadSignedByAnOutsiderInAMembersName() {
    Upload log1 = log(1, "a");
    SignedUpload forged = SignedUpload.sign(log1, 3, outsider.signingKey());
    assertEquals(Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(log1, 0), forged));
  }

  @Test
  void rejectsUploadWhoseClaimedContentIsNotWhatWasSigned() {
    // A valid frame for log "b", presented as if it carried log "a".
    Upload claimed = log(1, "a");
    SignedUpload real = signed(log(1, "b"), 1);
    SignedUpload relabelled = new SignedUpload(claimed, 1, real.frame());
    assertEquals(
        Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(claimed, 0), relabelled));
  }

  @Test
  void rejectsUploadRelabelledToAnotherMember() {
    // Member 1's valid frame presented as member 2's upload.
    Upload log1 = log(1, "a");
    SignedUpload relabelled = new SignedUpload(log1, 2, signed(log1, 1).frame());
    assertEquals(
        Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(log1, 0), relabelled));
  }

  @Test
  void rejectsUploadWithAFlippedSignatureBit() {
    Upload log1 = log(1, "a");
    byte[] frame = signed(log1, 1).frame().toByteArray();
    frame[frame.length - 1] ^= 1;
    SignedUpload mutated = new SignedUpload(log1, 1, Bytes.of(frame));
    assertEquals(Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(log1, 0), mutated));
  }

  @Test
  void rejectsGarbageFrame() {
    Upload log1 = log(1, "a");
    SignedUpload garbage = new SignedUpload(log1, 1, Bytes.utf8("not a frame"));
    assertEquals(Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(log1, 0), garbage));
  }

  @Test
  void aRejectedOfferDoesNotBlockALaterValidOne() {
    Upload log1 = log(1, "a");
    assertEquals(Outcome.REJECTED, contract.insert(1, List.of(signed(log1, 0))));
    assertEquals(Outcome.INSERTED, contract.insert(1, List.of(signed(log1, 0), signed(log1, 3))));
  }
}
