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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.math.ec.ECPoint;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.PropertyRuns;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.Rejection;
import org.cybervein.crypto.testsupport.Tamper;
import org.junit.jupiter.api.Test;

class EcdhPsiTest {
  private static final int MAX = 1000;

  /** RFC 9380 Appendix J.1.1, suite P256_XMD:SHA-256_SSWU_RO_. */
  @Test
  void hashToCurveMatchesRfc9380Vectors() {
    P256Group group = new P256Group("QUUX-V01-CS02-with-P256_XMD:SHA-256_SSWU_RO_");
    String[][] vectors = {
      {
        "",
        "2c15230b26dbc6fc9a37051158c95b79656e17a1a920b11394ca91c44247d3e4",
        "8a7a74985cc5c776cdfe4b1f19884970453912e9d31528c060be9ab5c43e8415"
      },
      {
        "abc",
        "0bb8b87485551aa43ed54f009230450b492fead5f1cc91658775dac4a3388a0f",
        "5c41b3d0731a27a7b14bc0bf0ccded2d8751f83493404c84a88e71ffd424212e"
      },
      {
        "abcdef0123456789",
        "65038ac8f2b1def042a5df0b33b1f4eca6bff7cb0f9c6c1526811864e544ed80",
        "cad44d40a656e7aff4002a8de287abc8ae0482b5ae825822bb870d6df9b56ca3"
      },
    };
    for (String[] v : vectors) {
      ECPoint p = group.hash(Bytes.utf8(v[0]));
      assertEquals(new BigInteger(v[1], 16), p.getAffineXCoord().toBigInteger(), v[0]);
      assertEquals(new BigInteger(v[2], 16), p.getAffineYCoord().toBigInteger(), v[0]);
    }
  }

  private static List<List<Bytes>> run(
      PsiTestSets sets, long seed, List<Bytes> transcriptA, List<Bytes> transcriptB)
      throws InvalidCryptoInputException {
    EcdhPsiInitiator a =
        EcdhPsiInitiator.create(sets.initiator(), DeterministicRandom.fromSeed(seed), MAX);
    EcdhPsiResponder b =
        EcdhPsiResponder.create(sets.responder(), DeterministicRandom.fromSeed(seed + 1), MAX);
    Bytes request = a.request();
    transcriptB.add(request);
    Bytes response = b.respond(request);
    transcriptA.add(response);
    Bytes result = a.finish(response);
    transcriptB.add(result);
    b.finish(result);
    return List.of(a.intersection().orElseThrow(), b.intersection().orElseThrow());
  }

