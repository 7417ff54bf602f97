package org.cybervein.storageproofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import java.util.Arrays;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.v1.StorageProto;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
import org.cybervein.storageproofs.compactpor.CompactPor;
import org.cybervein.storageproofs.compactpor.CompactPorChallenge;
import org.cybervein.storageproofs.compactpor.CompactPorEncoding;
import org.cybervein.storageproofs.compactpor.CompactPorKey;
import org.cybervein.storageproofs.compactpor.CompactPorProof;
import org.cybervein.storageproofs.compactpor.CompactPorProver;
import org.cybervein.storageproofs.compactpor.CompactPorTags;
import org.cybervein.storageproofs.por.SentinelChallenge;
import org.cybervein.storageproofs.por.SentinelProver;
import org.cybervein.storageproofs.por.SentinelResponse;
import org.cybervein.storageproofs.taglist.ShardAuditChallenge;
import org.cybervein.storageproofs.taglist.ShardAuditResponse;
import org.cybervein.storageproofs.taglist.ShardedFile;
import org.cybervein.storageproofs.taglist.TagList;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/** Each field-level rejection of the decoders, one message at a time. */
class WireRejectionTest {
  private final DeterministicRandom random = DeterministicRandom.fromSeed(PropertyRuns.seed());

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static Bytes bytes(MessageLite m) {
    return Bytes.of(m.toByteArray());
  }

  private static void expect(Reason reason, DecoderChecks.Decoder<?> decoder, Bytes input) {
    assertEquals(
        reason,
        assertThrows(InvalidStorageProofException.class, () -> decoder.decode(input)).reason());
  }

  @Test
  void rejectsNonCanonicalEncodings() {
    ShardedFile file = ShardedFile.split(Bytes.of(randomBytes(50)), 10, random);
    TagList tags = file.tagList(List.of(NodeId.of("n")));
    byte[] valid = tags.encode().toByteArray();
    // The same fields followed by a repeated file id: parses, but is not the canonical encoding.
    byte[] repeated = Arrays.copyOf(valid, valid.length + 34);
    repeated[valid.length] = 0x0a;
    repeated[valid.length + 1] = 32;
    expect(Reason.MALFORMED, TagList::decode, Bytes.of(repeated));
    // An unknown field inside a nested Hash.
    StorageProto.UploadTagList withUnknown =
        tags.toProto().toBuilder()
            .setFileId(
                tags.toProto().getFileId().toBuilder()
                    .setUnknownFields(
                        com.google.protobuf.UnknownFieldSet.newBuilder()
                            .addField(
                                9,
                                com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                                    .addVarint(1)
                                    .build())
                            .build()))
            .build();
    expect(Reason.MALFORMED, TagList::decode, bytes(withUnknown));
  }

  @Test
  void tagListOpenRefusesAnotherPayloadType() {
    Ed25519PrivateKey uploader = Ed25519PrivateKey.generate(random);
    TagList tags =
        ShardedFile.split(Bytes.of(randomBytes(50)), 10, random).tagList(List.of(NodeId.of("n")));
    var envelope = EnvelopeSigner.of(uploader).sign("cybervein.v1.Other", tags.encode());
    assertEquals(
        Reason.INVALID_VALUE,
        assertThrows(
                InvalidStorageProofException.class,
                () -> TagList.open(envelope, uploader.publicKey()))
            .reason());
  }

  @Test
  void shardAuditMessagesRejectBadFields() {
    ShardedFile file = ShardedFile.split(Bytes.of(randomBytes(50)), 10, random);
    TagList tags = file.tagList(List.of(NodeId.of("n")));
    ShardAuditChallenge challenge = ShardAuditChallenge.random(tags, 3, random);
    var c = challenge.toProto();
    expect(
        Reason.INVALID_VALUE,
        ShardAuditChallenge::decode,
        bytes(c.toBuilder().clearIndices().build()));
    expect(
        Reason.INVALID_VALUE,
        ShardAuditChallenge::decode,
        bytes(c.toBuilder().setIndices(1, c.getIndices(0)).build()));
    expect(
        Reason.INVALID_VALUE,
        ShardAuditChallenge::decode,
        bytes(c.toBuilder().setIndices(0, -1).build()));
    expect(
        Reason.WRONG_LENGTH,
        ShardAuditChallenge::decode,
        bytes(c.toBuilder().setNonce(ByteString.copyFrom(new byte[15])).build()));
    expect(
        Reason.MISSING_FIELD,
        ShardAuditChallenge::decode,
        bytes(c.toBuilder().clearFileId().build()));

    var r = ShardAuditResponse.answer(challenge, file.shards()::get).toProto();
    expect(
        Reason.WRONG_LENGTH,
        ShardAuditResponse::decode,
        bytes(
            r.toBuilder()
                .setOpenings(
                    0, r.getOpenings(0).toBuilder().setSalt(ByteString.copyFrom(new byte[31])))
                .build()));
    expect(
        Reason.INVALID_VALUE,
        ShardAuditResponse::decode,
        bytes(r.toBuilder().setOpenings(0, r.getOpenings(0).toBuilder().clearShard()).build()));
    expect(
        Reason.WRONG_LENGTH, ShardAuditResponse::decode, bytes(r.toBuilder().clearNonce().build()));
    expect(
        Reason.MISSING_FIELD,
        ShardAuditResponse::decode,
        bytes(r.toBuilder().clearFileId().build()));
  }

