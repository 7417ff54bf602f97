package org.cybervein.crypto.psi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.Rejection;
import org.junit.jupiter.api.Test;

/**
 * The streamed round 2 (the response in pieces, own elements first) and the initiator's head start
 * on early pieces give exactly the bytes and results of the one-shot rounds; the initiator compares
 * double-blinded elements without checking them on the curve.
 */
class EcdhPsiPiecesTest {
  private static final int MAX = 1000;

  private record Piece(int index, int count, Bytes bytes) {}

  private static final Executor CALLER = Runnable::run;

  private static EcdhPsiResponder responder(PsiTestSets sets, EcdhPsiGroup group, Executor exec) {
    return EcdhPsiResponder.create(
        sets.responder(), group, DeterministicRandom.fromSeed(2L), MAX, exec);
  }

  private static EcdhPsiInitiator initiator(PsiTestSets sets, EcdhPsiGroup group, Executor exec) {
    return EcdhPsiInitiator.create(
        sets.initiator(), group, DeterministicRandom.fromSeed(1L), MAX, exec);
  }

  private static List<Piece> pieces(EcdhPsiResponder responder, Bytes request, int size)
      throws Exception {
    List<Piece> out = new ArrayList<>();
    responder.respond(
        request, size, (index, count, piece) -> out.add(new Piece(index, count, piece)));
    return out;
  }

  private static Bytes concatenated(List<Piece> pieces) {
    Bytes[] byIndex = new Bytes[pieces.size()];
    for (Piece piece : pieces) {
      assertEquals(pieces.size(), piece.count());
      assertEquals(null, byIndex[piece.index()], "piece " + piece.index() + " twice");
      byIndex[piece.index()] = piece.bytes();
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Bytes bytes : byIndex) {
      all.writeBytes(bytes.toByteArray());
    }
    return Bytes.of(all.toByteArray());
  }