  @Test
  void bothPartiesLearnExactlyTheIntersection() {
    qt(Math.min(30, PropertyRuns.examples()))
        .forAll(
            longs().all(),
            integers().between(0, 12),
            integers().between(0, 12),
            integers().between(0, 12))
        .checkAssert(
            (seed, onlyA, onlyB, common) -> {
              PsiTestSets sets =
                  PsiTestSets.generate(DeterministicRandom.fromSeed(seed), onlyA, onlyB, common);
              try {
                List<List<Bytes>> results = run(sets, seed, new ArrayList<>(), new ArrayList<>());
                assertEquals(sets.common(), results.get(0));
                assertEquals(sets.common(), results.get(1));
              } catch (InvalidCryptoInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void duplicateAndUnorderedIdsGiveTheSameResult() throws Exception {
    PsiTestSets sets = PsiTestSets.generate(DeterministicRandom.fromSeed(3L), 5, 5, 5);
    List<Bytes> doubled = new ArrayList<>(sets.initiator());
    doubled.addAll(sets.initiator());
    PsiTestSets messy = new PsiTestSets(doubled, sets.responder(), sets.common());
    assertEquals(sets.common(), run(messy, 4L, new ArrayList<>(), new ArrayList<>()).get(0));
  }

  /**
   * What each side receives cannot be matched against the other side's ids outside the
   * intersection: no received element is H(y), the raw id, or H(y)^k under the receiver's own key k
   * for such an id y; and message sizes depend only on the set sizes.
   */
  @Test
  void transcriptRevealsNothingAboutNonMembers() throws Exception {
    PsiTestSets sets =
        PsiTestSets.generate(DeterministicRandom.fromSeed(PropertyRuns.seed()), 20, 20, 10);
    EcdhPsiInitiator a =
        EcdhPsiInitiator.create(sets.initiator(), DeterministicRandom.fromSeed(1L), MAX);
    EcdhPsiResponder b =
        EcdhPsiResponder.create(sets.responder(), DeterministicRandom.fromSeed(2L), MAX);
    Bytes request = a.request();
    Bytes response = b.respond(request);
    Bytes result = a.finish(response);
    b.finish(result);

    P256Group group = new P256Group();
    // The initiator's view: the response. Its own key a is what a curious initiator can apply.
    HeProto.PsiEcdhResponse r = HeProto.PsiEcdhResponse.parseFrom(response.toByteArray());
    Set<Bytes> seenByA = new TreeSet<>();
    r.getBlindedList().forEach(x -> seenByA.add(Bytes.of(x.toByteArray())));
    r.getDoubleBlindedList().forEach(x -> seenByA.add(Bytes.of(x.toByteArray())));
    for (Bytes y : sets.responderOnly()) {
      ECPoint h = group.hash(y);
      assertFalse(seenByA.contains(P256Group.encode(h)));
      assertFalse(seenByA.contains(P256Group.encode(h.multiply(((PsiKey.P256Key) a.key).secret))));
      assertFalse(Transcripts.contains(response, y), "raw id bytes in transcript");
    }
    // The responder's view: the request and the result.
    HeProto.PsiEcdhRequest q = HeProto.PsiEcdhRequest.parseFrom(request.toByteArray());
    Set<Bytes> seenByB = new TreeSet<>();
    q.getBlindedList().forEach(x -> seenByB.add(Bytes.of(x.toByteArray())));
    for (Bytes x : sets.initiatorOnly()) {
      ECPoint h = group.hash(x);
      assertFalse(seenByB.contains(P256Group.encode(h)));
      assertFalse(seenByB.contains(P256Group.encode(h.multiply(((PsiKey.P256Key) b.key).secret))));
      assertFalse(Transcripts.contains(request, x));
    }
    // Sizes: another pair of sets of the same sizes (and intersection size) gives messages of the
    // same lengths.
    PsiTestSets other = PsiTestSets.generate(DeterministicRandom.fromSeed(99L), 20, 20, 10);
    List<Bytes> ta = new ArrayList<>();
    List<Bytes> tb = new ArrayList<>();
    run(other, 5L, ta, tb);
    assertEquals(request.size(), tb.get(0).size());
    assertEquals(response.size(), ta.get(0).size());
    assertEquals((2 + 33) * (30 + 30), response.size(), "only counts of fixed-size points");
  }

  private static Bytes requestOf(List<ByteString> points) {
    return Bytes.of(
        HeProto.PsiEcdhRequest.newBuilder().addAllBlinded(points).build().toByteArray());
  }

  private static Reason rejectRequest(Bytes request) {
    EcdhPsiResponder b =
        EcdhPsiResponder.create(List.of(Bytes.utf8("x")), DeterministicRandom.fromSeed(1L), 3);
    return Rejection.reasonOf(() -> b.respond(request));
  }

  @Test
  void responderRejectsOffCurveWrongLengthUnsortedAndTooManyPoints() {
    P256Group group = new P256Group();
    ECPoint p = group.hash(Bytes.utf8("a"));
    byte[] good = P256Group.encode(p).toByteArray();
    // x = the same, y parity flipped is still on the curve; x + 1 is on the curve only half the
    // time, so search for an x that is not.
    byte[] off = good.clone();
    while (true) {
      off[32]++;
      try {
        group.decode(ByteString.copyFrom(off));
      } catch (InvalidCryptoInputException e) {
        break;
      }
    }
    assertEquals(Reason.INVALID_KEY, rejectRequest(requestOf(List.of(ByteString.copyFrom(off)))));
    byte[] bigX = new byte[33];
    bigX[0] = 2;
    java.util.Arrays.fill(bigX, 1, 33, (byte) 0xff);
    assertEquals(Reason.INVALID_KEY, rejectRequest(requestOf(List.of(ByteString.copyFrom(bigX)))));
    byte[] uncompressed = p.getEncoded(false);
    assertEquals(
        Reason.WRONG_LENGTH, rejectRequest(requestOf(List.of(ByteString.copyFrom(uncompressed)))));
    assertEquals(
        Reason.WRONG_LENGTH,
        rejectRequest(requestOf(List.of(ByteString.copyFrom(new byte[] {0})))));
    ByteString g = ByteString.copyFrom(good);
    assertEquals(Reason.MALFORMED, rejectRequest(requestOf(List.of(g, g))));
    List<ByteString> four = new ArrayList<>();
    for (String s : new String[] {"a", "b", "c", "d"}) {
      four.add(ByteString.copyFrom(P256Group.encode(group.hash(Bytes.utf8(s))).toByteArray()));
    }
    four.sort(ByteString.unsignedLexicographicalComparator());
    assertEquals(Reason.OVERSIZED, rejectRequest(requestOf(four)));
  }

  @Test
  void rejectsTruncatedMutatedAndRandomMessagesWithoutChangingState() throws Exception {
    PsiTestSets sets = PsiTestSets.generate(DeterministicRandom.fromSeed(8L), 3, 3, 3);
    EcdhPsiInitiator a =
        EcdhPsiInitiator.create(sets.initiator(), DeterministicRandom.fromSeed(1L), MAX);
    EcdhPsiResponder b =
        EcdhPsiResponder.create(sets.responder(), DeterministicRandom.fromSeed(2L), MAX);
    Bytes request = a.request();
    // A cut at an element boundary (every 35 bytes) is a valid shorter request; any other is not.
    for (int cut = 1; cut < request.size(); cut++) {
      if (cut % (2 + P256Group.POINT_LENGTH) == 0) {
        continue;
      }
      Bytes truncated = request.slice(0, cut);
      try {
        b.respond(truncated);
        throw new AssertionError("accepted truncated request at " + cut);
      } catch (InvalidCryptoInputException expected) {
        // fine: rejected, and b has not responded
      }
    }
    Bytes response = b.respond(request);
    qt(Math.min(100, PropertyRuns.examples()))
        .forAll(integers().between(0, response.size() * 8 - 1))
        .checkAssert(
            bit -> {
              try {
                EcdhPsiInitiator fresh =
                    EcdhPsiInitiator.create(
                        sets.initiator(), DeterministicRandom.fromSeed(1L), MAX);
                fresh.finish(Tamper.flipBit(response, bit));
                // a flipped bit inside a point that still decodes is accepted (no integrity)
              } catch (InvalidCryptoInputException expected) {
                // rejected
              }
            });
    qt(Math.min(100, PropertyRuns.examples()))
        .forAll(longs().all(), integers().between(0, 200))
        .checkAssert(
            (seed, length) -> {
              byte[] random = new byte[length];
              DeterministicRandom.fromSeed(seed).nextBytes(random);
              EcdhPsiResponder fresh =
                  EcdhPsiResponder.create(sets.responder(), DeterministicRandom.fromSeed(2L), MAX);
              try {
                fresh.respond(Bytes.of(random));
              } catch (InvalidCryptoInputException expected) {
                // rejected
              }
            });
    Bytes result = a.finish(response);
    assertEquals(sets.common(), a.intersection().orElseThrow());
    Bytes badPositions =
        Bytes.of(
            HeProto.PsiResult.newBuilder()
                .addResponderPositions(5)
                .addResponderPositions(1)
                .build()
                .toByteArray());
    assertEquals(Reason.OUT_OF_RANGE, Rejection.reasonOf(() -> b.finish(badPositions)));
    assertTrue(b.intersection().isEmpty());
    b.finish(result);
    assertEquals(sets.common(), b.intersection().orElseThrow());
  }

  @Test
  void roundsOutOfOrderAreProgrammingErrors() throws Exception {
    EcdhPsiResponder b =
        EcdhPsiResponder.create(List.of(Bytes.utf8("x")), DeterministicRandom.fromSeed(1L), 3);
    assertThrows(IllegalStateException.class, () -> b.finish(Bytes.EMPTY));
    EcdhPsiInitiator a =
        EcdhPsiInitiator.create(List.of(Bytes.utf8("x")), DeterministicRandom.fromSeed(2L), 3);
    Bytes response = b.respond(a.request());
    assertThrows(IllegalStateException.class, () -> b.respond(a.request()));
    a.finish(response);
    assertThrows(IllegalStateException.class, () -> a.finish(response));
    assertEquals(List.of(Bytes.utf8("x")), a.intersection().orElseThrow());
  }
}
