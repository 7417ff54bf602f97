package org.cybervein.storageproofs.taglist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.storageproofs.DecoderChecks;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class ShardAuditTest {
  private final DeterministicRandom random = DeterministicRandom.fromSeed(PropertyRuns.seed());
  private final Ed25519PrivateKey uploader = Ed25519PrivateKey.generate(random);
  private final Bytes file = randomBytes(10_000);
  private final ShardedFile sharded = ShardedFile.split(file, 1024, random);
  private final TagList tags =
      sharded.tagList(List.of(NodeId.of("store-a"), NodeId.of("store-b"), NodeId.of("store-c")));

  private Bytes randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return Bytes.of(b);
  }

  @Test
  void splitsIntoShardsThatJoinBackToTheFile() throws Exception {
    assertEquals(10, sharded.shards().size());
    assertEquals(784, sharded.shards().get(9).data().size());
    assertEquals(784, tags.shardLength(9));
    assertEquals(NodeId.of("store-b"), tags.entries().get(4).location());
    assertEquals(file, ShardedFile.join(tags, sharded.shards()));
  }

  @Test
  void signedTagListOpensOnlyForItsUploader() throws Exception {
    SignedEnvelope signed = tags.sign(EnvelopeSigner.of(uploader));
    assertEquals(tags, TagList.open(signed, uploader.publicKey()));
    Ed25519PrivateKey other = Ed25519PrivateKey.generate(random);
    assertEquals(
        Reason.BAD_SIGNATURE,
        assertThrows(
                InvalidStorageProofException.class, () -> TagList.open(signed, other.publicKey()))
            .reason());
    SignedEnvelope forged =
        new SignedEnvelope(
            signed.payloadType(),
            sharded.tagList(List.of(NodeId.of("evil"))).encode(),
            signed.signer(),
            signed.signature());
    assertEquals(
        Reason.BAD_SIGNATURE,
        assertThrows(
                InvalidStorageProofException.class,
                () -> TagList.open(forged, uploader.publicKey()))
            .reason());
  }

  @Test
  void honestStorageNodePassesTheAudit() throws Exception {
    for (int t = 0; t < 20; t++) {
      ShardAuditChallenge challenge = ShardAuditChallenge.random(tags, 1 + t % 10, random);
      ShardAuditResponse response =
          ShardAuditResponse.answer(challenge, i -> sharded.shards().get(i));
      ShardAudit.verify(tags, challenge, ShardAuditResponse.decode(response.encode()));
    }
  }

  @Test
  void auditCatchesCorruptedShardsAndWrongAnswers() {
    List<Shard> stored = new ArrayList<>(sharded.shards());
    Shard s3 = stored.get(3);
    byte[] corrupted = s3.data().toByteArray();
    corrupted[17] ^= 1;
    stored.set(3, new Shard(3, Bytes.of(corrupted), s3.salt()));
    ShardAuditChallenge challenge =
        new ShardAuditChallenge(tags.fileId(), List.of(5, 3), randomBytes(16));
    ShardAuditResponse bad = ShardAuditResponse.answer(challenge, stored::get);
    assertEquals(Reason.PROOF_MISMATCH, reason(challenge, bad));

    Shard truncated = new Shard(3, s3.data().slice(0, 100), s3.salt());
    assertEquals(
        Reason.PROOF_MISMATCH,
        reason(
            challenge,
            ShardAuditResponse.answer(challenge, i -> i == 3 ? truncated : stored.get(i))));

    ShardAuditResponse honest = ShardAuditResponse.answer(challenge, sharded.shards()::get);
    ShardAuditResponse otherNonce =
        new ShardAuditResponse(honest.fileId(), randomBytes(16), honest.openings());
    assertEquals(Reason.WRONG_CHALLENGE, reason(challenge, otherNonce));
    ShardAuditResponse reordered =
        new ShardAuditResponse(
            honest.fileId(),
            honest.nonce(),
            List.of(honest.openings().get(1), honest.openings().get(0)));
    assertEquals(Reason.WRONG_CHALLENGE, reason(challenge, reordered));
    ShardAuditResponse partial =
        new ShardAuditResponse(honest.fileId(), honest.nonce(), honest.openings().subList(0, 1));
    assertEquals(Reason.WRONG_CHALLENGE, reason(challenge, partial));
  }

  @Test
  void joinRefusesAMismatchedShard() {
    List<Shard> shards = new ArrayList<>(sharded.shards());
    shards.set(0, new Shard(0, shards.get(0).data(), randomBytes(32)));
    assertEquals(
        Reason.PROOF_MISMATCH,
        assertThrows(InvalidStorageProofException.class, () -> ShardedFile.join(tags, shards))
            .reason());
    assertEquals(
        Reason.INVALID_VALUE,
        assertThrows(
                InvalidStorageProofException.class,
                () -> ShardedFile.join(tags, shards.subList(0, 9)))
            .reason());
  }

  @Test
  void wireMessagesRoundTripAndDecodersRejectHostileBytes() {
    long seed = PropertyRuns.seed();
    DecoderChecks.check(
        tags.encode(), TagList::decode, TagList::encode, TagList.MAX_ENCODED_SIZE, seed);
    ShardedFile small = ShardedFile.split(randomBytes(100), 40, random);
    TagList smallTags = small.tagList(List.of(NodeId.of("n1")));
    DecoderChecks.check(
        smallTags.encode(), TagList::decode, TagList::encode, TagList.MAX_ENCODED_SIZE, seed);
    ShardAuditChallenge challenge = ShardAuditChallenge.random(smallTags, 2, random);
    DecoderChecks.check(
        challenge.encode(),
        ShardAuditChallenge::decode,
        ShardAuditChallenge::encode,
        ShardAuditChallenge.MAX_ENCODED_SIZE,
        seed);
    ShardAuditResponse response = ShardAuditResponse.answer(challenge, small.shards()::get);
    DecoderChecks.check(
        response.encode(),
        ShardAuditResponse::decode,
        ShardAuditResponse::encode,
        ShardAuditResponse.MAX_ENCODED_SIZE,
        seed);
  }

  @Test
  void tagListDecoderRejectsInconsistentLists() {
    var proto = tags.toProto();
    assertDecodeReason(
        Reason.INVALID_VALUE, proto.toBuilder().setFileSize(20_000).build().toByteArray());
    assertDecodeReason(
        Reason.INVALID_VALUE, proto.toBuilder().setShardSize(0).build().toByteArray());
    assertDecodeReason(
        Reason.INVALID_VALUE,
        proto.toBuilder().setEntries(2, proto.getEntries(3)).build().toByteArray());
    assertDecodeReason(
        Reason.OVERSIZED,
        proto.toBuilder().setFileSize(1L << 40).setShardSize(1).build().toByteArray());
    assertDecodeReason(Reason.MISSING_FIELD, proto.toBuilder().clearFileId().build().toByteArray());
    assertDecodeReason(
        Reason.MISSING_FIELD,
        proto.toBuilder()
            .setEntries(0, proto.getEntries(0).toBuilder().clearLocation())
            .build()
            .toByteArray());
  }

  private static void assertDecodeReason(Reason reason, byte[] encoded) {
    assertEquals(
        reason,
        assertThrows(InvalidStorageProofException.class, () -> TagList.decode(Bytes.of(encoded)))
            .reason());
  }

  private Reason reason(ShardAuditChallenge challenge, ShardAuditResponse response) {
    return assertThrows(
            InvalidStorageProofException.class, () -> ShardAudit.verify(tags, challenge, response))
        .reason();
  }

  @Test
  void joinChecksShardsBeforeAllocatingTheTagListsFileSize() {
    // A signed tag list may announce 4 GiB; wrong shards must be refused, not turned into an
    // ArithmeticException or a huge allocation.
    int n = TagList.MAX_SHARDS;
    int shardSize = 1 << 18;
    List<TagListEntry> entries = new ArrayList<>(n);
    List<Shard> shards = new ArrayList<>(n);
    Bytes salt = randomBytes(Shard.SALT_SIZE);
    Bytes one = Bytes.of(new byte[] {1});
    for (int i = 0; i < n; i++) {
      entries.add(new TagListEntry(i, org.cybervein.api.Hash.ZERO, NodeId.of("s")));
      shards.add(new Shard(i, one, salt));
    }
    TagList huge = new TagList(tags.fileId(), (long) n * shardSize, shardSize, entries);
    assertEquals(
        Reason.PROOF_MISMATCH,
        assertThrows(InvalidStorageProofException.class, () -> ShardedFile.join(huge, shards))
            .reason());
  }

  @Test
  void largestTagListWithLongestNodeIdsStillSignsAndOpens() throws Exception {
    int n = TagList.MAX_SHARDS;
    List<TagListEntry> entries = new ArrayList<>(n);
    NodeId longest = NodeId.of("n".repeat(128));
    for (int i = 0; i < n; i++) {
      entries.add(new TagListEntry(i, org.cybervein.api.Hash.ZERO, longest));
    }
    TagList largest = new TagList(tags.fileId(), (long) n * 7, 7, entries);
    assertTrue(largest.encode().size() <= TagList.MAX_ENCODED_SIZE);
    Bytes wire = largest.sign(EnvelopeSigner.of(uploader)).encode();
    SignedEnvelope received = SignedEnvelope.decode(wire, SignedEnvelope.DEFAULT_MAX_ENCODED_SIZE);
    assertEquals(largest, TagList.open(received, uploader.publicKey()));
  }

  @Test
  void shardCountDoesNotOverflowNearTheLongLimit() {
    assertEquals(Long.MAX_VALUE / 2 + 1, TagList.shardCount(Long.MAX_VALUE, 2));
    // (2^63 - 1) mod (2^31 - 1) = 1, so one partial shard at the end.
    assertEquals(
        Long.MAX_VALUE / Integer.MAX_VALUE + 1,
        TagList.shardCount(Long.MAX_VALUE, Integer.MAX_VALUE));
  }

  @Test
  void auditOfOneStorageNodeAsksOnlyForTheShardsItHolds() throws Exception {
    NodeId b = NodeId.of("store-b");
    for (int t = 0; t < 50; t++) {
      ShardAuditChallenge challenge = ShardAuditChallenge.random(tags, b, 3, random);
      assertEquals(3, challenge.indices().size());
      for (int i : challenge.indices()) {
        assertEquals(b, tags.entries().get(i).location(), "shard " + i);
      }
      // store-b holds shards 1, 4, 7: it answers from those alone.
      ShardAudit.verify(
          tags,
          challenge,
          ShardAuditResponse.answer(challenge, i -> i % 3 == 1 ? sharded.shards().get(i) : null));
    }
    assertThrows(
        IllegalArgumentException.class, () -> ShardAuditChallenge.random(tags, b, 4, random));
    assertThrows(
        IllegalArgumentException.class,
        () -> ShardAuditChallenge.random(tags, NodeId.of("nobody"), 1, random));
  }
}
