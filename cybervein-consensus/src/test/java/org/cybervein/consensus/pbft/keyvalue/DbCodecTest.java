package org.cybervein.consensus.pbft.keyvalue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.consensus.pbft.keyvalue.InvalidDatabaseInputException.Reason;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

class DbCodecTest {
  private static DbOperation decode(Bytes bytes) throws InvalidDatabaseInputException {
    return DbCodec.decodeOperation(bytes);
  }

  private static Reason reasonOf(Bytes bytes) {
    return assertThrows(InvalidDatabaseInputException.class, () -> decode(bytes)).reason();
  }

  @Test
  void everyDecoderRefusesHostileInputWithMemoryInProportionToIt() {
    HostileInput.of("operation", InvalidDatabaseInputException.class, DbCodec::decodeOperation)
        .encodedBy(DbCodec::encode)
        .checkAll(
            DbCodec.encode(
                new DbOperation.CompareAndSet(
                    Bytes.utf8("k"), Optional.of(Bytes.utf8("a")), Optional.of(Bytes.utf8("b")))),
            DbCodec.MAX_OPERATION_SIZE);
    HostileInput.of("result", InvalidDatabaseInputException.class, DbCodec::decodeResult)
        .encodedBy(DbCodec::encode)
        .checkAll(
            DbCodec.encode(new DbResult(DbResult.Status.OK, Optional.of(Bytes.utf8("v")))),
            DbCodec.MAX_RESULT_SIZE);
    int maxSnapshot = 16 << 20;
    HostileInput.of(
            "snapshot",
            InvalidDatabaseInputException.class,
            b -> DbCodec.decodeSnapshot(b, maxSnapshot))
        .encodedBy(DbCodec::encode)
        .checkAll(
            DbCodec.encode(
                new DbSnapshot(
                    List.of(
                        new KeyValue(Bytes.utf8("a"), Bytes.utf8("1")),
                        new KeyValue(Bytes.utf8("b"), Bytes.utf8("2"))))),
            maxSnapshot);
  }

  @Test
  void operationsRoundTrip() {
    PropertyRuns.qt()
        .forAll(DbGenerators.operations())
        .checkAssert(
            op -> {
              try {
                assertEquals(op, decode(DbCodec.encode(op)));
              } catch (InvalidDatabaseInputException e) {
                fail("an encoded operation must decode", e);
              }
            });
  }

  @Test
  void resultsRoundTrip() throws Exception {
    for (DbResult r :
        List.of(
            DbResult.ok(Optional.empty()),
            DbResult.ok(Optional.of(Bytes.EMPTY)),
            DbResult.ok(Optional.of(Bytes.utf8("v"))),
            DbResult.notFound(),
            new DbResult(DbResult.Status.CAS_MISMATCH, Optional.of(Bytes.utf8("x"))),
            new DbResult(DbResult.Status.CAS_MISMATCH, Optional.empty()),
            DbResult.invalidOperation())) {
      assertEquals(r, DbCodec.decodeResult(DbCodec.encode(r)));
    }
  }

