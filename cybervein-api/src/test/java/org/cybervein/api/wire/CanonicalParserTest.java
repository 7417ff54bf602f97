package org.cybervein.api.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.InvalidEncodingException.Reason;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.api.testing.PropertyRuns;
import org.cybervein.api.wire.v1.StorageProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.junit.jupiter.api.Test;

class CanonicalParserTest {
  // Hash file_id = 1; repeated uint32 indices = 2 (packed); bytes nonce = 3.
  private static final CanonicalParser<StorageProto.ShardAuditChallenge> PARSER =
      CanonicalParser.of(StorageProto.ShardAuditChallenge.getDefaultInstance(), 4096, 64);

  private static final StorageProto.ShardAuditChallenge VALID =
      StorageProto.ShardAuditChallenge.newBuilder()
          .setFileId(TypesProto.Hash.newBuilder().setValue(ByteString.copyFrom(new byte[32])))
          .addIndices(1)
          .addIndices(300)
          .setNonce(ByteString.copyFrom(new byte[] {1, 2, 3}))
          .build();

  private static Bytes valid() {
    return Bytes.of(VALID.toByteArray());
  }

  private static Reason reasonOf(byte[] input) {
    return assertThrows(InvalidEncodingException.class, () -> PARSER.parse(Bytes.of(input)))
        .reason();
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  @Test
  void acceptsTheCanonicalEncoding() throws InvalidEncodingException {
    assertEquals(VALID, PARSER.parse(valid()));
    assertEquals(StorageProto.ShardAuditChallenge.getDefaultInstance(), PARSER.parse(Bytes.EMPTY));
  }

  @Test
  void refusesUnknownFieldsAtTheTopAndInsideNestedMessages() {
    assertEquals(Reason.NON_CANONICAL, reasonOf(concat(VALID.toByteArray(), new byte[] {0x78, 0})));
    // field 1 (Hash) holding its value and an unknown field 2 of type varint.
    byte[] nested = concat(new byte[] {0x0a, 36, 0x0a, 32}, new byte[32], new byte[] {0x10, 1});
    assertEquals(Reason.NON_CANONICAL, reasonOf(nested));
  }

  @Test
  void refusesFieldsOutOfOrderRepeatedOrOfTheWrongWireType() {
    byte[] nonce = {0x1a, 1, 7};
    byte[] indices = {0x12, 1, 5};
    assertEquals(Reason.NON_CANONICAL, reasonOf(concat(nonce, indices)));
    assertEquals(Reason.NON_CANONICAL, reasonOf(concat(nonce, nonce)));
    // indices unpacked (wire type 0) where the canonical form packs them.
    assertEquals(Reason.NON_CANONICAL, reasonOf(new byte[] {0x10, 5}));
    // a group, which protobuf would keep as an unknown field
    assertEquals(Reason.NON_CANONICAL, reasonOf(new byte[] {0x0b, 0x0c}));
    // field number zero, and wire type 7 (no such type), which protobuf cannot parse either
    assertEquals(Reason.MALFORMED, reasonOf(new byte[] {0x00, 0x00}));
    assertEquals(Reason.MALFORMED, reasonOf(new byte[] {0x67, 0x00}));
  }

  @Test
  void refusesWhatOnlyReencodingReveals() {
    // nonce given explicitly empty (a default value), and a padded varint in indices.
    assertEquals(Reason.NON_CANONICAL, reasonOf(new byte[] {0x1a, 0}));
    assertEquals(Reason.NON_CANONICAL, reasonOf(new byte[] {0x12, 2, (byte) 0x85, 0x00}));
  }

  @Test
  void refusesTruncationAsTruncated() {
    byte[] raw = VALID.toByteArray();
    assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(raw, raw.length - 1)));
    assertEquals(Reason.TRUNCATED, reasonOf(new byte[] {0x1a, 5, 1}));
    assertEquals(Reason.TRUNCATED, reasonOf(new byte[] {(byte) 0x80}));
  }

  @Test
  void countsEveryFieldAndEveryPackedElementAgainstTheCap() throws InvalidEncodingException {
    // One tag and 63 elements: exactly the cap of 64.
    byte[] indices = new byte[2 + 63];
    indices[0] = 0x12;
    indices[1] = 63;
    Arrays.fill(indices, 2, indices.length, (byte) 1);
    assertEquals(63, PARSER.parse(Bytes.of(indices)).getIndicesCount());
    assertEquals(Reason.OVERSIZED, reasonOf(concat(indices, new byte[] {0x1a, 1, 1})));
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(
                InvalidEncodingException.class,
                () -> PARSER.withMaxFields(10).parse(Bytes.of(indices)))
            .reason());
  }

  @Test
  void capsTheEntriesOfOneRepeatedField() throws InvalidEncodingException {
    CanonicalParser<StorageProto.ShardAuditChallenge> twoIndices =
        PARSER.withMaxRepeats(
            StorageProto.ShardAuditChallenge.getDescriptor()
                .findFieldByNumber(StorageProto.ShardAuditChallenge.INDICES_FIELD_NUMBER),
            2);
    assertEquals(VALID, twoIndices.parse(valid()));
    byte[] three = {0x12, 3, 1, 2, 3};
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(InvalidEncodingException.class, () -> twoIndices.parse(Bytes.of(three)))
            .reason());
    CanonicalParser<StorageProto.ShardAuditResponse> oneOpening =
        CanonicalParser.of(StorageProto.ShardAuditResponse.getDefaultInstance(), 4096, 64)
            .withMaxRepeats(
                StorageProto.ShardAuditResponse.getDescriptor()
                    .findFieldByNumber(StorageProto.ShardAuditResponse.OPENINGS_FIELD_NUMBER),
                1);
    byte[] twoOpenings = {0x1a, 2, 0x08, 1, 0x1a, 2, 0x08, 2};
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(InvalidEncodingException.class, () -> oneOpening.parse(Bytes.of(twoOpenings)))
            .reason());
  }

  @Test
  void refusesInputAboveTheByteCapBeforeParsing() {
    assertEquals(Reason.OVERSIZED, reasonOf(new byte[4097]));
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(InvalidEncodingException.class, () -> PARSER.withMaxBytes(10).parse(valid()))
            .reason());
  }

  @Test
  void refusesAReencodingOfTheSameSizeThatDiffersInOneByte() throws InvalidEncodingException {
    // A uint32 written as a 5-byte varint with bits above 32 (ff ff ff ff 1f) parses as
    // 0xffffffff and re-encodes as ff ff ff ff 0f: the same size, one byte apart. Placed first or
    // last among 30 such indices (a buffered chunk of 150 bytes), before a nonce longer than the
    // check's buffer, which is compared where it lies.
    byte[] canonicalIndex = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    byte[] paddedIndex = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x1f};
    // Once below the size up to which the re-encoding is compared as a whole, once above it.
    for (int nonce : new int[] {10_000, CanonicalParser.ARRAY_COMPARE_MAX + 1000}) {
      StorageProto.ShardAuditChallenge.Builder m =
          StorageProto.ShardAuditChallenge.newBuilder()
              .setFileId(VALID.getFileId())
              .setNonce(ByteString.copyFrom(new byte[nonce]));
      for (int i = 0; i < 30; i++) {
        m.addIndices(-1);
      }
      byte[] raw = m.build().toByteArray();
      CanonicalParser<StorageProto.ShardAuditChallenge> parser = PARSER.withMaxBytes(1 << 17);
      assertArrayEquals(raw, parser.parse(Bytes.of(raw)).toByteArray());
      int first = indexOf(raw, canonicalIndex);
      for (int at : new int[] {first, first + 29 * 5}) {
        byte[] bad = raw.clone();
        System.arraycopy(paddedIndex, 0, bad, at, 5);
        assertEquals(
            Reason.NON_CANONICAL,
            assertThrows(InvalidEncodingException.class, () -> parser.parse(Bytes.of(bad)))
                .reason());
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  @Test
  void acceptsExactlyWhatReencodesToItselfAcrossTheComparisonBuffer() {
    // Nonces up to 12 KiB (re-encoded into one array and compared), and around the size above
    // which the re-encoding is compared chunk by chunk through a 4 KiB buffer (long fields where
    // they lie); one byte changed anywhere, or none.
    CanonicalParser<StorageProto.ShardAuditChallenge> parser = PARSER.withMaxBytes(1 << 17);
    int streamed = CanonicalParser.ARRAY_COMPARE_MAX;
    PropertyRuns.qt()
        .forAll(
            integers()
                .between(0, 12_288)
                .mix(integers().between(streamed - 4096, streamed + 12_288), 30),
            integers().between(0, 1 << 20),
            integers().between(-1, 255),
            integers().between(0, 3))
        .checkAssert(
            (size, where, value, indices) -> {
              StorageProto.ShardAuditChallenge.Builder m =
                  StorageProto.ShardAuditChallenge.newBuilder()
                      .setFileId(VALID.getFileId())
                      .setNonce(ByteString.copyFrom(new byte[size]));
              for (int i = 0; i < indices; i++) {
                m.addIndices(where + i);
              }
              byte[] raw = m.build().toByteArray();
              if (value >= 0 && raw.length > 0) {
                raw[where % raw.length] = (byte) value.intValue();
              }
              StorageProto.ShardAuditChallenge parsed;
              try {
                parsed = parser.parse(Bytes.of(raw));
              } catch (InvalidEncodingException e) {
                // Refused: then it was not its own canonical encoding (a baseline parse agrees).
                try {
                  StorageProto.ShardAuditChallenge plain =
                      StorageProto.ShardAuditChallenge.parseFrom(raw);
                  assertFalse(
                      Arrays.equals(plain.toByteArray(), raw)
                          && plain.getUnknownFields().asMap().isEmpty(),
                      "refused its own canonical encoding: " + e.getMessage());
                } catch (com.google.protobuf.InvalidProtocolBufferException expected) {
                  // does not parse at all
                }
                return;
              }
              assertArrayEquals(raw, parsed.toByteArray());
            });
  }

  @Test
  void survivesHostileInputWithMemoryInProportionToIt() {
    HostileInput.of(
            "shard audit challenge",
            InvalidEncodingException.class,
            b -> PARSER.withMaxBytes(64 << 20).parse(b))
        .encodedBy(m -> Bytes.of(m.toByteArray()))
        .checkAll(valid(), 64 << 20);
  }
}
