package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  // Every log made here by the UPLOAD naming it: what an offer of uploads carries as its log.
  private final Map<Upload, OperationLog> made = new HashMap<>();

  private OperationLog log(long n, String op) {
    OperationLog log =
        new OperationLog(
            n, List.of(new LoggedOperation(new NodeId("client"), CLIENT_KEY, 7, Bytes.utf8(op))));
    made.put(Upload.of(log), log);
    return log;
  }

  private SignedUpload signed(OperationLog log, int replica) {
    return SignedUpload.sign(Upload.of(log), replica, keys.get(replica).signingKey());
  }

  /** The encoded log the first upload names, as an honest caller offers it. */
  private Bytes logOf(SignedUpload... uploads) {
    return uploads.length == 0 ? Bytes.EMPTY : made.get(uploads[0].upload()).encode();
  }

  private Outcome insert(
      InMemoryLogContract contract, long n, SignedUpload first, SignedUpload... rest) {
    List<SignedUpload> all = new ArrayList<>();
    all.add(first);
    all.addAll(List.of(rest));
    return contract.insert(n, all, logOf(first));
  }

  private Optional<Rejection> rejection(long n, SignedUpload... uploads) {
    InMemoryLogContract.Decision d = contract.offer(n, List.of(uploads), logOf(uploads));
    if (d.outcome() == Outcome.REJECTED) {
      assertFalse(contract.contains(n), "a rejected offer inserts nothing");
      assertEquals(0, contract.size());
    }
    return d.rejection();
  }

  @Test
  void insertsLogWithFPlusOneMatchingSignaturesAndAnswersQueries() {
    OperationLog log1 = log(1, "a");
    List<OperationLog> seen = new ArrayList<>();
    contract.addListener(seen::add);
    assertEquals(Outcome.INSERTED, insert(contract, 1, signed(log1, 0), signed(log1, 2)));
    assertTrue(contract.contains(1));
    assertEquals(Optional.of(log1), contract.entry(1));
    assertEquals(Optional.empty(), contract.entry(2));
    assertEquals(List.of(log1), seen);
    assertEquals(Optional.of(1L), contract.highest());
    OperationLog log2 = log(2, "b");
    insert(contract, 2, signed(log2, 1), signed(log2, 3), signed(log2, 0));
    assertEquals(List.of(1L, 2L), List.copyOf(contract.entries().keySet()));
    assertEquals(List.of(2L), List.copyOf(contract.entries(2, 9).keySet()));
  }

  @Test
  void boundedContractKeepsTheNewestLogsWithinItsBytesAndTreatsForgottenOnesAsHeld() {
    // Each log: one 100-byte operation = 196 counted bytes; 1,000 bytes hold five of them.
    InMemoryLogContract bounded = new InMemoryLogContract(config, 1_000);
    List<OperationLog> seen = new ArrayList<>();
    bounded.addListener(seen::add);
    String op = "x".repeat(100);
    for (long n = 1; n <= 200; n++) {
      OperationLog u = log(n, op);
      assertEquals(Outcome.INSERTED, insert(bounded, n, signed(u, 0), signed(u, 1)));
      assertTrue(bounded.heldBytes() <= 1_000, "held bytes " + bounded.heldBytes() + " at " + n);
    }
    assertEquals(5, bounded.size());
    assertEquals(List.of(196L, 197L, 198L, 199L, 200L), List.copyOf(bounded.entries().keySet()));
    // A forgotten log counts as held: offered again (even with other content) it lands no more.
    assertTrue(bounded.contains(1));
    assertEquals(Optional.empty(), bounded.entry(1));
    OperationLog again = log(1, "other");
    assertEquals(Outcome.ALREADY_PRESENT, insert(bounded, 1, signed(again, 2), signed(again, 3)));
    assertEquals(200, seen.size());
    assertFalse(bounded.contains(201));
    assertFalse(bounded.contains(0));
    // A bad certificate for a forgotten log is still rejected: validation comes first.
    assertEquals(Outcome.REJECTED, insert(bounded, 1, signed(again, 2)));
  }

  @Test
  void boundedContractKeepsTheNewestLogEvenIfItAloneExceedsTheBound() {
    InMemoryLogContract bounded = new InMemoryLogContract(config, 10);
    for (long n = 1; n <= 3; n++) {
      OperationLog u = log(n, "abc");
      insert(bounded, n, signed(u, 0), signed(u, 1));
    }
    assertEquals(List.of(3L), List.copyOf(bounded.entries().keySet()));
    assertTrue(bounded.contains(2));
  }

  @Test
  void insertsEachSequenceOnce() {
    OperationLog log1 = log(1, "a");
    insert(contract, 1, signed(log1, 0), signed(log1, 1));
    List<OperationLog> seen = new ArrayList<>();
    contract.addListener(seen::add);
    assertEquals(Outcome.ALREADY_PRESENT, insert(contract, 1, signed(log1, 2), signed(log1, 3)));
    assertEquals(1, contract.size());
    assertEquals(List.of(), seen);
    assertEquals(List.of(), contract.conflicts());
  }

  @Test
  void keepsTheFirstLogAndRecordsAConflictingCertificateAsEvidence() {
    // Only possible with more than f faulty members; the contract must not be overwritten.
    OperationLog first = log(1, "a");
    OperationLog other = log(1, "b");
    insert(contract, 1, signed(first, 0), signed(first, 1));
    assertEquals(Outcome.ALREADY_PRESENT, insert(contract, 1, signed(other, 2), signed(other, 3)));
    assertEquals(Optional.of(first), contract.entry(1));
    assertEquals(List.of(new InMemoryLogContract.Conflict(first, other)), contract.conflicts());
  }

  @Test
  void rejectsEmptySet() {
    assertEquals(Optional.of(Rejection.NO_UPLOADS), rejection(1));
  }

  @Test
  void rejectsTooFewSigners() {
    OperationLog log1 = log(1, "a");
    assertEquals(Optional.of(Rejection.TOO_FEW_SIGNERS), rejection(1, signed(log1, 0)));
  }

  @Test
  void rejectsDuplicatedUploadOfOneMember() {
    OperationLog log1 = log(1, "a");
    SignedUpload once = signed(log1, 0);
    assertEquals(Optional.of(Rejection.DUPLICATE_SIGNER), rejection(1, once, once));
  }

  @Test
  void rejectsTwoSignaturesOfOneMemberOnEqualContent() {
    // The same member cannot count twice even with two distinct valid frames (other operations).
    OperationLog log1 = log(1, "a");
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
    OperationLog log2 = log(2, "a");
    assertEquals(
        Optional.of(Rejection.WRONG_SEQUENCE), rejection(1, signed(log2, 0), signed(log2, 1)));
  }

  @Test
  void rejectsNonMember() {
    OperationLog log1 = log(1, "a");
    SignedUpload stranger = SignedUpload.sign(Upload.of(log1), N, outsider.signingKey());
    assertEquals(Optional.of(Rejection.NOT_A_MEMBER), rejection(1, signed(log1, 0), stranger));
  }

  @Test
  void rejectsUploadSignedWithAnotherMembersKey() {
    OperationLog log1 = log(1, "a");
    SignedUpload forged = SignedUpload.sign(Upload.of(log1), 1, keys.get(2).signingKey());
    assertEquals(Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(log1, 0), forged));
  }

  @Test
  void rejectsUploadSignedByAnOutsiderInAMembersName() {
    OperationLog log1 = log(1, "a");
    SignedUpload forged = SignedUpload.sign(Upload.of(log1), 3, outsider.signingKey());
    assertEquals(Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(log1, 0), forged));
  }

  @Test
  void rejectsUploadWhoseClaimedContentIsNotWhatWasSigned() {
    // A valid frame for log "b", presented as if it carried log "a".
    OperationLog claimed = log(1, "a");
    SignedUpload real = signed(log(1, "b"), 1);
    SignedUpload relabelled = new SignedUpload(Upload.of(claimed), 1, real.frame());
    assertEquals(
        Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(claimed, 0), relabelled));
  }

  @Test
  void rejectsUploadRelabelledToAnotherMember() {
    // Member 1's valid frame presented as member 2's upload.
    OperationLog log1 = log(1, "a");
    SignedUpload relabelled = new SignedUpload(Upload.of(log1), 2, signed(log1, 1).frame());
    assertEquals(
        Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(log1, 0), relabelled));
  }

  @Test
  void rejectsUploadWithAFlippedSignatureBit() {
    OperationLog log1 = log(1, "a");
    byte[] frame = signed(log1, 1).frame().toByteArray();
    frame[frame.length - 1] ^= 1;
    SignedUpload mutated = new SignedUpload(Upload.of(log1), 1, Bytes.of(frame));
    assertEquals(Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(log1, 0), mutated));
  }

  @Test
  void rejectsGarbageFrame() {
    OperationLog log1 = log(1, "a");
    SignedUpload garbage = new SignedUpload(Upload.of(log1), 1, Bytes.utf8("not a frame"));
    assertEquals(Optional.of(Rejection.FORGED_SIGNATURE), rejection(1, signed(log1, 0), garbage));
  }

  @Test
  void rejectsValidUploadsOfferedWithAnotherLog() {
    OperationLog log1 = log(1, "a");
    List<SignedUpload> uploads = List.of(signed(log1, 0), signed(log1, 1));
    InMemoryLogContract.Decision d = contract.offer(1, uploads, log(1, "forged").encode());
    assertEquals(Optional.of(Rejection.LOG_MISMATCH), d.rejection());
    assertFalse(contract.contains(1));
    assertEquals(
        Optional.of(Rejection.LOG_MISMATCH),
        contract.offer(1, uploads, log(2, "a").encode()).rejection(),
        "the log of another sequence number");
    assertEquals(Outcome.INSERTED, contract.insert(1, uploads, log1.encode()));
  }

  @Test
  void aRejectedOfferDoesNotBlockALaterValidOne() {
    OperationLog log1 = log(1, "a");
    assertEquals(Outcome.REJECTED, insert(contract, 1, signed(log1, 0)));
    assertEquals(Outcome.INSERTED, insert(contract, 1, signed(log1, 0), signed(log1, 3)));
  }
}