  @Test
  void snapshotsRoundTrip() throws Exception {
    DbSnapshot snapshot =
        new DbSnapshot(
            List.of(
                new KeyValue(Bytes.fromHex("00"), Bytes.EMPTY),
                new KeyValue(Bytes.fromHex("01"), Bytes.utf8("one")),
                new KeyValue(Bytes.fromHex("ff00"), Bytes.utf8("two"))));
    Bytes encoded = DbCodec.encode(snapshot);
    assertEquals(snapshot, DbCodec.decodeSnapshot(encoded, encoded.size()));
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(
                InvalidDatabaseInputException.class,
                () -> DbCodec.decodeSnapshot(encoded, encoded.size() - 1))
            .reason());
  }

  @Test
  void randomBytesEitherDecodeCanonicallyOrThrowTheDocumentedException() {
    PropertyRuns.qt()
        .forAll(
            Generate.byteArrays(
                Generate.range(0, 40),
                SourceDSL.integers().between(-128, 127).map((Integer i) -> i.byteValue())))
        .checkAssert(
            raw -> {
              Bytes bytes = Bytes.of(raw);
              try {
                DbOperation op = decode(bytes);
                // Whatever decodes is canonical: it re-encodes to the very same bytes.
                assertEquals(bytes, DbCodec.encode(op));
              } catch (InvalidDatabaseInputException expected) {
                // The documented rejection; anything else escapes and fails the property.
              }
              try {
                DbResult r = DbCodec.decodeResult(bytes);
                assertEquals(bytes, DbCodec.encode(r));
              } catch (InvalidDatabaseInputException expected) {
                // as above
              }
              try {
                DbSnapshot s = DbCodec.decodeSnapshot(bytes, 1 << 10);
                assertEquals(bytes, DbCodec.encode(s));
              } catch (InvalidDatabaseInputException expected) {
                // as above
              }
            });
  }

  @Test
  void everyTruncationAndBitFlipOfAnOperationIsRejectedOrCanonical() {
    PropertyRuns.qt(50)
        .forAll(DbGenerators.operations())
        .checkAssert(
            op -> {
              byte[] raw = DbCodec.encode(op).toByteArray();
              for (int len = 0; len < raw.length; len++) {
                Bytes truncated = Bytes.of(raw, 0, len);
                try {
                  assertEquals(truncated, DbCodec.encode(decode(truncated)));
                } catch (InvalidDatabaseInputException expected) {
                  // rejected
                }
              }
              for (int bit = 0; bit < raw.length * 8; bit++) {
                byte[] flipped = raw.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                Bytes mutated = Bytes.of(flipped);
                try {
                  assertEquals(mutated, DbCodec.encode(decode(mutated)));
                } catch (InvalidDatabaseInputException expected) {
                  // rejected
                }
              }
            });
  }

  @Test
  void rejectsOversizedOperation() {
    assertEquals(Reason.OVERSIZED, reasonOf(Bytes.of(new byte[DbCodec.MAX_OPERATION_SIZE + 1])));
  }

  @Test
  void rejectsOperationWithNoKind() {
    assertEquals(Reason.MISSING_FIELD, reasonOf(Bytes.EMPTY));
  }

  @Test
  void rejectsEmptyKey() {
    // DbOperation{get: DbGet{}}: field 2, length 0.
    assertEquals(Reason.INVALID_VALUE, reasonOf(Bytes.fromHex("1200")));
  }

  @Test
  void rejectsKeyLongerThanTheLimit() {
    byte[] key = new byte[DbOperation.MAX_KEY_SIZE + 1];
    // DbOperation{get: DbGet{key}} with a two-byte varint length for the 256-byte key.
    Bytes inner = Bytes.fromHex("0a8002").concat(Bytes.of(key));
    Bytes outer = Bytes.fromHex("12").concat(varint(inner.size())).concat(inner);
    assertEquals(Reason.INVALID_VALUE, reasonOf(outer));
  }

  @Test
  void rejectsValueLongerThanTheLimit() {
    int size = DbOperation.MAX_VALUE_SIZE + 1;
    Bytes inner = Bytes.fromHex("0a016b12").concat(varint(size)).concat(Bytes.of(new byte[size]));
    Bytes outer = Bytes.fromHex("0a").concat(varint(inner.size())).concat(inner);
    assertEquals(Reason.OVERSIZED, reasonOf(outer));
  }

  @Test
  void rejectsUnknownFields() {
    Bytes canonical = DbCodec.encode(new DbOperation.Get(Bytes.utf8("k")));
    assertEquals(Reason.MALFORMED, reasonOf(canonical.concat(Bytes.fromHex("2801"))));
  }

  @Test
  void rejectsRepeatedOneofFields() {
    // Two get fields: protobuf merges them, but the bytes are not the canonical encoding.
    Bytes get = DbCodec.encode(new DbOperation.Get(Bytes.utf8("k")));
    assertEquals(Reason.MALFORMED, reasonOf(get.concat(get)));
  }

  @Test
  void rejectsNonMinimalVarintLength() {
    // DbGet key length 1 written as the two-byte varint 81 00.
    assertEquals(Reason.MALFORMED, reasonOf(Bytes.fromHex("12040a81006b")));
  }

  @Test
  void putAsksForThePreviousValueWithFieldThree() throws InvalidDatabaseInputException {
    // DbOperation{put=1: DbPut{key="k", value="v", return_previous=true}}: 0a 08 | 0a016b 120176
    // 1801
    Bytes asking = Bytes.fromHex("0a080a016b1201761801");
    assertEquals(
        new DbOperation.Put(Bytes.utf8("k"), Bytes.utf8("v"), true),
        DbCodec.decodeOperation(asking));
    assertEquals(
        asking, DbCodec.encode(new DbOperation.Put(Bytes.utf8("k"), Bytes.utf8("v"), true)));
    // A plain put leaves the field out; writing it as false is not the canonical encoding.
    assertEquals(
        Bytes.fromHex("0a060a016b120176"),
        DbCodec.encode(new DbOperation.Put(Bytes.utf8("k"), Bytes.utf8("v"))));
    assertEquals(Reason.MALFORMED, reasonOf(Bytes.fromHex("0a080a016b1201761800")));
  }

  @Test
  void rejectsTruncatedOperation() {
    Bytes canonical = DbCodec.encode(new DbOperation.Put(Bytes.utf8("key"), Bytes.utf8("value")));
    assertEquals(Reason.MALFORMED, reasonOf(canonical.slice(0, canonical.size() - 1)));
  }

  @Test
  void rejectsResultWithoutStatusOrWithForbiddenValue() {
    assertEquals(
        Reason.MISSING_FIELD,
        assertThrows(InvalidDatabaseInputException.class, () -> DbCodec.decodeResult(Bytes.EMPTY))
            .reason());
    // status NOT_FOUND (2) with a value.
    assertEquals(
        Reason.INVALID_VALUE,
        assertThrows(
                InvalidDatabaseInputException.class,
                () -> DbCodec.decodeResult(Bytes.fromHex("0802120176")))
            .reason());
    // status 9: not a known status.
    assertEquals(
        Reason.INVALID_VALUE,
        assertThrows(
                InvalidDatabaseInputException.class,
                () -> DbCodec.decodeResult(Bytes.fromHex("0809")))
            .reason());
  }

  @Test
  void rejectsSnapshotWithRepeatedKey() {
    Bytes entry = Bytes.fromHex("0a030a0161");
    assertEquals(
        Reason.UNSORTED,
        assertThrows(
                InvalidDatabaseInputException.class,
                () -> DbCodec.decodeSnapshot(entry.concat(entry), 1 << 10))
            .reason());
  }

  @Test
  void snapshotValueRejectsUnsortedEntries() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new DbSnapshot(
                List.of(
                    new KeyValue(Bytes.utf8("b"), Bytes.EMPTY),
                    new KeyValue(Bytes.utf8("a"), Bytes.EMPTY))));
  }

  private static Bytes varint(int value) {
    byte[] out = new byte[5];
    int n = 0;
    while ((value & ~0x7f) != 0) {
      out[n++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out[n++] = (byte) value;
    return Bytes.of(out, 0, n);
  }
}
