package org.cybervein.dag.unit;

import static org.cybervein.dag.testing.TestUnits.GENESIS;
import static org.cybervein.dag.testing.TestUnits.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.api.wire.v1.DagProto;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.testing.Props;
import org.cybervein.dag.testing.TestUnits;
import org.cybervein.dag.unit.InvalidUnitException.Reason;
import org.junit.jupiter.api.Test;

class UnitCodecTest {
  private static final UnitLimits LIMITS = UnitLimits.DEFAULT;

  private static Hash h(long i) {
    return HashFunction.untaggedSha256(Bytes.utf8("h" + i).toByteArray());
  }

  /** A unit of varied shape, all drawn from {@code seed}. */
  static Unit randomUnit(long seed) {
    Random r = new Random(seed);
    Ed25519PrivateKey author = key(r.nextInt(4));
    List<Hash> parents = new ArrayList<>();
    int n = 1 + r.nextInt(LIMITS.maxParents());
    for (int i = 0; i < n; i++) {
      parents.add(h(r.nextInt(1000)));
    }
    Payload payload;
    if (r.nextBoolean()) {
      if (r.nextBoolean()) {
        payload =
            new DataWrite(
                h(r.nextLong()), h(r.nextLong()), r.nextLong() & Long.MAX_VALUE, Optional.empty());
      } else {
        byte[] content = new byte[r.nextInt(LIMITS.maxInlineBytes() + 1)];
        r.nextBytes(content);
        payload =
            new DataWrite(
                h(r.nextLong()),
                HashFunction.untaggedSha256(content),
                content.length,
                Optional.of(Bytes.of(content)));
      }
    } else {
      List<VerificationRecord> records = new ArrayList<>();
      int size = 1 + r.nextInt(9);
      for (int i = 0; i < size; i++) {
        records.add(new VerificationRecord(h(r.nextLong()), h(r.nextLong()), h(r.nextLong())));
      }
      payload = AttestationBatch.sign(key(7), records).get(r.nextInt(size));
    }
    return Unit.sign(
        new UnitBody(
            author.publicKey(),
            UnitBody.canonicalParents(parents),
            r.nextLong() & Long.MAX_VALUE,
            r.nextLong() & Long.MAX_VALUE,
            payload),
        author);
  }

  @Test
  void refusesHostileInputWithMemoryInProportionToIt() {
    HostileInput<Unit> units =
        HostileInput.of("unit", InvalidUnitException.class, b -> Unit.decode(b, LIMITS))
            .encodedBy(Unit::encoded);
    units.checkAll(randomUnit(3L).encoded(), LIMITS.maxEncodedSize());
    // A well-formed envelope around a body of unknown varint fields reaches the body decoder.
    byte[] flood = new byte[LIMITS.maxEncodedSize() - 512];
    for (int i = 0; i < flood.length; i += 2) {
      flood[i] = 0x78;
    }
    Ed25519PrivateKey author = key(1);
    SignedEnvelope envelope = EnvelopeSigner.of(author).sign(Unit.PAYLOAD_TYPE, Bytes.of(flood));
    units.refusedWithinMemory(envelope.encode(), "a body of unknown varint fields");
  }

