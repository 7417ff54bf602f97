package org.cybervein.dag.validation;

import static org.cybervein.dag.testing.TestUnits.GENESIS;
import static org.cybervein.dag.testing.TestUnits.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.Signature;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.merkle.MerkleProof;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.testing.DagFixture;
import org.cybervein.dag.testing.TestUnits;
import org.cybervein.dag.unit.Attestation;
import org.cybervein.dag.unit.AttestationBatch;
import org.cybervein.dag.unit.InvalidUnitException;
import org.cybervein.dag.unit.InvalidUnitException.Reason;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitBody;
import org.cybervein.dag.unit.UnitLimits;
import org.cybervein.dag.unit.VerificationRecord;
import org.cybervein.testing.ManualClock;
import org.junit.jupiter.api.Test;

class UnitVerifierTest {
  private static final Ed25519PrivateKey VALIDATOR = key(7);
  private static final ValidatorSet VALIDATORS = ValidatorSet.of(List.of(VALIDATOR.publicKey()));
  private final ManualClock clock = new ManualClock(DagFixture.NOW);
  private final UnitVerifier verifier =
      new UnitVerifier(UnitLimits.DEFAULT, VALIDATORS, clock, Runnable::run, 1);

  private static Hash h(String s) {
    return HashFunction.untaggedSha256(Bytes.utf8(s).toByteArray());
  }

