package org.cybervein.ledger.contract.database;

import static org.cybervein.ledger.contract.database.Uploads.frame;
import static org.cybervein.ledger.contract.database.Uploads.op;
import static org.cybervein.ledger.contract.database.Uploads.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.TestLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseContractTest {
  static final DatabaseContract CONTRACT = new DatabaseContract();
  static final int CREATOR = 1;

  TestLedger ledger;
  DatabaseId db;

  /** Member i: account key 100 + i, node key 200 + i. */
  static Member member(int i) {
    return new Member(Keys.address(100 + i), Keys.key(200 + i));
  }

  static List<Member> members(int count) {
    List<Member> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(member(i));
    }
    return list;
  }

  @BeforeEach
  void create() throws Exception {
    ledger = new TestLedger();
    ledger.fund(Keys.address(CREATOR), Amount.ofBaseUnits(1));
    call(CREATOR, new DatabaseCall.Create("orders", members(4)));
    db = DatabaseId.of(Keys.address(CREATOR), "orders");
  }

  void call(int who, DatabaseCall call) throws InvalidLedgerInputException {
    ledger.call(CONTRACT, Keys.key(who), call.encode());
  }

  Reason refused(int who, DatabaseCall call) {
    String before = ledger.fingerprint();
    InvalidLedgerInputException e =
        assertThrows(InvalidLedgerInputException.class, () -> call(who, call));
    assertEquals(before, ledger.fingerprint(), "a refused call changed state");
    return e.reason();
  }

  Function<Bytes, Optional<Bytes>> entries() {
    return ledger.entries(DatabaseContract.ID);
  }

  Database database() {
    return DatabaseContract.database(entries(), db).orElseThrow();
  }

  /** Signed uploads of {@code upload} by the replicas {@code signers}. */
  static List<Bytes> signedBy(PbftProto.PbftLog upload, int... signers) {
    List<Bytes> frames = new ArrayList<>();
    for (int s : signers) {
      frames.add(frame(upload, s, Keys.privateKey(200 + s)));
    }
    return frames;
  }

  DatabaseCall.InsertLog insert(long n, List<Bytes> frames) {
    return new DatabaseCall.InsertLog(db, n, frames, Uploads.logOf(frames));
  }

  // ---------------------------------------------------------------- creation and membership

  @Test
  void creationStoresTheMemberListInReplicaOrder() {
    Database d = database();
    assertEquals(members(4), d.members());
    assertEquals(1, d.f());
    assertEquals(Keys.address(CREATOR), d.creator());
    assertEquals(0, d.confirmedLogNumber());
    assertEquals(Optional.of(2), d.indexOf(member(2).account()));
  }

  @Test
  void aDatabaseIsCreatedOnce() {
    assertEquals(Reason.DUPLICATE, refused(CREATOR, new DatabaseCall.Create("orders", members(1))));
  }

  @Test
  void aJoinPassesOnlyWithMoreThanTwoThirdsOfTheMembers() throws Exception {
    call(50, new DatabaseCall.Apply(db, Keys.key(250)));
    DatabaseCall.Vote yes = new DatabaseCall.Vote(db, Keys.address(50), true);
    call(100, yes);
    call(101, yes);
    // 2 of 4 is not more than two thirds.
    assertEquals(4, database().members().size());
    assertEquals(
        2,
        DatabaseContract.application(entries(), db, Keys.address(50))
            .orElseThrow()
            .approvals()
            .size());
    call(102, yes);
    // 3 of 4 is.
    assertEquals(5, database().members().size());
    assertEquals(new Member(Keys.address(50), Keys.key(250)), database().members().get(4));
    assertTrue(DatabaseContract.application(entries(), db, Keys.address(50)).isEmpty());
    // The new member votes like any other.
    call(51, new DatabaseCall.Apply(db, Keys.key(251)));
    call(50, new DatabaseCall.Vote(db, Keys.address(51), false));
    assertEquals(
        1,
        DatabaseContract.application(entries(), db, Keys.address(51))
            .orElseThrow()
            .rejections()
            .size());
  }

  @Test
  void exactlyTwoThirdsIsNotEnough() throws Exception {
    // Six members: 4 approvals are exactly two thirds and do not pass; 5 do.
    call(CREATOR, new DatabaseCall.Create("six", members(6)));
    DatabaseId six = DatabaseId.of(Keys.address(CREATOR), "six");
    call(50, new DatabaseCall.Apply(six, Keys.key(250)));
    for (int i = 0; i < 4; i++) {
      ledger.call(
          CONTRACT, Keys.key(100 + i), new DatabaseCall.Vote(six, Keys.address(50), true).encode());
    }
    assertEquals(6, DatabaseContract.database(entries(), six).orElseThrow().members().size());
    call(104, new DatabaseCall.Vote(six, Keys.address(50), true));
    assertEquals(7, DatabaseContract.database(entries(), six).orElseThrow().members().size());
  }

  @Test
  void aJoinFailsOnceRejectionsMakeTwoThirdsImpossibleAndTheNodeMayReapply() throws Exception {
    call(50, new DatabaseCall.Apply(db, Keys.key(250)));
    call(100, new DatabaseCall.Vote(db, Keys.address(50), false));
    assertTrue(DatabaseContract.application(entries(), db, Keys.address(50)).isPresent());
    call(101, new DatabaseCall.Vote(db, Keys.address(50), false));
    assertTrue(DatabaseContract.application(entries(), db, Keys.address(50)).isEmpty());
    assertEquals(4, database().members().size());
    call(50, new DatabaseCall.Apply(db, Keys.key(250)));
    assertTrue(DatabaseContract.application(entries(), db, Keys.address(50)).isPresent());
  }

  @Test
  void votesByNonMembersAndDoubleVotesAreRefused() throws Exception {
    call(50, new DatabaseCall.Apply(db, Keys.key(250)));
    DatabaseCall.Vote yes = new DatabaseCall.Vote(db, Keys.address(50), true);
    assertEquals(Reason.NOT_AUTHORIZED, refused(CREATOR, yes));
    assertEquals(Reason.NOT_AUTHORIZED, refused(50, yes)); // the applicant itself
    call(100, yes);
    assertEquals(Reason.DUPLICATE, refused(100, yes));
    assertEquals(
        Reason.DUPLICATE, refused(100, new DatabaseCall.Vote(db, Keys.address(50), false)));
    assertEquals(Reason.NOT_FOUND, refused(100, new DatabaseCall.Vote(db, Keys.address(51), true)));
  }

  @Test
  void membersAndPendingApplicantsCannotApplyAgain() throws Exception {
    assertEquals(Reason.DUPLICATE, refused(100, new DatabaseCall.Apply(db, Keys.key(250))));
    assertEquals(Reason.DUPLICATE, refused(50, new DatabaseCall.Apply(db, Keys.key(201))));
    call(50, new DatabaseCall.Apply(db, Keys.key(250)));
    assertEquals(Reason.DUPLICATE, refused(50, new DatabaseCall.Apply(db, Keys.key(251))));
    assertEquals(
        Reason.NOT_FOUND,
        refused(50, new DatabaseCall.Apply(DatabaseId.of(Keys.address(9), "none"), Keys.key(250))));
  }

  @Test
  void twoApplicantsWithOneKeyCannotBothJoin() throws Exception {
    call(50, new DatabaseCall.Apply(db, Keys.key(250)));
    call(51, new DatabaseCall.Apply(db, Keys.key(250)));
    for (int i = 0; i < 3; i++) {
      call(100 + i, new DatabaseCall.Vote(db, Keys.address(50), true));
    }
    call(100, new DatabaseCall.Vote(db, Keys.address(51), true));
    call(101, new DatabaseCall.Vote(db, Keys.address(51), true));
    call(102, new DatabaseCall.Vote(db, Keys.address(51), true));
    // Now 5 members: 4 approvals are needed (3 * 4 > 10); the fourth is refused for the key.
    assertEquals(Reason.DUPLICATE, refused(103, new DatabaseCall.Vote(db, Keys.address(51), true)));
    assertEquals(5, database().members().size());
  }

  // ---------------------------------------------------------------- logs

  @Test
  void fPlusOneMatchingUploadsInsertALogQueriedBySequence() throws Exception {
    PbftProto.PbftLog u = upload(1, op(1, 10, "put a 1"), op(2, 7, "put b 2"));
    call(CREATOR, insert(1, signedBy(u, 0, 3)));
    DatabaseLog log = DatabaseContract.log(entries(), db, 1).orElseThrow();
    assertEquals(2, log.entries().size());
    LogEntry first = log.entries().get(0);
    assertEquals(Bytes.utf8("put a 1"), first.command());
    assertEquals(new NodeId("client-1"), first.initiator());
    assertEquals(Keys.key(501), first.initiatorKey());
    assertEquals(10, first.timestamp());
    assertEquals(1, first.sequence());
    assertEquals(DatabaseContract.uploadDigest(Bytes.of(u.toByteArray())), log.uploadDigest());
    assertEquals(1, database().confirmedLogNumber());
    assertEquals(1, database().logCount());
    assertTrue(DatabaseContract.holdsLog(entries(), db, 1));
    assertFalse(DatabaseContract.holdsLog(entries(), db, 2));
  }

  @Test
  void theConfirmedLogNumberCountsOnlyAnUnbrokenPrefix() throws Exception {
    call(CREATOR, insert(2, signedBy(upload(2, op(1, 2, "b")), 1, 2)));
    call(CREATOR, insert(4, signedBy(upload(4), 1, 2)));
    assertEquals(0, database().confirmedLogNumber());
    assertEquals(2, database().logCount());
    call(CREATOR, insert(1, signedBy(upload(1, op(1, 1, "a")), 0, 2)));
    assertEquals(2, database().confirmedLogNumber());
    call(CREATOR, insert(3, signedBy(upload(3, op(1, 3, "c")), 2, 3)));
    assertEquals(4, database().confirmedLogNumber());
    assertEquals(List.of(), DatabaseContract.log(entries(), db, 4).orElseThrow().entries());
  }

  @Test
  void aLogIsInsertedOnceAndLaterInsertionsChangeNothing() throws Exception {
    PbftProto.PbftLog u = upload(1, op(1, 1, "a"));
    call(CREATOR, insert(1, signedBy(u, 0, 1)));
    String after = ledger.fingerprint();
    // The same certificate again, and another replica's certificate for the same content.
    call(CREATOR, insert(1, signedBy(u, 0, 1)));
    call(101, insert(1, signedBy(u, 2, 3)));
    assertEquals(after, ledger.fingerprint());
    assertEquals(1, database().logCount());
    assertTrue(DatabaseContract.conflict(entries(), db, 1).isEmpty());
  }

  @Test
  void tooFewSignersAreRefused() {
    assertEquals(Reason.BAD_PROOF, refused(CREATOR, insert(1, signedBy(upload(1), 2))));
  }

  @Test
  void aForgedUploadSpoilsTheWholeCertificate() {
    PbftProto.PbftLog u = upload(1, op(1, 1, "a"));
    // Replica 1's index, signed with a key that is not member 1's.
    List<Bytes> forged = new ArrayList<>(signedBy(u, 0));
    forged.add(frame(u, 1, Keys.privateKey(666)));
    assertEquals(Reason.BAD_SIGNATURE, refused(CREATOR, insert(1, forged)));
    // Even with f + 1 valid uploads besides it.
    forged.add(frame(u, 2, Keys.privateKey(202)));
    assertEquals(Reason.BAD_SIGNATURE, refused(CREATOR, insert(1, forged)));
    // A valid signature on other content, relabelled with this content's bytes.
    Bytes other = frame(upload(1, op(1, 1, "b")), 1, Keys.privateKey(201));
    PbftProto.PbftFrame f = parseFrame(other);
    Bytes spliced =
        Bytes.of(
            f.toBuilder()
                .setBody(
                    PbftProto.PbftBody.newBuilder()
                        .setSender(1)
                        .setUpload(
                            PbftProto.PbftUpload.newBuilder()
                                .setSequence(1)
                                .setLogDigest(
                                    org.cybervein.api.wire.ApiTypesCodec.toProto(
                                        Uploads.digest(u))))
                        .build()
                        .toByteString())
                .build()
                .toByteArray());
    assertEquals(
        Reason.BAD_SIGNATURE, refused(CREATOR, insert(1, List.of(signedBy(u, 0).get(0), spliced))));
  }

  @Test
  void duplicatedUploadsOfOneMemberCountOnce() {
    PbftProto.PbftLog u = upload(1, op(1, 1, "a"));
    Bytes one = signedBy(u, 0).get(0);
    assertEquals(Reason.DUPLICATE, refused(CREATOR, insert(1, List.of(one, one))));
  }

  @Test
  void conflictingUploadsInOneCertificateAreRefused() {
    List<Bytes> frames = new ArrayList<>(signedBy(upload(1, op(1, 1, "a")), 0, 1));
    frames.addAll(signedBy(upload(1, op(1, 1, "b")), 2));
    assertEquals(Reason.CONTRACT_RULE, refused(CREATOR, insert(1, frames)));
  }

  @Test
  void fPlusOneUploadsWithOneSignerOutsideTheMembersAreRefused() {
    PbftProto.PbftLog u = upload(1, op(1, 1, "a"));
    List<Bytes> frames = new ArrayList<>(signedBy(u, 0));
    // Index 4 is no member of a 4-member database, whatever key signed it.
    frames.add(frame(u, 4, Keys.privateKey(204)));
    assertEquals(Reason.NOT_AUTHORIZED, refused(CREATOR, insert(1, frames)));
    // A huge index (negative as a Java int) too.
    frames.set(1, frame(u, -1, Keys.privateKey(204)));
    assertEquals(Reason.NOT_AUTHORIZED, refused(CREATOR, insert(1, frames)));
  }

  @Test
  void uploadsForAnotherSequenceNumberAreRefused() {
    assertEquals(
        Reason.CONTRACT_RULE,
        refused(CREATOR, insert(2, signedBy(upload(1, op(1, 1, "a")), 0, 1))));
  }

  @Test
  void framesThatAreNotSignedUploadsAreRefused() {
    byte[] checkpoint =
        PbftProto.PbftBody.newBuilder()
            .setSender(0)
            .setCheckpoint(PbftProto.PbftCheckpoint.newBuilder().setSequence(1))
            .build()
            .toByteArray();
    Bytes notUpload = Uploads.signed(checkpoint, Keys.privateKey(200));
    assertEquals(
        Reason.MALFORMED,
        refused(CREATOR, insert(1, List.of(notUpload, signedBy(upload(1), 1).get(0)))));
    Bytes macked =
        Bytes.of(
            PbftProto.PbftFrame.newBuilder()
                .setBody(parseFrame(signedBy(upload(1), 0).get(0)).getBody())
                .setAuthenticator(
                    PbftProto.PbftAuthenticator.newBuilder()
                        .addTags(com.google.protobuf.ByteString.copyFrom(new byte[16])))
                .build()
                .toByteArray());
    assertEquals(
        Reason.MALFORMED,
        refused(CREATOR, insert(1, List.of(macked, signedBy(upload(1), 1).get(0)))));
    assertEquals(Reason.MALFORMED, refused(CREATOR, insert(1, List.of(Bytes.utf8("garbage")))));
  }

  @Test
  void validUploadsWithALogThatIsNotTheSignedOneAreRefusedAsABadProof() throws Exception {
    PbftProto.PbftLog good = upload(1, op(1, 1, "a"));
    PbftProto.PbftLog forged = upload(1, op(1, 1, "steal"));
    List<Bytes> frames = signedBy(good, 0, 1);
    String before = ledger.fingerprint();
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class,
            () ->
                DatabaseContract.verifyCertificate(
                    database(), 1, frames, Bytes.of(forged.toByteArray())));
    assertEquals(Reason.BAD_PROOF, e.reason());
    assertEquals(
        org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason.LOG_MISMATCH,
        ((org.cybervein.consensus.pbft.InvalidPbftMessageException) e.getCause()).reason());
    assertEquals(
        Reason.BAD_PROOF,
        refused(
            CREATOR, new DatabaseCall.InsertLog(db, 1, frames, Bytes.of(forged.toByteArray()))));
    assertEquals(before, ledger.fingerprint(), "nothing changed");
    call(CREATOR, insert(1, frames));
    assertEquals(
        Bytes.utf8("a"),
        DatabaseContract.log(entries(), db, 1).orElseThrow().entries().get(0).command());
  }

  @Test
  void aSecondValidCertificateWithOtherContentIsKeptAsEvidenceOnly() throws Exception {
    PbftProto.PbftLog good = upload(1, op(1, 1, "a"));
    PbftProto.PbftLog evil = upload(1, op(1, 1, "steal"));
    call(CREATOR, insert(1, signedBy(good, 0, 1)));
    // Replicas 2 and 3 (more than f = 1) are Byzantine and certify other content.
    call(CREATOR, insert(1, signedBy(evil, 2, 3)));
    DatabaseLog held = DatabaseContract.log(entries(), db, 1).orElseThrow();
    assertEquals(Bytes.utf8("a"), held.entries().get(0).command());
    Conflict c = DatabaseContract.conflict(entries(), db, 1).orElseThrow();
    assertEquals(held.uploadDigest(), c.heldDigest());
    assertEquals(DatabaseContract.uploadDigest(Bytes.of(evil.toByteArray())), c.offeredDigest());
    assertEquals(1, database().logCount());
    String after = ledger.fingerprint();
    call(CREATOR, insert(1, signedBy(evil, 2, 3))); // the evidence is kept once
    assertEquals(after, ledger.fingerprint());
  }

  @Test
  void anAdmittedMemberSignsAsTheNextReplica() throws Exception {
    call(50, new DatabaseCall.Apply(db, Keys.key(250)));
    for (int i = 0; i < 3; i++) {
      call(100 + i, new DatabaseCall.Vote(db, Keys.address(50), true));
    }
    PbftProto.PbftLog u = upload(1, op(1, 1, "a"));
    List<Bytes> frames = new ArrayList<>(signedBy(u, 0));
    frames.add(frame(u, 4, Keys.privateKey(250)));
    call(CREATOR, insert(1, frames));
    assertTrue(DatabaseContract.holdsLog(entries(), db, 1));
  }

  @Test
  void aCommandTooLargeForAnEntryIsRefused() {
    PbftProto.PbftLog u = upload(1, op(1, 1, "x".repeat(70_000)));
    assertEquals(Reason.CONTRACT_RULE, refused(CREATOR, insert(1, signedBy(u, 0, 1))));
  }

  @Test
  void insertingIntoAnUnknownDatabaseIsRefused() {
    assertEquals(
        Reason.NOT_FOUND,
        refused(
            CREATOR,
            new DatabaseCall.InsertLog(
                DatabaseId.of(Keys.address(2), "x"),
                1,
                signedBy(upload(1), 0, 1),
                Bytes.of(upload(1).toByteArray()))));
  }

  @Test
  void everySingleByteMutationOfACertifiedInsertIsRefused() throws Exception {
    PbftProto.PbftLog u = upload(1, op(1, 1, "a"));
    Bytes input = insert(1, signedBy(u, 0, 1)).encode();
    String before = ledger.fingerprint();
    // Every position, one fixed flip each: cheap enough to do exhaustively.
    for (int pos = 0; pos < input.size(); pos++) {
      byte[] m = input.toByteArray();
      m[pos] ^= (byte) (1 + pos % 255);
      final Bytes mutated = Bytes.of(m);
      assertThrows(
          InvalidLedgerInputException.class,
          () -> ledger.call(CONTRACT, Keys.key(CREATOR), mutated),
          "mutation at " + pos);
      assertEquals(before, ledger.fingerprint());
    }
    ledger.call(CONTRACT, Keys.key(CREATOR), input);
    assertTrue(DatabaseContract.holdsLog(entries(), db, 1));
  }

  static PbftProto.PbftFrame parseFrame(Bytes b) {
    try {
      return PbftProto.PbftFrame.parseFrom(b.toByteArray());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