  @Test
  void piecesConcatenateToTheOneShotResponseWithOwnElementsFirst() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (EcdhPsiGroup group : EcdhPsiGroup.values()) {
        PsiTestSets sets = PsiTestSets.generate(DeterministicRandom.fromSeed(5L), 40, 30, 20);
        EcdhPsiInitiator initiator = initiator(sets, group, pool);
        Bytes request = initiator.request();
        Bytes whole = responder(sets, group, pool).respond(request);
        int entry = 2 + group.elementLength();
        long ownStart = (long) (sets.initiator().size()) * entry;
        for (int size : new int[] {1, 7, entry, entry + 1, 500, whole.size(), 1 << 20}) {
          List<Piece> pieces = pieces(responder(sets, group, pool), request, size);
          assertEquals(whole, concatenated(pieces), group + " in pieces of " + size);
          // Pieces of own elements only come before any piece with an answer in it.
          boolean answersStarted = false;
          for (Piece piece : pieces) {
            boolean ownOnly = (long) piece.index() * size >= ownStart;
            assertFalse(answersStarted && ownOnly, "own piece after an answer, size " + size);
            answersStarted |= !ownOnly;
          }
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aRefusedRequestMakesNoPieceAndChangesNothing() throws Exception {
    PsiTestSets sets = PsiTestSets.generate(DeterministicRandom.fromSeed(6L), 10, 10, 5);
    EcdhPsiResponder responder = responder(sets, EcdhPsiGroup.CURVE25519, CALLER);
    List<ByteString> twist =
        List.of(ByteString.copyFrom(Curve25519Group.element(BigInteger.TWO).toByteArray()));
    Bytes bad =
        Bytes.of(
            HeProto.PsiEcdhRequest.newBuilder()
                .setGroup(EcdhPsiGroup.CURVE25519.wire())
                .addAllBlinded(twist)
                .build()
                .toByteArray());
    List<Piece> sent = new ArrayList<>();
    assertEquals(
        Reason.INVALID_KEY,
        Rejection.reasonOf(
            () -> responder.respond(bad, 10, (i, c, p) -> sent.add(new Piece(i, c, p)))));
    assertTrue(sent.isEmpty());
    EcdhPsiInitiator initiator = initiator(sets, EcdhPsiGroup.CURVE25519, CALLER);
    Bytes result = initiator.finish(concatenated(pieces(responder, initiator.request(), 64)));
    responder.finish(result);
    assertEquals(sets.common(), initiator.intersection().orElseThrow());
    assertEquals(sets.common(), responder.intersection().orElseThrow());
  }

  @Test
  void earlyPiecesGiveTheSameResultEvenAmongGarbage() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (EcdhPsiGroup group : EcdhPsiGroup.values()) {
        PsiTestSets sets = PsiTestSets.generate(DeterministicRandom.fromSeed(7L), 30, 40, 15);
        EcdhPsiInitiator plain = initiator(sets, group, pool);
        Bytes request = plain.request();
        List<Piece> pieces = pieces(responder(sets, group, pool), request, 100);
        Bytes whole = concatenated(pieces);
        Bytes expected = plain.finish(whole);

        EcdhPsiInitiator ahead = initiator(sets, group, pool);
        DeterministicRandom random = DeterministicRandom.fromSeed(8L);
        for (Piece piece : pieces) {
          // Garbage at the same place first (an element that is not the response's own), then the
          // true piece: the position is taken, so the true element is raised in finish.
          byte[] noise = piece.bytes().toByteArray();
          if (noise.length > 40) {
            noise[20] ^= 1;
          }
          ahead.receivePiece((long) piece.index() * 100, Bytes.of(noise));
          ahead.receivePiece((long) piece.index() * 100, piece.bytes());
          byte[] junk = new byte[random.nextInt(200)];
          random.nextBytes(junk);
          ahead.receivePiece(random.nextInt(whole.size() + 50), Bytes.of(junk));
        }
        assertEquals(expected, ahead.finish(whole));
        assertEquals(plain.intersection(), ahead.intersection());

        // The true pieces alone, in the order they were sent.
        EcdhPsiInitiator clean = initiator(sets, group, pool);
        for (Piece piece : pieces) {
          clean.receivePiece((long) piece.index() * 100, piece.bytes());
        }
        assertEquals(expected, clean.finish(whole));
        assertEquals(sets.common(), clean.intersection().orElseThrow());
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Regression: the initiator checked every double-blinded element on the curve although it only
   * compares their bytes with its own canonical powers. An element off the curve now just matches
   * nothing; one of the wrong length is still refused.
   */
  @Test
  void doubleBlindedElementsAreComparedNotChecked() throws Exception {
    PsiTestSets sets = PsiTestSets.generate(DeterministicRandom.fromSeed(9L), 5, 5, 5);
    EcdhPsiInitiator initiator = initiator(sets, EcdhPsiGroup.CURVE25519, CALLER);
    Bytes response = responder(sets, EcdhPsiGroup.CURVE25519, CALLER).respond(initiator.request());
    HeProto.PsiEcdhResponse message = HeProto.PsiEcdhResponse.parseFrom(response.toByteArray());
    ByteString twist = ByteString.copyFrom(Curve25519Group.element(BigInteger.TWO).toByteArray());
    HeProto.PsiEcdhResponse.Builder allOffCurve = message.toBuilder();
    for (int i = 0; i < message.getDoubleBlindedCount(); i++) {
      allOffCurve.setDoubleBlinded(i, twist);
    }
    initiator.finish(Bytes.of(allOffCurve.build().toByteArray()));
    assertEquals(List.of(), initiator.intersection().orElseThrow());

    EcdhPsiInitiator other = initiator(sets, EcdhPsiGroup.CURVE25519, CALLER);
    Bytes shortElement =
        Bytes.of(
            message.toBuilder()
                .setDoubleBlinded(0, ByteString.copyFrom(new byte[31]))
                .build()
                .toByteArray());
    assertEquals(Reason.WRONG_LENGTH, Rejection.reasonOf(() -> other.finish(shortElement)));
    assertFalse(other.intersection().isPresent());
  }
}
