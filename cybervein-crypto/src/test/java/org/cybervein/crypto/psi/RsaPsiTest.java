package org.cybervein.crypto.psi;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.PropertyRuns;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.Rejection;
import org.cybervein.crypto.testsupport.Tamper;
import org.junit.jupiter.api.Test;

class RsaPsiTest {
  private static final int MAX = 1000;
  private static final int TEST_BITS = 1024; // INSECURE, for speed

  private static RsaPsiResponder responder(List<Bytes> ids, long seed) {
    return RsaPsiResponder.createInsecureForTesting(
        ids, TEST_BITS, DeterministicRandom.fromSeed(seed), MAX);
  }

  private static RsaPsiInitiator initiator(List<Bytes> ids, long seed) {
    return RsaPsiInitiator.createAcceptingInsecureTestKeys(
        ids, DeterministicRandom.fromSeed(seed), MAX);
  }

  @Test
  void bothPartiesLearnExactlyTheIntersection() {
    qt(Math.min(10, PropertyRuns.examples()))
        .forAll(
            longs().all(),
            integers().between(0, 10),
            integers().between(0, 10),
            integers().between(0, 10))
        .checkAssert(
            (seed, onlyA, onlyB, common) -> {
              PsiTestSets sets =
                  PsiTestSets.generate(DeterministicRandom.fromSeed(seed), onlyA, onlyB, common);
              try {
                RsaPsiResponder b = responder(sets.responder(), seed);
                RsaPsiInitiator a = initiator(sets.initiator(), seed + 1);
                Bytes result = a.finish(b.respond(a.request(b.publicKey())));
                b.finish(result);
                assertEquals(sets.common(), a.intersection().orElseThrow());
                assertEquals(sets.common(), b.intersection().orElseThrow());
              } catch (InvalidCryptoInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void signingIsAnExplicitParallelStepWithProgress() throws Exception {
    PsiTestSets sets = PsiTestSets.generate(DeterministicRandom.fromSeed(9L), 300, 300, 600);
    RsaPsiResponder explicit = responder(sets.responder(), 4L);
    assertFalse(explicit.ownIdsSigned());
    java.util.List<int[]> reports = new java.util.ArrayList<>();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      explicit.signOwnIds(pool, (signed, total) -> reports.add(new int[] {signed, total}));
    } finally {
      pool.shutdown();
    }
    assertTrue(explicit.ownIdsSigned());
    int total = sets.responder().size();
    assertEquals(
        (total + RsaPsiResponder.SIGNING_CHUNK - 1) / RsaPsiResponder.SIGNING_CHUNK,
        reports.size());
    for (int i = 0; i < reports.size(); i++) {
      assertEquals(total, reports.get(i)[1]);
      assertTrue(i == 0 || reports.get(i)[0] > reports.get(i - 1)[0]);
    }
    assertEquals(total, reports.get(reports.size() - 1)[0]);
    // signing again is a no-op; the protocol then gives what a lazily signing responder gives
    explicit.signOwnIds(
        Runnable::run,
        (signed, all) -> {
          throw new AssertionError("signed twice");
        });
    RsaPsiResponder lazy = responder(sets.responder(), 4L);
    RsaPsiInitiator a1 = initiator(sets.initiator(), 5L);
    RsaPsiInitiator a2 = initiator(sets.initiator(), 5L);
    Bytes r1 = explicit.respond(a1.request(explicit.publicKey()));
    Bytes r2 = lazy.respond(a2.request(lazy.publicKey()));
    // signed on two threads or on one, the same bytes (a shared digest once corrupted tags)
    assertEquals(r2, r1);
    explicit.finish(a1.finish(r1));
    lazy.finish(a2.finish(r2));
    assertEquals(sets.common(), explicit.intersection().orElseThrow());
    assertEquals(sets.common(), a1.intersection().orElseThrow());
    assertEquals(sets.common(), lazy.intersection().orElseThrow());
  }

  @Test
  void productionSizesWork() throws Exception {
    PsiTestSets sets = PsiTestSets.generate(DeterministicRandom.fromSeed(1L), 2, 2, 2);
    RsaPsiResponder b =
        RsaPsiResponder.create(
            sets.responder(), RsaPsiKeySize.BITS_2048, DeterministicRandom.fromSeed(2L), MAX);
    RsaPsiInitiator a =
        RsaPsiInitiator.create(sets.initiator(), DeterministicRandom.fromSeed(3L), MAX);
    b.finish(a.finish(b.respond(a.request(b.publicKey()))));
    assertEquals(sets.common(), a.intersection().orElseThrow());
    assertEquals(sets.common(), b.intersection().orElseThrow());
  }

  /**
   * Neither side can recognise the other's non-members: the responder receives only blinded values
   * (never FDH(x)); the initiator receives tags, none of which is the tag of an unsigned FDH(y) or
   * anything it can compute from y without d; no raw id appears; sizes depend on set sizes only.
   */
  @Test
  void transcriptRevealsNothingAboutNonMembers() throws Exception {
    PsiTestSets sets =
        PsiTestSets.generate(DeterministicRandom.fromSeed(PropertyRuns.seed()), 10, 10, 5);
    RsaPsiResponder b = responder(sets.responder(), 1L);
    RsaPsiInitiator a = initiator(sets.initiator(), 2L);
    Bytes key = b.publicKey();
    Bytes request = a.request(key);
    Bytes response = b.respond(request);
    Bytes result = a.finish(response);
    b.finish(result);

    BigInteger n =
        new BigInteger(
            1, HeProto.PsiRsaPublicKey.parseFrom(key.toByteArray()).getModulus().toByteArray());
    FullDomainHash fdh = new FullDomainHash(n);
    HeProto.PsiRsaResponse r = HeProto.PsiRsaResponse.parseFrom(response.toByteArray());
    Set<Bytes> seenByA = new TreeSet<>();
    r.getTagsList().forEach(x -> seenByA.add(Bytes.of(x.toByteArray())));
    r.getSignedList().forEach(x -> seenByA.add(Bytes.of(x.toByteArray())));
    for (Bytes y : sets.responderOnly()) {
      BigInteger h = fdh.hash(y);
      assertFalse(seenByA.contains(fdh.tag(h)));
      assertFalse(seenByA.contains(Bytes.of(FullDomainHash.fixed(h, fdh.elementLength()))));
      assertFalse(seenByA.contains(fdh.tag(h.modPow(RsaPsiResponder.PUBLIC_EXPONENT, n))));
      assertFalse(Transcripts.contains(response, y));
    }
    HeProto.PsiRsaRequest q = HeProto.PsiRsaRequest.parseFrom(request.toByteArray());
    Set<Bytes> seenByB = new TreeSet<>();
    q.getBlindedList().forEach(x -> seenByB.add(Bytes.of(x.toByteArray())));
    for (Bytes x : sets.initiatorOnly()) {
      BigInteger h = fdh.hash(x);
      assertFalse(seenByB.contains(Bytes.of(FullDomainHash.fixed(h, fdh.elementLength()))));
      assertFalse(seenByB.contains(Bytes.of(FullDomainHash.fixed(b.sign(h), fdh.elementLength()))));
      assertFalse(Transcripts.contains(request, x));
    }
    int element = fdh.elementLength() + 3; // tag, 2-byte length, value
    assertEquals(element * 15, request.size());
    assertEquals(element * 15 + 34 * 15, response.size());
  }

  @Test
  void rejectsKeysOfWrongSizeExponentOrParity() throws Exception {
    RsaPsiResponder b = responder(List.of(Bytes.utf8("y")), 1L);
    Bytes key = b.publicKey();
    RsaPsiInitiator strict =
        RsaPsiInitiator.create(List.of(Bytes.utf8("x")), DeterministicRandom.fromSeed(1L), MAX);
    assertEquals(Reason.INVALID_KEY, Rejection.reasonOf(() -> strict.request(key)));
    HeProto.PsiRsaPublicKey parsed = HeProto.PsiRsaPublicKey.parseFrom(key.toByteArray());
    Bytes exponent3 = Bytes.of(parsed.toBuilder().setPublicExponent(3).build().toByteArray());
    RsaPsiInitiator a = initiator(List.of(Bytes.utf8("x")), 2L);
    assertEquals(Reason.INVALID_KEY, Rejection.reasonOf(() -> a.request(exponent3)));
    BigInteger even = new BigInteger(1, parsed.getModulus().toByteArray()).add(BigInteger.ONE);
    Bytes evenKey =
        Bytes.of(
            parsed.toBuilder()
                .setModulus(
                    ByteString.copyFrom(FullDomainHash.fixed(even, parsed.getModulus().size())))
                .build()
                .toByteArray());
    assertEquals(Reason.INVALID_KEY, Rejection.reasonOf(() -> a.request(evenKey)));
    assertEquals(
        Reason.TRUNCATED == null ? null : Reason.MALFORMED,
        Rejection.reasonOf(() -> a.request(Bytes.EMPTY)));
    // after all those rejections the initiator still works
    a.request(key);
  }

  @Test
  void responderRejectsValuesOutOfRangeWrongLengthAndUnsorted() throws Exception {
    RsaPsiResponder b = responder(List.of(Bytes.utf8("y")), 1L);
    RsaPsiInitiator a = initiator(List.of(Bytes.utf8("x"), Bytes.utf8("z")), 2L);
    Bytes request = a.request(b.publicKey());
    HeProto.PsiRsaRequest parsed = HeProto.PsiRsaRequest.parseFrom(request.toByteArray());
    int length = parsed.getBlinded(0).size();
    BigInteger n =
        new BigInteger(
            1,
            HeProto.PsiRsaPublicKey.parseFrom(b.publicKey().toByteArray())
                .getModulus()
                .toByteArray());
    for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, n, n.add(BigInteger.ONE)}) {
      Bytes message =
          Bytes.of(
              HeProto.PsiRsaRequest.newBuilder()
                  .addBlinded(ByteString.copyFrom(FullDomainHash.fixed(bad, length)))
                  .build()
                  .toByteArray());
      assertEquals(Reason.OUT_OF_RANGE, Rejection.reasonOf(() -> b.respond(message)));
    }
    Bytes shortOne =
        Bytes.of(
            HeProto.PsiRsaRequest.newBuilder()
                .addBlinded(ByteString.copyFrom(new byte[] {5}))
                .build()
                .toByteArray());
    assertEquals(Reason.WRONG_LENGTH, Rejection.reasonOf(() -> b.respond(shortOne)));
    Bytes reversed =
        Bytes.of(
            HeProto.PsiRsaRequest.newBuilder()
                .addBlinded(parsed.getBlinded(1))
                .addBlinded(parsed.getBlinded(0))
                .build()
                .toByteArray());
    assertEquals(Reason.MALFORMED, Rejection.reasonOf(() -> b.respond(reversed)));
    for (int cut = 1; cut < request.size(); cut++) {
      if (cut % (length + 3) != 0) {
        Bytes truncated = request.slice(0, cut);
        Rejection.reasonOf(() -> b.respond(truncated));
      }
    }
    // still usable after every rejection
    a.finish(b.respond(request));
  }

  @Test
  void initiatorCatchesWrongSignaturesAndRejectsMutations() throws Exception {
    PsiTestSets sets = PsiTestSets.generate(DeterministicRandom.fromSeed(4L), 2, 2, 2);
    RsaPsiResponder b = responder(sets.responder(), 1L);
    RsaPsiInitiator a = initiator(sets.initiator(), 2L);
    Bytes request = a.request(b.publicKey());
    Bytes response = b.respond(request);
    HeProto.PsiRsaResponse parsed = HeProto.PsiRsaResponse.parseFrom(response.toByteArray());
    byte[] forged = parsed.getSigned(0).toByteArray();
    forged[forged.length - 1] ^= 1;
    Bytes wrong =
        Bytes.of(
            parsed.toBuilder().setSigned(0, ByteString.copyFrom(forged)).build().toByteArray());
    assertEquals(Reason.AUTHENTICATION_FAILED, Rejection.reasonOf(() -> a.finish(wrong)));
    qt(Math.min(50, PropertyRuns.examples()))
        .forAll(integers().between(0, response.size() * 8 - 1))
        .checkAssert(
            bit -> {
              // The same ids and seed give the same request, so b's response fits a fresh copy.
              RsaPsiInitiator fresh = initiator(sets.initiator(), 2L);
              try {
                assertEquals(request, fresh.request(b.publicKey()));
                fresh.finish(Tamper.flipBit(response, bit));
                // a flipped bit in a tag is accepted: that tag just stops matching
              } catch (InvalidCryptoInputException expected) {
                assertTrue(fresh.intersection().isEmpty());
              }
            });
  }

  @Test
  void randomBytesAreRejected() {
    RsaPsiResponder[] b = {responder(List.of(Bytes.utf8("y")), 1L)};
    qt(Math.min(100, PropertyRuns.examples()))
        .forAll(longs().all(), integers().between(0, 300))
        .checkAssert(
            (seed, length) -> {
              byte[] random = new byte[length];
              DeterministicRandom.fromSeed(seed).nextBytes(random);
              RsaPsiInitiator a = initiator(List.of(Bytes.utf8("x")), 2L);
              try {
                a.request(Bytes.of(random));
              } catch (InvalidCryptoInputException expected) {
                // rejected
              }
              try {
                b[0].respond(Bytes.of(random));
                // only a well-formed request (e.g. the empty one) is accepted; start afresh
                assertTrue(length == 0 || random[0] == 0x0a);
                b[0] = responder(List.of(Bytes.utf8("y")), 1L);
              } catch (InvalidCryptoInputException expected) {
                // rejected
              }
            });
  }

  @Test
  void roundsOutOfOrderAreProgrammingErrors() {
    RsaPsiResponder b = responder(List.of(Bytes.utf8("y")), 1L);
    RsaPsiInitiator a = initiator(List.of(Bytes.utf8("x")), 2L);
    assertThrows(IllegalStateException.class, () -> a.finish(Bytes.EMPTY));
    assertThrows(IllegalStateException.class, () -> b.finish(Bytes.EMPTY));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RsaPsiResponder.createInsecureForTesting(
                List.of(), 256, DeterministicRandom.fromSeed(1L), 1));
  }
}