  private static List<VerificationRecord> records(int n) {
    List<VerificationRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new VerificationRecord(h("c" + i), h("t" + i), h("v" + i)));
    }
    return out;
  }

  private Reason rejection(Unit u) {
    return assertThrows(InvalidUnitException.class, () -> verifier.verify(u)).reason();
  }

  /** The validator's own unit: only that carries its attestation. */
  private static Unit withPayload(Attestation a) {
    return TestUnits.unit(VALIDATOR, 0, List.of(GENESIS), a);
  }

  @Test
  void acceptsAValidUnit() throws InvalidUnitException {
    Unit u = TestUnits.first(key(1), 1);
    assertEquals(u, verifier.verify(u).unit());
  }

  @Test
  void rejectsABadSignature() throws Exception {
    Unit u = TestUnits.first(key(1), 1);
    byte[] raw = u.encoded().toByteArray();
    raw[raw.length - 1] ^= 1; // the signature is the last field of the envelope
    Unit forged = Unit.decode(Bytes.of(raw), UnitLimits.DEFAULT);
    assertEquals(Reason.BAD_SIGNATURE, rejection(forged));
  }

  @Test
  void rejectsATimestampBeyondTheClockSkew() {
    Ed25519PrivateKey a = key(1);
    long tooLate = DagFixture.NOW.plus(Duration.ofSeconds(31)).toEpochMilli();
    long justInside = DagFixture.NOW.plus(Duration.ofSeconds(30)).toEpochMilli();
    Unit late =
        Unit.sign(new UnitBody(a.publicKey(), List.of(GENESIS), 0, tooLate, TestUnits.write(1)), a);
    Unit ok =
        Unit.sign(
            new UnitBody(a.publicKey(), List.of(GENESIS), 0, justInside, TestUnits.write(1)), a);
    assertEquals(Reason.CLOCK_SKEW, rejection(late));
    assertEquals(ok, assertVerifies(ok));
  }

  @Test
  void rejectsLocallyMadeUnitsBeyondTheLimits() {
    UnitVerifier strict =
        new UnitVerifier(
            new UnitLimits(2, 4, 16 * 1024, Duration.ZERO), VALIDATORS, clock, Runnable::run, 1);
    Unit threeParents = TestUnits.unit(key(1), 0, List.of(h("a"), h("b"), h("c")), 1);
    assertEquals(
        Reason.PARENT_COUNT,
        assertThrows(InvalidUnitException.class, () -> strict.verify(threeParents)).reason());
    Unit inline = TestUnits.first(key(1), 1); // "content 1" is 9 bytes
    assertEquals(
        Reason.PAYLOAD_TOO_LARGE,
        assertThrows(InvalidUnitException.class, () -> strict.verify(inline)).reason());
  }

  @Test
  void acceptsEveryAttestationOfABatch() {
    for (Attestation a : AttestationBatch.sign(VALIDATOR, records(5))) {
      assertVerifies(withPayload(a));
    }
  }

  /** Issue 14, item 6: the batch signature does not cover the carrier, so a copy is refused. */
  @Test
  void rejectsAnAttestationCopiedIntoAnotherAuthorsUnit() {
    Attestation a = AttestationBatch.sign(VALIDATOR, records(2)).get(1);
    assertEquals(
        Reason.FOREIGN_ATTESTATION, rejection(TestUnits.unit(key(1), 0, List.of(GENESIS), a)));
    assertVerifies(withPayload(a));
  }

  @Test
  void rejectsAnAttestationOfAnUnregisteredValidator() {
    Attestation a = AttestationBatch.sign(key(8), records(2)).get(0);
    assertEquals(Reason.UNKNOWN_VALIDATOR, rejection(withPayload(a)));
  }

  @Test
  void rejectsAForgedBatchSignature() {
    Attestation a = AttestationBatch.sign(VALIDATOR, records(3)).get(2);
    Signature other = key(8).sign(a.rootSigningInput());
    Attestation forged =
        new Attestation(a.record(), a.validator(), a.batchRoot(), a.proof(), other);
    assertEquals(Reason.BAD_ATTESTATION_SIGNATURE, rejection(withPayload(forged)));
  }

  @Test
  void rejectsAProofForTheWrongIndex() {
    List<Attestation> batch = AttestationBatch.sign(VALIDATOR, records(4));
    Attestation a = batch.get(1);
    // The record of leaf 1 with the proof of leaf 2: the path does not lead to the root.
    Attestation wrong =
        new Attestation(
            a.record(), a.validator(), a.batchRoot(), batch.get(2).proof(), a.batchSignature());
    assertEquals(Reason.BAD_INCLUSION_PROOF, rejection(withPayload(wrong)));
  }

  @Test
  void rejectsAProofClaimingAnotherBatchSize() {
    // RFC 6962: the path of leaf 0 of 6 also verifies as leaf 0 of 7; the signed size must bind it.
    List<Attestation> batch = AttestationBatch.sign(VALIDATOR, records(6));
    Attestation a = batch.get(0);
    MerkleProof resized = new MerkleProof(0, 7, a.proof().path());
    Attestation wrong =
        new Attestation(a.record(), a.validator(), a.batchRoot(), resized, a.batchSignature());
    assertEquals(Reason.BAD_ATTESTATION_SIGNATURE, rejection(withPayload(wrong)));
  }

  @Test
  void rejectsARecordSwappedIntoAnotherBatch() {
    Attestation a = AttestationBatch.sign(VALIDATOR, records(4)).get(3);
    VerificationRecord other = new VerificationRecord(h("x"), h("y"), h("z"));
    Attestation swapped =
        new Attestation(other, a.validator(), a.batchRoot(), a.proof(), a.batchSignature());
    assertEquals(Reason.BAD_INCLUSION_PROOF, rejection(withPayload(swapped)));
  }

  @Test
  void parallelBatchAgreesWithSingleChecks() throws Exception {
    List<Unit> units = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Unit u = TestUnits.first(key(i % 5), i);
      if (i % 7 == 3) {
        byte[] raw = u.encoded().toByteArray();
        raw[raw.length - 2] ^= 4;
        u = Unit.decode(Bytes.of(raw), UnitLimits.DEFAULT);
      }
      units.add(u);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      UnitVerifier parallel = new UnitVerifier(UnitLimits.DEFAULT, VALIDATORS, clock, pool, 3);
      VerificationResult r = parallel.verifyAll(units);
      List<Unit> expectedOk = new ArrayList<>();
      for (Unit u : units) {
        try {
          verifier.verify(u);
          expectedOk.add(u);
        } catch (InvalidUnitException e) {
          assertEquals(Reason.BAD_SIGNATURE, e.reason());
        }
      }
      assertEquals(expectedOk, r.verified().stream().map(VerifiedUnit::unit).toList());
      assertEquals(units.size() - expectedOk.size(), r.rejected().size());
      assertTrue(r.rejected().size() > 0);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pipelinedVerificationHandsOutChunksInOrder() throws Exception {
    List<Unit> units = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Unit u = TestUnits.first(key(i % 6), i);
      if (i % 9 == 4) {
        byte[] raw = u.encoded().toByteArray();
        raw[raw.length - 3] ^= 2;
        u = Unit.decode(Bytes.of(raw), UnitLimits.DEFAULT);
      }
      units.add(u);
    }
    VerificationResult whole = verifier.verifyAll(units);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      UnitVerifier parallel = new UnitVerifier(UnitLimits.DEFAULT, VALIDATORS, clock, pool, 3);
      List<Unit> ok = new ArrayList<>();
      List<Unit> bad = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      parallel.verifyInOrder(
          units,
          7,
          chunk -> {
            chunk.verified().forEach(v -> ok.add(v.unit()));
            chunk.rejected().forEach(r -> bad.add(r.unit()));
            sizes.add(chunk.verified().size() + chunk.rejected().size());
          });
      assertEquals(whole.verified().stream().map(VerifiedUnit::unit).toList(), ok);
      assertEquals(whole.rejected().stream().map(VerificationResult.Rejection::unit).toList(), bad);
      assertEquals(List.of(7, 7, 7, 7, 7, 7, 7, 1), sizes);

      // A consumer that fails stops the pipeline without hanging.
      RuntimeException boom = new IllegalStateException("consumer failed");
      RuntimeException thrown =
          assertThrows(
              RuntimeException.class,
              () ->
                  parallel.verifyInOrder(
                      units,
                      5,
                      chunk -> {
                        throw boom;
                      }));
      assertEquals(boom, thrown);
    } finally {
      pool.shutdownNow();
    }
  }

  private Unit assertVerifies(Unit u) {
    try {
      return verifier.verify(u).unit();
    } catch (InvalidUnitException e) {
      throw new AssertionError("rejected: " + e.reason() + " " + e.getMessage(), e);
    }
  }
}
