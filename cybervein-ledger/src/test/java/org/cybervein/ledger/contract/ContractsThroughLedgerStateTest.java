package org.cybervein.ledger.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.database.DatabaseCall;
import org.cybervein.ledger.contract.database.DatabaseContract;
import org.cybervein.ledger.contract.database.DatabaseId;
import org.cybervein.ledger.contract.database.Member;
import org.cybervein.ledger.contract.dataset.DataSetCall;
import org.cybervein.ledger.contract.dataset.DataSetContract;
import org.cybervein.ledger.contract.dataset.DataSetFees;
import org.cybervein.ledger.contract.dataset.DataSetId;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.BlockEffects;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.state.StateKeys;
import org.cybervein.ledger.state.StateProof;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two contracts run by the real ledger state: signed transactions in blocks, fees split among
 * the block's contributors, refusals that reject whole blocks, replays stopped by nonces, reverts,
 * and contract entries proved against the state root.
 */
class ContractsThroughLedgerStateTest {
  static final DataSetFees FEES =
      new DataSetFees(Amount.ofBaseUnits(1_000), Amount.ofBaseUnits(100), 2_000); // 20 %
  static final Amount TX_FEE = Amount.ofBaseUnits(10);
  static final long START = 10_000_000;
  static final int UPLOADER = 1;
  static final int DOWNLOADER = 2;
  static final int CONTRIBUTOR = 3;

  LedgerState state;
  long blockIndex;
  final Map<Integer, Long> nonces = new HashMap<>();

  @BeforeEach
  void genesis() {
    TreeMap<Address, Amount> alloc = new TreeMap<>();
    for (int i = 1; i <= 3; i++) {
      alloc.put(Keys.address(i), Amount.ofBaseUnits(START));
    }
    for (int i = 0; i < 4; i++) {
      alloc.put(Keys.address(100 + i), Amount.ofBaseUnits(START)); // database members' accounts
    }
    alloc.put(Keys.address(50), Amount.ofBaseUnits(START)); // an applicant
    state =
        LedgerState.inMemory(
            new Genesis(alloc, TX_FEE),
            ContractRegistry.of(new DataSetContract(FEES), new DatabaseContract()));
  }

  BlockContext nextBlock(long reward) {
    return new BlockContext(
        ++blockIndex,
        1_700_000_000_000L + blockIndex,
        Amount.ofBaseUnits(reward),
        List.of(new RewardShare(Keys.address(CONTRIBUTOR), java.math.BigInteger.ONE)));
  }

  SignedTransaction tx(int who, ContractId contract, Bytes input) {
    long nonce = nonces.merge(who, 1L, Long::sum) - 1;
    Ed25519PrivateKey key = Keys.privateKey(who);
    return SignedTransaction.sign(
        new Transaction(key.publicKey(), nonce, TX_FEE, new ContractCall(contract, input)), key);
  }

  SignedTransaction dataSet(int who, DataSetCall call) {
    return tx(who, DataSetContract.ID, call.encode());
  }

  SignedTransaction database(int who, DatabaseCall call) {
    return tx(who, DatabaseContract.ID, call.encode());
  }

  BlockEffects apply(long reward, SignedTransaction... txs) throws InvalidLedgerInputException {
    return state.apply(nextBlock(reward), List.of(txs));
  }

  Function<Bytes, Optional<Bytes>> entries(ContractId id) {
    return key -> state.contractEntry(id, key);
  }

  Amount balance(int who) {
    return state.account(Keys.address(who)).balance();
  }

  Amount sumOfBalances() {
    Amount sum = Amount.ZERO;
    for (int i : new int[] {1, 2, 3, 50, 100, 101, 102, 103}) {
      sum = sum.plus(balance(i));
    }
    return sum;
  }

