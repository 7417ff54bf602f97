package org.cybervein.crypto.psi;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.Rejection;
import org.cybervein.crypto.testsupport.Tamper;
import org.junit.jupiter.api.Test;

/** ECDH-PSI in the Curve25519 group, on several threads, and the refusal of a mismatched group. */
class EcdhPsiGroupsTest {
  private static final int MAX = 2000;

  private static List<List<Bytes>> run(
      List<Bytes> a, List<Bytes> b, EcdhPsiGroup group, long seed, ExecutorService pool)
      throws InvalidCryptoInputException {
    EcdhPsiInitiator initiator =
        EcdhPsiInitiator.create(a, group, DeterministicRandom.fromSeed(seed), MAX, pool);
    EcdhPsiResponder responder =
        EcdhPsiResponder.create(b, group, DeterministicRandom.fromSeed(seed + 1), MAX, pool);
    Bytes result = initiator.finish(responder.respond(initiator.request()));
    responder.finish(result);
    return List.of(initiator.intersection().orElseThrow(), responder.intersection().orElseThrow());
  }

  /** Random sets, some with duplicates: both sides get exactly the plain set intersection. */
  @Test
  void intersectionEqualsPlainSetIntersection() {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      qt(10)
          .forAll(longs().all(), integers().between(0, 300), integers().between(0, 300))
          .checkAssert(
              (seed, sizeA, sizeB) -> {
                DeterministicRandom random = DeterministicRandom.fromSeed(seed);
                // Ids from a small space, so that sets overlap and repeat.
                List<Bytes> a = new ArrayList<>();
                List<Bytes> b = new ArrayList<>();
                for (int i = 0; i < sizeA; i++) {
                  a.add(Bytes.utf8("user-" + random.nextInt(1000)));
                }
                for (int i = 0; i < sizeB; i++) {
                  b.add(Bytes.utf8("user-" + random.nextInt(1000)));
                }
                TreeSet<Bytes> plain = new TreeSet<>(a);
                plain.retainAll(new TreeSet<>(b));
                try {
                  List<List<Bytes>> results = run(a, b, EcdhPsiGroup.CURVE25519, seed, pool);
                  assertEquals(List.copyOf(plain), results.get(0));
                  assertEquals(List.copyOf(plain), results.get(1));
                } catch (InvalidCryptoInputException e) {
                  throw new AssertionError(e);
                }
              });
    } finally {
      pool.shutdown();
    }
  }

  /**
   * The executor changes the speed, not the messages: one thread and a pool agree byte for byte.
   */
  @Test
  void poolAndCallerThreadGiveTheSameMessages() throws Exception {
    PsiTestSets sets = PsiTestSets.generate(DeterministicRandom.fromSeed(5L), 300, 100, 300);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (EcdhPsiGroup group : EcdhPsiGroup.values()) {
        EcdhPsiInitiator one =
            EcdhPsiInitiator.create(
                sets.initiator(), group, DeterministicRandom.fromSeed(1L), MAX, Runnable::run);
        EcdhPsiInitiator many =
            EcdhPsiInitiator.create(
                sets.initiator(), group, DeterministicRandom.fromSeed(1L), MAX, pool);
        assertEquals(one.request(), many.request(), group.toString());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void partiesRefuseAMismatchedGroup() throws Exception {
    List<Bytes> ids = List.of(Bytes.utf8("a"), Bytes.utf8("b"));
    EcdhPsiInitiator p256 = EcdhPsiInitiator.create(ids, DeterministicRandom.fromSeed(1L), 10);
    EcdhPsiResponder curve =
        EcdhPsiResponder.create(
            ids, EcdhPsiGroup.CURVE25519, DeterministicRandom.fromSeed(2L), 10, Runnable::run);
    assertEquals(Reason.WRONG_ALGORITHM, Rejection.reasonOf(() -> curve.respond(p256.request())));
    // A P-256 request relabelled as Curve25519: the 33-byte points are refused by length.
    HeProto.PsiEcdhRequest relabelled =
        HeProto.PsiEcdhRequest.parseFrom(p256.request().toByteArray()).toBuilder()
            .setGroup(EcdhPsiGroup.CURVE25519.wire())
            .build();
    assertEquals(
        Reason.WRONG_LENGTH,
        Rejection.reasonOf(() -> curve.respond(Bytes.of(relabelled.toByteArray()))));
    // The initiator refuses a response of the other group.
    EcdhPsiInitiator curveInitiator =
        EcdhPsiInitiator.create(
            ids, EcdhPsiGroup.CURVE25519, DeterministicRandom.fromSeed(3L), 10, Runnable::run);
    EcdhPsiResponder p256Responder =
        EcdhPsiResponder.create(ids, DeterministicRandom.fromSeed(4L), 10);
    Bytes response = p256Responder.respond(p256.request());
    assertEquals(Reason.WRONG_ALGORITHM, Rejection.reasonOf(() -> curveInitiator.finish(response)));
    assertFalse(curveInitiator.intersection().isPresent());
    // And the responder, having refused, still answers a good request.
    EcdhPsiInitiator good =
        EcdhPsiInitiator.create(
            ids, EcdhPsiGroup.CURVE25519, DeterministicRandom.fromSeed(5L), 10, Runnable::run);
    good.finish(curve.respond(good.request()));
    assertEquals(ids, good.intersection().orElseThrow());
  }

  private static Bytes curveRequest(List<ByteString> elements) {
    return Bytes.of(
        HeProto.PsiEcdhRequest.newBuilder()
            .setGroup(EcdhPsiGroup.CURVE25519.wire())
            .addAllBlinded(elements)
            .build()
            .toByteArray());
  }

  @Test
  void responderRefusesBadCurve25519Elements() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      EcdhPsiResponder responder =
          EcdhPsiResponder.create(
              List.of(Bytes.utf8("x")),
              EcdhPsiGroup.CURVE25519,
              DeterministicRandom.fromSeed(1L),
              3000,
              pool);
      // Many good elements and one on the twist (u = 2) in the middle: refused as a whole, from
      // another thread's chunk, and the responder has not responded.
      Curve25519Group group = new Curve25519Group();
      List<ByteString> elements = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        elements.add(ByteString.copyFrom(group.hash(Bytes.utf8("id" + i))));
      }
      elements.add(
          ByteString.copyFrom(Curve25519Group.element(java.math.BigInteger.TWO).toByteArray()));
      elements.sort(ByteString.unsignedLexicographicalComparator());
      assertEquals(
          Reason.INVALID_KEY, Rejection.reasonOf(() -> responder.respond(curveRequest(elements))));
      assertEquals(
          Reason.INVALID_KEY,
          Rejection.reasonOf(
              () -> responder.respond(curveRequest(List.of(ByteString.copyFrom(new byte[32]))))));
      assertEquals(
          Reason.WRONG_LENGTH,
          Rejection.reasonOf(
              () -> responder.respond(curveRequest(List.of(ByteString.copyFrom(new byte[33]))))));
      // More elements than the responder accepts: refused before any exponentiation.
      EcdhPsiResponder small =
          EcdhPsiResponder.create(
              List.of(Bytes.utf8("x")),
              EcdhPsiGroup.CURVE25519,
              DeterministicRandom.fromSeed(1L),
              2,
              pool);
      assertEquals(
          Reason.OVERSIZED,
          Rejection.reasonOf(() -> small.respond(curveRequest(elements.subList(0, 3)))));
      List<ByteString> good = new ArrayList<>(elements);
      good.remove(
          ByteString.copyFrom(Curve25519Group.element(java.math.BigInteger.TWO).toByteArray()));
      // 2000 answers and one own element of 1 + 1 + 32 bytes each, and the group field.
      assertEquals(2001 * 34 + 2, responder.respond(curveRequest(good)).size());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void initiatorRefusesTruncatedAndMutatedResponses() throws Exception {
    PsiTestSets sets = PsiTestSets.generate(DeterministicRandom.fromSeed(8L), 3, 3, 3);
    EcdhPsiResponder b =
        EcdhPsiResponder.create(
            sets.responder(),
            EcdhPsiGroup.CURVE25519,
            DeterministicRandom.fromSeed(2L),
            MAX,
            Runnable::run);
    EcdhPsiInitiator a =
        EcdhPsiInitiator.create(
            sets.initiator(),
            EcdhPsiGroup.CURVE25519,
            DeterministicRandom.fromSeed(1L),
            MAX,
            Runnable::run);
    Bytes response = b.respond(a.request());
    for (int cut = 1; cut < response.size(); cut++) {
      Bytes truncated = response.slice(0, cut);
      assertThrows(InvalidCryptoInputException.class, () -> a.finish(truncated), "cut " + cut);
    }
    // A flipped bit is refused, or lands on another valid element (no integrity in the semi-honest
    // model): then the result can only lose members, never gain an id the initiator lacks.
    qt(60)
        .forAll(integers().between(0, response.size() * 8 - 1))
        .checkAssert(
            bit -> {
              EcdhPsiInitiator fresh =
                  EcdhPsiInitiator.create(
                      sets.initiator(),
                      EcdhPsiGroup.CURVE25519,
                      DeterministicRandom.fromSeed(1L),
                      MAX,
                      Runnable::run);
              try {
                fresh.finish(Tamper.flipBit(response, bit));
              } catch (InvalidCryptoInputException refused) {
                assertFalse(fresh.intersection().isPresent());
                return;
              }
              assertTrue(sets.common().containsAll(fresh.intersection().orElseThrow()));
            });
    a.finish(response);
    assertEquals(sets.common(), a.intersection().orElseThrow());
  }
}
