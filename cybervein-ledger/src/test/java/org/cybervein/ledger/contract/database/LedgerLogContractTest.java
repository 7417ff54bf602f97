package org.cybervein.ledger.contract.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.consensus.pbft.InMemoryLogContract;
import org.cybervein.consensus.pbft.LogContract.Outcome;
import org.cybervein.consensus.pbft.LoggedOperation;
import org.cybervein.consensus.pbft.OperationLog;
import org.cybervein.consensus.pbft.SignedUpload;
import org.cybervein.consensus.pbft.Upload;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

class LedgerLogContractTest {
  static final long SEED = Long.getLong("qt.seed", 0x1ED6E5L);
  static final PublicKey CLIENT =
      Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(9L)).publicKey();

  final LedgerGroup group = new LedgerGroup(42, 4);

  static OperationLog log(long n, String op) {
    return new OperationLog(
        n, List.of(new LoggedOperation(new NodeId("client"), CLIENT, n, Bytes.utf8(op))));
  }

  SignedUpload signed(OperationLog u, int replica) {
    return SignedUpload.sign(Upload.of(u), replica, group.nodeKeys.get(replica).signingKey());
  }

  /**
   * The encoded log whose digest the first upload signs, among the logs this test makes (each is
   * log(n, op) for some op it names); empty bytes if none, which hash to no signed digest.
   */
  static Bytes logOf(List<SignedUpload> uploads) {
    if (uploads.isEmpty()) {
      return Bytes.EMPTY;
    }
    Upload u = uploads.get(0).upload();
    for (String op : KNOWN_OPS) {
      OperationLog candidate = log(u.sequence(), op.replace("#", Long.toString(u.sequence())));
      if (Upload.of(candidate).equals(u)) {
        return candidate.encode();
      }
    }
    return Bytes.EMPTY;
  }

  private static final List<String> KNOWN_OPS =
      List.of("put a 1", "a", "b", "op #", "evil", "good #", "relabelled");

  Outcome rejectedWith(LedgerLogContract contract, Reason reason, long n, SignedUpload... uploads) {
    Hash root = group.state.root();
    Outcome outcome = contract.insert(n, List.of(uploads), logOf(List.of(uploads)));
    assertEquals(Outcome.REJECTED, outcome);
    assertEquals(reason, contract.lastRefusal().orElseThrow().reason());
    assertEquals(root, group.state.root(), "a rejected insertion changed the ledger");
    assertFalse(contract.contains(n));
    return outcome;
  }

  @Test
  void realSignedUploadsLandInTheLedgerAndReadBackEqual() {
    LedgerLogContract c = group.contract(1, group.immediate());
    OperationLog u = log(1, "put a 1");
    assertEquals(Outcome.INSERTED, c.insert(1, List.of(signed(u, 0), signed(u, 3)), u.encode()));
    assertTrue(c.contains(1));
    assertEquals(Optional.of(u), c.entry(1));
    assertEquals(Optional.empty(), c.entry(2));
    assertEquals(1, c.confirmedLogNumber());
    // Another replica sees it through the same ledger.
    LedgerLogContract other = group.contract(2, group.immediate());
    assertTrue(other.contains(1));
    assertEquals(
        Outcome.ALREADY_PRESENT, other.insert(1, List.of(signed(u, 1), signed(u, 2)), u.encode()));
    assertEquals(1, group.state.account(Address.of(group.accounts.get(1).publicKey())).nonce());
  }

  @Test
  void byzantineCertificatesAreRejectedWithTheContractsReason() {
    LedgerLogContract c = group.contract(0, group.immediate());
    OperationLog u = log(1, "a");
    // Forged: replica 1's index, the outsider's key.
    rejectedWith(
        c,
        Reason.BAD_SIGNATURE,
        1,
        signed(u, 0),
        SignedUpload.sign(Upload.of(u), 1, group.outsider.signingKey()));
    // Duplicated: one member twice.
    rejectedWith(c, Reason.DUPLICATE, 1, signed(u, 0), signed(u, 0));
    // Conflicting content.
    rejectedWith(c, Reason.CONTRACT_RULE, 1, signed(u, 0), signed(log(1, "b"), 1));
    // f + 1 uploads, one signer not a member (index 4 of a 4-member group).
    rejectedWith(
        c,
        Reason.NOT_AUTHORIZED,
        1,
        signed(u, 0),
        SignedUpload.sign(Upload.of(u), 4, group.outsider.signingKey()));
    // Too few.
    rejectedWith(c, Reason.BAD_PROOF, 1, signed(u, 2));
    // For another sequence number.
    rejectedWith(c, Reason.CONTRACT_RULE, 2, signed(u, 0), signed(u, 1));
    assertEquals(Outcome.INSERTED, c.insert(1, List.of(signed(u, 0), signed(u, 1)), u.encode()));
  }

  @Test
  void aSignedUploadWhoseStatedContentIsNotItsFramesIsRejected() {
    LedgerLogContract c = group.contract(0, group.immediate());
    OperationLog u = log(1, "a");
    SignedUpload real = signed(u, 1);
    SignedUpload relabelled = new SignedUpload(Upload.of(log(1, "b")), 1, real.frame());
    rejectedWith(c, Reason.BAD_SIGNATURE, 1, signed(u, 0), relabelled);
  }

  @Test
  void anAccountThatCannotPayTheFeeInsertsNothing() {
    Ed25519PrivateKey broke = Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(77L));
    LedgerLogContract c =
        new LedgerLogContract(
            group.state, group.database, broke, LedgerGroup.FEE, group.immediate());
    OperationLog u = log(1, "a");
    rejectedWith(c, Reason.INSUFFICIENT_FUNDS, 1, signed(u, 0), signed(u, 1));
    // A funded replica inserts the same certificate.
    assertEquals(
        Outcome.INSERTED,
        group
            .contract(1, group.immediate())
            .insert(1, List.of(signed(u, 0), signed(u, 1)), u.encode()));
  }

  @Test
  void racingReplicasThroughAMempoolLandTheLogOnceAndKeepTheirNonces() {
    List<LedgerLogContract> replicas = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      replicas.add(group.contract(i, group.queued()));
    }
    for (long n = 1; n <= 3; n++) {
      OperationLog u = log(n, "op " + n);
      for (int i = 0; i < 4; i++) {
        // Nothing is in a block yet: every replica submits.
        assertEquals(
            Outcome.INSERTED,
            replicas.get(i).insert(n, List.of(signed(u, i), signed(u, (i + 1) % 4)), u.encode()));
      }
    }
    assertEquals(12, group.produceBlock());
    for (long n = 1; n <= 3; n++) {
      assertEquals(Optional.of(log(n, "op " + n)), replicas.get(0).entry(n));
    }
    assertEquals(3, replicas.get(2).confirmedLogNumber());
    for (int i = 0; i < 4; i++) {
      long expected = i == 0 ? 4 : 3; // replica 0's account also created the database
      assertEquals(
          expected, group.state.account(Address.of(group.accounts.get(i).publicKey())).nonce());
    }
    // Afterwards the next insertion of each uses the next nonce and lands too.
    OperationLog u4 = log(4, "op 4");
    assertEquals(
        Outcome.INSERTED,
        replicas.get(3).insert(4, List.of(signed(u4, 0), signed(u4, 3)), u4.encode()));
    assertEquals(1, group.produceBlock());
    assertEquals(4, replicas.get(1).confirmedLogNumber());
  }

  /**
   * Random sets of signed uploads, honest, forged, duplicated, conflicting or from outside the
   * group: the ledger-backed contract accepts exactly the sets the in-memory reference accepts, and
   * then holds the same log.
   */
  @Test
  void agreesWithTheInMemoryContractOnRandomCertificates() {
    System.out.println("qt.seed " + SEED);
    QuickTheory.qt()
        .withExamples(Integer.getInteger("qt.examples", 200) / 4)
        .withFixedSeed(SEED)
        .forAll(lists().of(integers().all()).ofSizeBetween(1, 12))
        .checkAssert(
            script -> {
              LedgerGroup g = new LedgerGroup(7, 4);
              LedgerLogContract ledger = g.contract(0, g.immediate());
              InMemoryLogContract reference = new InMemoryLogContract(g.config);
              for (int step : script) {
                SplittableRandom r = new SplittableRandom(step);
                long n = 1 + r.nextInt(3);
                List<SignedUpload> uploads = new ArrayList<>();
                for (int k = r.nextInt(4); k >= 0; k--) {
                  long seq = r.nextInt(8) == 0 ? n + 1 : n;
                  OperationLog u = log(seq, r.nextInt(5) == 0 ? "evil" : "good " + seq);
                  int replica = r.nextInt(10) == 0 ? 4 + r.nextInt(3) : r.nextInt(4);
                  Ed25519PrivateKey key =
                      r.nextInt(8) == 0 || replica >= 4
                          ? g.outsider.signingKey()
                          : g.nodeKeys.get(replica).signingKey();
                  SignedUpload signed = SignedUpload.sign(Upload.of(u), replica, key);
                  if (r.nextInt(12) == 0) {
                    // The stated content relabelled: the frame says otherwise.
                    signed =
                        new SignedUpload(
                            Upload.of(log(seq, "relabelled")), replica, signed.frame());
                  }
                  uploads.add(signed);
                }
                Outcome expected = reference.insert(n, uploads, logOf(uploads));
                Outcome actual = ledger.insert(n, uploads, logOf(uploads));
                assertEquals(expected, actual, "uploads " + uploads);
                assertEquals(reference.entry(n), ledger.entry(n));
              }
            });
  }
}