  @Test
  void theDataFlowPaysUploadAndDownloadFeesAndGrantsAccessUnderTheStateRoot() throws Exception {
    long size = 5L << 20;
    long uploadFee = 1_000 + 5 * 100;
    Hash content = HashFunction.SHA256.hashUntagged(Bytes.utf8("data"));
    apply(
        0,
        dataSet(
            UPLOADER,
            new DataSetCall.Register(
                "sensors", content, size, Amount.ofBaseUnits(50_000), List.of(Keys.address(90)))));
    DataSetId id = DataSetId.of(Keys.address(UPLOADER), "sensors");
    assertEquals(Amount.ofBaseUnits(START - uploadFee - 10), balance(UPLOADER));
    // The upload fee and the transaction fee went to the block's contributor.
    assertEquals(Amount.ofBaseUnits(START + uploadFee + 10), balance(CONTRIBUTOR));

    apply(0, dataSet(DOWNLOADER, new DataSetCall.Download(id)));
    long network = 10_000; // 20 % of 50,000
    assertEquals(Amount.ofBaseUnits(START - uploadFee - 10 + 50_000 - network), balance(UPLOADER));
    assertEquals(Amount.ofBaseUnits(START - 50_000 - 10), balance(DOWNLOADER));
    assertEquals(Amount.ofBaseUnits(START + uploadFee + 20 + network), balance(CONTRIBUTOR));
    assertEquals(state.totalSupply(), sumOfBalances());

    // The storage node's check, against the ledger and against a proof under the root.
    assertTrue(DataSetContract.hasGrant(entries(DataSetContract.ID), id, Keys.address(DOWNLOADER)));
    assertFalse(
        DataSetContract.hasGrant(entries(DataSetContract.ID), id, Keys.address(CONTRIBUTOR)));
    Bytes grantKey = grantKey(id, Keys.address(DOWNLOADER));
    Hash stateKey = StateKeys.contractEntry(DataSetContract.ID, grantKey);
    Optional<Bytes> grant = state.contractEntry(DataSetContract.ID, grantKey);
    assertTrue(grant.isPresent());
    StateProof proof = state.prove(stateKey);
    assertTrue(proof.verify(state.root(), stateKey, grant));
    Hash otherKey =
        StateKeys.contractEntry(DataSetContract.ID, grantKey(id, Keys.address(CONTRIBUTOR)));
    assertTrue(state.prove(otherKey).verify(state.root(), otherKey, Optional.empty()));
  }

  /** The grant entry's key, as the contract's storage layout documents it. */
  static Bytes grantKey(DataSetId id, Address account) {
    return Bytes.of(new byte[] {3}).concat(id.value().toBytes()).concat(account.value().toBytes());
  }

  @Test
  void aRefusedContractCallRejectsTheWholeBlockAndTheProducerSkipsIt() throws Exception {
    DataSetId id = DataSetId.of(Keys.address(UPLOADER), "x");
    apply(
        0,
        dataSet(
            UPLOADER,
            new DataSetCall.Register(
                "x", Hash.ZERO, 10, Amount.ofBaseUnits(5), List.of(Keys.address(90)))));
    Hash root = state.root();
    SignedTransaction ok = dataSet(DOWNLOADER, new DataSetCall.Download(id));
    SignedTransaction again = dataSet(DOWNLOADER, new DataSetCall.Download(id)); // buys twice
    InvalidLedgerInputException e =
        assertThrows(InvalidLedgerInputException.class, () -> apply(0, ok, again));
    assertEquals(Reason.DUPLICATE, e.reason());
    assertEquals(root, state.root());
    blockIndex--;
    BlockContext next = nextBlock(0);
    assertEquals(List.of(ok), state.selectApplicable(next, List.of(ok, again)));
    state.apply(next, List.of(ok));
    assertTrue(DataSetContract.hasGrant(entries(DataSetContract.ID), id, Keys.address(DOWNLOADER)));
  }

  @Test
  void aReplayedTransactionIsRefusedByItsNonce() throws Exception {
    SignedTransaction create =
        database(
            100,
            new DatabaseCall.Create("db", List.of(member(0), member(1), member(2), member(3))));
    apply(0, create);
    Hash root = state.root();
    InvalidLedgerInputException e =
        assertThrows(InvalidLedgerInputException.class, () -> apply(0, create));
    assertEquals(Reason.BAD_NONCE, e.reason());
    assertEquals(root, state.root());
  }

  static Member member(int i) {
    return new Member(Keys.address(100 + i), Keys.key(200 + i));
  }