  @Test
  void decodeInvertsEncodeAndKeepsTheId() {
    Props.qt(100)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Unit u = randomUnit(seed);
              Unit back = assertDecodes(u.encoded());
              assertEquals(u, back);
              assertEquals(u.id(), back.id());
              assertEquals(u.body(), back.body());
              assertEquals(UnitCodec.unitId(u.envelope().body()), back.id());
            });
  }

  @Test
  void unitIdIsTheTaggedHashOfTheBodyBytes() {
    Unit u = TestUnits.first(key(1), 5);
    Hash expected = HashFunction.SHA256.hash(Unit.ID_TAG, u.envelope().body());
    assertEquals(expected, u.id());
  }

  @Test
  void rejectsEveryTruncation() throws Exception {
    Unit u = randomUnit(42);
    byte[] raw = u.encoded().toByteArray();
    for (int len = 0; len < raw.length; len++) {
      Bytes cut = Bytes.of(raw, 0, len);
      assertThrows(InvalidUnitException.class, () -> Unit.decode(cut, LIMITS), "length " + len);
    }
  }

  @Test
  void rejectsOversizedInputBeforeParsing() {
    Bytes big = Bytes.of(new byte[LIMITS.maxEncodedSize() + 1]);
    InvalidUnitException e =
        assertThrows(InvalidUnitException.class, () -> Unit.decode(big, LIMITS));
    assertEquals(Reason.OVERSIZED, e.reason());
  }

  @Test
  void mutatedBytesDecodeToAnotherUnitOrAreRejected() {
    Props.qt(200)
        .forAll(longs().all(), integers().between(0, 1 << 20), integers().between(1, 255))
        .checkAssert(
            (seed, position, flip) -> {
              Unit u = randomUnit(seed);
              byte[] raw = u.encoded().toByteArray();
              raw[position % raw.length] ^= (byte) (int) flip;
              try {
                Unit other = Unit.decode(Bytes.of(raw), LIMITS);
                // A flip inside the signature or the body still parses; it must not pass as u.
                assertEquals(false, other.equals(u));
              } catch (InvalidUnitException expected) {
                // rejected with a documented reason: fine
              }
            });
  }

  @Test
  void randomBytesAreRejected() {
    Props.qt(200)
        .forAll(longs().all(), integers().between(0, 2000))
        .checkAssert(
            (seed, len) -> {
              byte[] raw = new byte[len];
              new Random(seed).nextBytes(raw);
              assertThrows(InvalidUnitException.class, () -> Unit.decode(Bytes.of(raw), LIMITS));
            });
  }

  private static Unit assertDecodes(Bytes encoded) {
    try {
      return Unit.decode(encoded, LIMITS);
    } catch (InvalidUnitException e) {
      throw new AssertionError("valid unit rejected: " + e.reason() + " " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- crafted bodies

  private static DagProto.DagUnitBody.Builder validProto() {
    return UnitCodec.toProto(TestUnits.first(key(1), 1).body()).toBuilder();
  }

  private static Bytes envelope(Ed25519PrivateKey signer, String type, byte[] body) {
    SignedEnvelope env = EnvelopeSigner.of(signer).sign(type, Bytes.of(body));
    return env.encode();
  }

  private static Reason rejection(Bytes encoded) {
    return assertThrows(InvalidUnitException.class, () -> Unit.decode(encoded, LIMITS)).reason();
  }

  @Test
  void rejectsAnotherPayloadType() {
    byte[] body = validProto().build().toByteArray();
    assertEquals(
        Reason.WRONG_PAYLOAD_TYPE, rejection(envelope(key(1), "cybervein.v1.Other", body)));
  }

  @Test
  void rejectsASignerOtherThanTheAuthor() {
    byte[] body = validProto().build().toByteArray();
    assertEquals(Reason.AUTHOR_MISMATCH, rejection(envelope(key(2), Unit.PAYLOAD_TYPE, body)));
  }

  @Test
  void rejectsUnsortedOrRepeatedParents() {
    Hash a = h(1);
    Hash b = h(2);
    Hash lo = a.compareTo(b) < 0 ? a : b;
    Hash hi = a.compareTo(b) < 0 ? b : a;
    byte[] unsorted =
        validProto()
            .clearParents()
            .addParents(ApiTypesCodec.toProto(hi))
            .addParents(ApiTypesCodec.toProto(lo))
            .build()
            .toByteArray();
    assertEquals(
        Reason.PARENTS_NOT_CANONICAL, rejection(envelope(key(1), Unit.PAYLOAD_TYPE, unsorted)));
    byte[] repeated =
        validProto()
            .clearParents()
            .addParents(ApiTypesCodec.toProto(lo))
            .addParents(ApiTypesCodec.toProto(lo))
            .build()
            .toByteArray();
    assertEquals(
        Reason.PARENTS_NOT_CANONICAL, rejection(envelope(key(1), Unit.PAYLOAD_TYPE, repeated)));
  }

  @Test
  void rejectsNoParentsAndTooManyParents() {
    byte[] none = validProto().clearParents().build().toByteArray();
    assertEquals(Reason.PARENT_COUNT, rejection(envelope(key(1), Unit.PAYLOAD_TYPE, none)));
    DagProto.DagUnitBody.Builder many = validProto().clearParents();
    List<Hash> ps = new ArrayList<>();
    for (int i = 0; i <= LIMITS.maxParents(); i++) {
      ps.add(h(i));
    }
    for (Hash p : UnitBody.canonicalParents(ps)) {
      many.addParents(ApiTypesCodec.toProto(p));
    }
    assertEquals(
        Reason.PARENT_COUNT,
        rejection(envelope(key(1), Unit.PAYLOAD_TYPE, many.build().toByteArray())));
  }

  @Test
  void rejectsOversizedOrMismatchedInlineData() {
    byte[] content = new byte[LIMITS.maxInlineBytes() + 1];
    DagProto.DagDataWrite.Builder w =
        validProto().getDataWrite().toBuilder()
            .setSize(content.length)
            .setContentHash(ApiTypesCodec.toProto(HashFunction.untaggedSha256(content)))
            .setInlineData(com.google.protobuf.ByteString.copyFrom(content));
    byte[] tooBig = validProto().setDataWrite(w).build().toByteArray();
    assertEquals(Reason.PAYLOAD_TOO_LARGE, rejection(envelope(key(1), Unit.PAYLOAD_TYPE, tooBig)));
    DagProto.DagDataWrite.Builder wrongHash =
        validProto().getDataWrite().toBuilder().setContentHash(ApiTypesCodec.toProto(h(5)));
    byte[] mismatch = validProto().setDataWrite(wrongHash).build().toByteArray();
    assertEquals(
        Reason.INLINE_DATA_MISMATCH, rejection(envelope(key(1), Unit.PAYLOAD_TYPE, mismatch)));
  }

  @Test
  void rejectsNonCanonicalBodyAndMissingPayload() {
    byte[] canonical = validProto().build().toByteArray();
    // An unknown field appended: parses, but is not the canonical encoding.
    byte[] extra = new byte[canonical.length + 2];
    System.arraycopy(canonical, 0, extra, 0, canonical.length);
    extra[canonical.length] = (byte) ((15 << 3) | 0);
    extra[canonical.length + 1] = 1;
    assertEquals(Reason.MALFORMED, rejection(envelope(key(1), Unit.PAYLOAD_TYPE, extra)));
    byte[] noPayload = validProto().clearDataWrite().build().toByteArray();
    assertEquals(Reason.MALFORMED, rejection(envelope(key(1), Unit.PAYLOAD_TYPE, noPayload)));
  }

  @Test
  void rejectsAttestationProofOfTheWrongLength() {
    Unit u = randomUnitWithAttestation();
    DagProto.DagUnitBody.Builder b = UnitCodec.toProto(u.body()).toBuilder();
    DagProto.DagAttestation.Builder a =
        b.getAttestation().toBuilder().addProofPath(ApiTypesCodec.toProto(h(9)));
    byte[] body = b.setAttestation(a).build().toByteArray();
    assertEquals(Reason.BAD_INCLUSION_PROOF, rejection(envelope(key(1), Unit.PAYLOAD_TYPE, body)));
    DagProto.DagAttestation.Builder outside =
        b.getAttestation().toBuilder().setLeafIndex(5).setBatchSize(5);
    byte[] body2 = b.setAttestation(outside).build().toByteArray();
    assertEquals(Reason.BAD_INCLUSION_PROOF, rejection(envelope(key(1), Unit.PAYLOAD_TYPE, body2)));
  }

  private static Unit randomUnitWithAttestation() {
    List<VerificationRecord> records = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      records.add(new VerificationRecord(h(i), h(10 + i), h(20 + i)));
    }
    Attestation a = AttestationBatch.sign(key(7), records).get(1);
    return TestUnits.unit(key(1), 0, List.of(GENESIS), a);
  }

  @Test
  void encodingIsStableForAFixedUnit() {
    Unit u = TestUnits.first(key(1), 1);
    Unit again = TestUnits.first(key(1), 1);
    assertArrayEquals(u.encoded().toByteArray(), again.encoded().toByteArray());
  }
}