  @Test
  void sentinelMessagesRejectBadFields() {
    Hash id = Hash.of(randomBytes(32));
    var c = new SentinelChallenge(id, List.of(1L, 2L)).toProto();
    expect(
        Reason.INVALID_VALUE,
        SentinelChallenge::decode,
        bytes(c.toBuilder().clearPositions().build()));
    expect(
        Reason.INVALID_VALUE,
        SentinelChallenge::decode,
        bytes(c.toBuilder().setPositions(0, -5).build()));
    expect(
        Reason.MISSING_FIELD,
        SentinelChallenge::decode,
        bytes(c.toBuilder().clearFileId().build()));
    var r = new SentinelResponse(id, Bytes.of(new byte[32])).toProto();
    expect(
        Reason.WRONG_LENGTH,
        SentinelResponse::decode,
        bytes(r.toBuilder().setBlocks(ByteString.copyFrom(new byte[17])).build()));
    expect(
        Reason.MISSING_FIELD, SentinelResponse::decode, bytes(r.toBuilder().clearFileId().build()));
    assertEquals(
        Reason.INVALID_VALUE,
        assertThrows(
                InvalidStorageProofException.class,
                () ->
                    SentinelProver.respond(
                        Bytes.of(new byte[33]), new SentinelChallenge(id, List.of(0L))))
            .reason());
  }

  @Test
  void compactPorMessagesRejectBadFieldsAndElementsNotBelowP() throws Exception {
    CompactPor por = CompactPor.withKey(CompactPorKey.generate(random));
    Hash id = Hash.of(randomBytes(32));
    Bytes file = Bytes.of(randomBytes(300));
    CompactPorEncoding encoding = por.tag(id, file, 2);
    CompactPorChallenge challenge = por.challenge(encoding.state(), 5, random);
    CompactPorProof proof = CompactPorProver.prove(file, encoding.tags(), challenge);
    byte[] ones = new byte[16];
    Arrays.fill(ones, (byte) 0xff);
    byte[] p = new byte[16];
    Arrays.fill(p, (byte) 0xff);
    p[0] = 0x7f; // exactly p = 2^127 - 1, not below p

    var t = encoding.tags().toProto();
    expect(
        Reason.INVALID_VALUE,
        CompactPorTags::decode,
        bytes(t.toBuilder().setTags(ByteString.copyFrom(p)).build()));
    expect(
        Reason.WRONG_LENGTH,
        CompactPorTags::decode,
        bytes(t.toBuilder().setTags(ByteString.copyFrom(new byte[15])).build()));
    expect(
        Reason.INVALID_VALUE,
        CompactPorTags::decode,
        bytes(t.toBuilder().setSectorsPerBlock(256).build()));
    expect(
        Reason.MISSING_FIELD, CompactPorTags::decode, bytes(t.toBuilder().clearFileId().build()));

    var c = challenge.toProto();
    expect(
        Reason.INVALID_VALUE,
        CompactPorChallenge::decode,
        bytes(c.toBuilder().setCount(0).build()));
    expect(
        Reason.INVALID_VALUE,
        CompactPorChallenge::decode,
        bytes(c.toBuilder().setCount(CompactPor.MAX_CHALLENGED + 1).build()));
    expect(
        Reason.WRONG_LENGTH,
        CompactPorChallenge::decode,
        bytes(c.toBuilder().setSeed(ByteString.copyFrom(new byte[31])).build()));
    expect(
        Reason.MISSING_FIELD,
        CompactPorChallenge::decode,
        bytes(c.toBuilder().clearFileId().build()));

    var pr = proof.toProto();
    expect(
        Reason.INVALID_VALUE,
        CompactPorProof::decode,
        bytes(pr.toBuilder().setSigma(ByteString.copyFrom(ones)).build()));
    expect(
        Reason.INVALID_VALUE,
        CompactPorProof::decode,
        bytes(pr.toBuilder().setMu(ByteString.copyFrom(p)).build()));
    expect(
        Reason.WRONG_LENGTH,
        CompactPorProof::decode,
        bytes(pr.toBuilder().setMu(ByteString.copyFrom(new byte[20])).build()));
    expect(
        Reason.WRONG_LENGTH,
        CompactPorProof::decode,
        bytes(pr.toBuilder().setSigma(ByteString.copyFrom(new byte[17])).build()));
    expect(
        Reason.MISSING_FIELD, CompactPorProof::decode, bytes(pr.toBuilder().clearFileId().build()));

    CompactPorChallenge tooMany = new CompactPorChallenge(id, 100, Bytes.of(randomBytes(32)));
    assertEquals(
        Reason.INVALID_VALUE,
        assertThrows(
                InvalidStorageProofException.class,
                () -> CompactPorProver.prove(file, encoding.tags(), tooMany))
            .reason());
  }

  @Test
  void rejectsDeeplyNestedGroupsWithItsOwnException() {
    // Nested start-group tags must be refused with the module's exception, never a stack
    // overflow, by every decoder built on CanonicalProto.
    byte[] nested = new byte[200_000];
    java.util.Arrays.fill(nested, (byte) (3 << 3 | 3));
    Bytes input = Bytes.of(nested);
    DecoderChecks.Decoder<?>[] decoders = {
      org.cybervein.storageproofs.taglist.ShardAuditResponse::decode,
      org.cybervein.storageproofs.taglist.TagList::decode,
      org.cybervein.storageproofs.compactpor.CompactPorTags::decode,
      org.cybervein.storageproofs.por.SentinelChallenge::decode
    };
    for (DecoderChecks.Decoder<?> d : decoders) {
      org.junit.jupiter.api.Assertions.assertThrows(
          InvalidStorageProofException.class, () -> d.decode(input));
    }
  }
}