  @Test
  void membershipAndLogsThroughSignedTransactionsAndARevert() throws Exception {
    apply(
        0,
        database(
            100,
            new DatabaseCall.Create("db", List.of(member(0), member(1), member(2), member(3)))));
    DatabaseId db = DatabaseId.of(Keys.address(100), "db");
    apply(0, database(50, new DatabaseCall.Apply(db, Keys.key(250))));
    DatabaseCall.Vote yes = new DatabaseCall.Vote(db, Keys.address(50), true);
    apply(0, database(100, yes), database(101, yes));
    // A double vote in a fresh transaction (new nonce) is the contract's refusal.
    SignedTransaction doubleVote = database(101, yes);
    assertEquals(
        Reason.DUPLICATE,
        assertThrows(InvalidLedgerInputException.class, () -> apply(0, doubleVote)).reason());
    blockIndex--;
    nonces.merge(101, -1L, Long::sum);
    // A vote by a non-member.
    SignedTransaction outsider = database(UPLOADER, yes);
    assertEquals(
        Reason.NOT_AUTHORIZED,
        assertThrows(InvalidLedgerInputException.class, () -> apply(0, outsider)).reason());
    blockIndex--;
    nonces.merge(UPLOADER, -1L, Long::sum);
    BlockEffects admitted = apply(0, database(102, yes));
    assertEquals(
        5,
        DatabaseContract.database(entries(DatabaseContract.ID), db).orElseThrow().members().size());
    state.revert(admitted);
    blockIndex--;
    assertEquals(
        4,
        DatabaseContract.database(entries(DatabaseContract.ID), db).orElseThrow().members().size());
    assertTrue(
        DatabaseContract.application(entries(DatabaseContract.ID), db, Keys.address(50))
            .isPresent());

    // Log 1 with f + 1 = 2 signed uploads, submitted by two replicas racing: both transactions
    // apply (each pays its fee), the log is written once.
    PbftProto.PbftLog upload = upload(1, "put k v");
    Bytes log = Bytes.of(upload.toByteArray());
    List<Bytes> certificate = new ArrayList<>();
    certificate.add(signedUpload(upload, 0));
    certificate.add(signedUpload(upload, 2));
    SignedTransaction first = database(101, new DatabaseCall.InsertLog(db, 1, certificate, log));
    SignedTransaction second =
        database(
            103,
            new DatabaseCall.InsertLog(
                db, 1, List.of(signedUpload(upload, 1), signedUpload(upload, 3)), log));
    BlockContext block = nextBlock(7);
    assertEquals(List.of(first, second), state.selectApplicable(block, List.of(first, second)));
    state.apply(block, List.of(first, second));
    assertEquals(
        1, DatabaseContract.database(entries(DatabaseContract.ID), db).orElseThrow().logCount());
    assertEquals(
        first.id(),
        DatabaseContract.log(entries(DatabaseContract.ID), db, 1).orElseThrow().transaction());
    assertEquals(
        1,
        DatabaseContract.database(entries(DatabaseContract.ID), db)
            .orElseThrow()
            .confirmedLogNumber());
    assertEquals(
        Bytes.utf8("put k v"),
        DatabaseContract.log(entries(DatabaseContract.ID), db, 1)
            .orElseThrow()
            .entries()
            .get(0)
            .command());
    assertEquals(state.totalSupply(), sumOfBalances());
  }

  static PbftProto.PbftLog upload(long n, String command) {
    return PbftProto.PbftLog.newBuilder()
        .setSequence(n)
        .addOperations(
            PbftProto.PbftLoggedOperation.newBuilder()
                .setClient("client")
                .setTimestamp(1)
                .setOperation(com.google.protobuf.ByteString.copyFromUtf8(command))
                .setClientKey(org.cybervein.api.wire.ApiTypesCodec.toProto(Keys.key(600))))
        .build();
  }

  /** Replica {@code replica}'s signed UPLOAD {@code <n, d>} of {@code log}. */
  static Bytes signedUpload(PbftProto.PbftLog log, int replica) {
    PbftProto.PbftUpload upload =
        PbftProto.PbftUpload.newBuilder()
            .setSequence(log.getSequence())
            .setLogDigest(
                org.cybervein.api.wire.ApiTypesCodec.toProto(
                    org.cybervein.consensus.pbft.UploadCertificateVerifier.logDigest(
                        Bytes.of(log.toByteArray()))))
            .build();
    byte[] body =
        PbftProto.PbftBody.newBuilder().setSender(replica).setUpload(upload).build().toByteArray();
    byte[] input =
        org.cybervein.consensus.pbft.UploadCertificateVerifier.signingInput(Bytes.of(body));
    return Bytes.of(
        PbftProto.PbftFrame.newBuilder()
            .setBody(com.google.protobuf.ByteString.copyFrom(body))
            .setSignature(
                com.google.protobuf.ByteString.copyFrom(
                    Keys.privateKey(200 + replica).sign(input).encoded().toByteArray()))
            .build()
            .toByteArray());
  }
}
