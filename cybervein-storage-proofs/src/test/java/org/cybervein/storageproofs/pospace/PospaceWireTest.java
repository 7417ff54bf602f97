package org.cybervein.storageproofs.pospace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.api.wire.v1.PospaceProto;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class PospaceWireTest {
  private static final long N = 1 << 10;
  private static final int K = 6;
  private static final SpaceProver PROVER =
      SpaceProver.initInMemory(PospaceFixtures.mu("wire"), N, PospaceFixtures.SMALL);
  private static final SpaceCommitment C = PROVER.commitment();
  private static final VerifiedSpaceCommitment V = PospaceFixtures.verified(PROVER);
  private static final Bytes SEED = PospaceFixtures.seed(5);
  private static final StorageProof STORAGE = PROVER.proveStorage(SEED, K);
  private static final CommitProof COMMIT = PROVER.proveCommit(SEED, 2);

  interface Decoder {
    Object decode(Bytes b) throws InvalidStorageProofException;
  }

  private static final Decoder[] DECODERS = {
    SpaceCommitment::decode, StorageProof::decode, CommitProof::decode
  };

  private static Reason reasonOf(Decoder d, Bytes b) {
    return assertThrows(InvalidStorageProofException.class, () -> d.decode(b)).reason();
  }

  @Test
  void roundTripsAllThreeMessages() throws Exception {
    assertEquals(C, SpaceCommitment.decode(C.encode()));
    assertEquals(STORAGE, StorageProof.decode(STORAGE.encode()));
    assertEquals(COMMIT, CommitProof.decode(COMMIT.encode()));
    assertEquals(STORAGE.encode(), StorageProof.decode(STORAGE.encode()).encode());
  }

  @Test
  void rejectsEveryTruncation() {
    Bytes commitment = C.encode();
    for (int len = 0; len < commitment.size(); len++) {
      Bytes prefix = commitment.slice(0, len);
      assertThrows(
          InvalidStorageProofException.class, () -> SpaceCommitment.decode(prefix), "" + len);
    }
    // A proof cut at an opening boundary still parses (protobuf cannot tell), but then it answers
    // fewer challenges than asked, and the verifier rejects it.
    Bytes storage = STORAGE.encode();
    for (int len = 0; len < storage.size(); len++) {
      try {
        StorageProof cut = StorageProof.decode(storage.slice(0, len));
        assertFalse(SpaceVerifier.verifyStorage(V, SEED, K, cut), "prefix of " + len);
      } catch (InvalidStorageProofException expected) {
        // rejected while decoding
      }
    }
    Bytes commit = COMMIT.encode();
    for (int len = 0; len < commit.size(); len += 7) {
      try {
        CommitProof cut = CommitProof.decode(commit.slice(0, len));
        assertFalse(SpaceVerifier.verifyCommit(C, SEED, 2, cut), "prefix of " + len);
      } catch (InvalidStorageProofException expected) {
        // rejected while decoding
      }
    }
  }

  @Test
  void truncationInsideAFieldIsReportedAsTruncated() {
    Bytes full = STORAGE.encode();
    assertEquals(Reason.TRUNCATED, reasonOf(StorageProof::decode, full.slice(0, full.size() - 1)));
  }

  @Test
  void rejectsOversizedInputBeforeParsing() {
    assertEquals(
        Reason.OVERSIZED,
        reasonOf(
            SpaceCommitment::decode, Bytes.of(new byte[SpaceCommitment.MAX_ENCODED_SIZE + 1])));
    assertEquals(
        Reason.OVERSIZED,
        reasonOf(StorageProof::decode, Bytes.of(new byte[StorageProof.MAX_ENCODED_SIZE + 1])));
  }

  @Test
  void rejectsTooManyOpenings() throws Exception {
    PospaceProto.PosStorageProof.Builder b =
        PospaceProto.PosStorageProof.newBuilder().setNodeCount(N);
    PospaceProto.PosOpening small = PospaceProto.PosOpening.getDefaultInstance();
    for (int i = 0; i <= Challenges.MAX_CHALLENGES; i++) {
      b.addOpenings(small);
    }
    assertEquals(
        Reason.OVERSIZED, reasonOf(StorageProof::decode, Bytes.of(b.build().toByteArray())));
    PospaceProto.PosCommitOpening.Builder co =
        PospaceProto.PosCommitOpening.newBuilder().setNode(small);
    for (int i = 0; i <= GraphParameters.MAX_PARENTS; i++) {
      co.addParents(small);
    }
    Bytes tooManyParents =
        Bytes.of(
            PospaceProto.PosCommitProof.newBuilder()
                .setNodeCount(N)
                .addOpenings(co)
                .build()
                .toByteArray());
    assertEquals(Reason.OVERSIZED, reasonOf(CommitProof::decode, tooManyParents));
  }

  @Test
  void countsEntriesBeforeProtobufBuildsThem() {
    // 2^20 empty openings are 2 MiB, within the byte cap, but would be 2^20 objects.
    int many = 1 << 20;
    byte[] emptyOpenings = new byte[2 + 2 * many];
    emptyOpenings[0] = 0x08; // node_count
    emptyOpenings[1] = 64;
    for (int i = 0; i < many; i++) {
      emptyOpenings[2 + 2 * i] = 0x12; // field 2, length-delimited, length 0
    }
    assertEquals(Reason.OVERSIZED, reasonOf(CommitProof::decode, Bytes.of(emptyOpenings)));
    assertEquals(Reason.OVERSIZED, reasonOf(StorageProof::decode, Bytes.of(emptyOpenings)));
    // One commit opening holding 2^20 empty parents.
    byte[] inner = new byte[2 * many];
    for (int i = 0; i < many; i++) {
      inner[2 * i] = 0x12; // parents, field 2, length 0
    }
    byte[] nested = PospaceProto.PosCommitProof.newBuilder().setNodeCount(64).build().toByteArray();
    ByteString withOpening =
        ByteString.copyFrom(nested)
            .concat(ByteString.copyFrom(new byte[] {0x12}))
            .concat(varint(inner.length))
            .concat(ByteString.copyFrom(inner));
    assertEquals(
        Reason.OVERSIZED, reasonOf(CommitProof::decode, Bytes.of(withOpening.toByteArray())));
  }

  @Test
  void aCommitProofOfUnknownVarintFieldsIsRefusedWithMemoryInProportionToIt() {
    // Issue 13: 64 MiB of "78 00" (unknown field 15, varint 0) made protobuf build ~1.3 GiB of
    // unknown-field records before the canonical check ran.
    byte[] flood = new byte[CommitProof.MAX_ENCODED_SIZE];
    for (int i = 0; i < flood.length; i += 2) {
      flood[i] = 0x78;
    }
    HostileInput<CommitProof> commit =
        HostileInput.of("commit proof", InvalidStorageProofException.class, CommitProof::decode);
    commit.acceptsValid(COMMIT.encode());
    commit.refusedWithinMemory(Bytes.of(flood), "64 MiB of unknown varint fields");
  }

  @Test
  void everyDecoderRefusesHostileInputWithMemoryInProportionToIt() {
    HostileInput.of("commitment", InvalidStorageProofException.class, SpaceCommitment::decode)
        .encodedBy(SpaceCommitment::encode)
        .checkAll(C.encode(), SpaceCommitment.MAX_ENCODED_SIZE);
    HostileInput.of("storage proof", InvalidStorageProofException.class, StorageProof::decode)
        .encodedBy(StorageProof::encode)
        .checkAll(STORAGE.encode(), StorageProof.MAX_ENCODED_SIZE);
    HostileInput.of("commit proof", InvalidStorageProofException.class, CommitProof::decode)
        .encodedBy(CommitProof::encode)
        .checkAll(COMMIT.encode(), CommitProof.MAX_ENCODED_SIZE);
  }

  private static ByteString varint(int value) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    while ((value & ~0x7f) != 0) {
      out.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write(value);
    return ByteString.copyFrom(out.toByteArray());
  }

  @Test
  void rejectsWrongSizedLabelsAndSiblings() {
    PospaceProto.PosStorageProof proto = storageProto();
    PospaceProto.PosOpening o = proto.getOpenings(0);
    PospaceProto.PosOpening shortLabel =
        o.toBuilder().setLabel(o.getLabel().substring(0, 31)).build();
    PospaceProto.PosOpening extraSibling =
        o.toBuilder()
            .setSiblings(o.getSiblings().concat(ByteString.copyFrom(new byte[32])))
            .build();
    PospaceProto.PosOpening badIndex = o.toBuilder().setIndex(N).build();
    assertEquals(Reason.WRONG_LENGTH, reasonOf(StorageProof::decode, withFirst(proto, shortLabel)));
    assertEquals(
        Reason.WRONG_LENGTH, reasonOf(StorageProof::decode, withFirst(proto, extraSibling)));
    assertEquals(Reason.INVALID_VALUE, reasonOf(StorageProof::decode, withFirst(proto, badIndex)));
    Bytes badCount = Bytes.of(proto.toBuilder().setNodeCount(1).build().toByteArray());
    assertEquals(Reason.INVALID_VALUE, reasonOf(StorageProof::decode, badCount));
    Bytes hugeCount = Bytes.of(proto.toBuilder().setNodeCount(-1L).build().toByteArray());
    assertEquals(Reason.INVALID_VALUE, reasonOf(StorageProof::decode, hugeCount));
  }

  @Test
  void rejectsCommitmentsWithMissingOrInvalidFields() {
    PospaceProto.PosCommitment proto = C.toProto();
    assertEquals(
        Reason.MISSING_FIELD,
        reasonOf(
            SpaceCommitment::decode,
            Bytes.of(proto.toBuilder().clearGamma().build().toByteArray())));
    assertEquals(
        Reason.MISSING_FIELD,
        reasonOf(
            SpaceCommitment::decode,
            Bytes.of(proto.toBuilder().clearGraph().build().toByteArray())));
    PospaceProto.PosCommitment hugeLayers =
        proto.toBuilder().setGraph(proto.getGraph().toBuilder().setLayers(-1)).build();
    assertEquals(
        Reason.INVALID_VALUE,
        reasonOf(SpaceCommitment::decode, Bytes.of(hugeLayers.toByteArray())));
    PospaceProto.PosCommitment notMultiple = proto.toBuilder().setNodeCount(N + 1).build();
    assertEquals(
        Reason.INVALID_VALUE,
        reasonOf(SpaceCommitment::decode, Bytes.of(notMultiple.toByteArray())));
    PospaceProto.PosCommitment shortMu =
        proto.toBuilder()
            .setMu(proto.getMu().toBuilder().setValue(ByteString.copyFrom(new byte[31])))
            .build();
    assertEquals(
        Reason.WRONG_LENGTH, reasonOf(SpaceCommitment::decode, Bytes.of(shortMu.toByteArray())));
  }

  @Test
  void rejectsUnknownFieldsAndNonCanonicalEncodings() {
    byte[] canonical = C.encode().toByteArray();
    // Field 15, varint 1, appended: parses, but this version does not know it.
    byte[] unknown = Arrays.copyOf(canonical, canonical.length + 2);
    unknown[canonical.length] = (byte) (15 << 3);
    unknown[canonical.length + 1] = 1;
    assertEquals(Reason.MALFORMED, reasonOf(SpaceCommitment::decode, Bytes.of(unknown)));
    // node_count written twice: protobuf keeps the last, but the bytes are not canonical.
    byte[] twice = Arrays.copyOf(canonical, canonical.length + 2);
    twice[canonical.length] = (byte) (2 << 3);
    twice[canonical.length + 1] = 64;
    assertEquals(Reason.MALFORMED, reasonOf(SpaceCommitment::decode, Bytes.of(twice)));
  }

  @Test
  void randomBytesAreRejectedWithTheDocumentedException() {
    DeterministicRandom random = DeterministicRandom.fromSeed(PropertyRuns.seed());
    PropertyRuns.qt()
        .forAll(integers().between(0, 600))
        .checkAssert(
            len -> {
              byte[] b = new byte[len];
              random.nextBytes(b);
              for (Decoder d : DECODERS) {
                try {
                  d.decode(Bytes.of(b));
                } catch (InvalidStorageProofException expected) {
                  // rejection is the expected outcome; anything else thrown fails the test
                }
              }
            });
  }

  @Test
  void everySingleByteMutationIsRejectedByDecoderOrVerifier() {
    byte[] encoded = STORAGE.encode().toByteArray();
    for (int i = 0; i < encoded.length; i++) {
      for (int bit : new int[] {0, 7}) {
        byte[] m = encoded.clone();
        m[i] ^= (byte) (1 << bit);
        try {
          StorageProof decoded = StorageProof.decode(Bytes.of(m));
          assertFalse(
              SpaceVerifier.verifyStorage(V, SEED, K, decoded), "mutation at " + i + " accepted");
        } catch (InvalidStorageProofException expected) {
          // rejected while decoding
        }
      }
    }
    byte[] commitment = C.encode().toByteArray();
    for (int i = 0; i < commitment.length; i++) {
      byte[] m = commitment.clone();
      m[i] ^= 1;
      try {
        SpaceCommitment decoded = SpaceCommitment.decode(Bytes.of(m));
        assertFalse(decoded.equals(C), "mutation at " + i + " decoded to the same commitment");
      } catch (InvalidStorageProofException expected) {
        // rejected while decoding
      }
    }
  }

  @Test
  void decodedHashesHaveTheirOwnBytes() throws Exception {
    Hash gamma = SpaceCommitment.decode(C.encode()).gamma();
    assertEquals(C.gamma(), gamma);
  }

  private static PospaceProto.PosStorageProof storageProto() {
    try {
      return PospaceProto.PosStorageProof.parseFrom(STORAGE.encode().toByteArray());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static Bytes withFirst(PospaceProto.PosStorageProof proto, PospaceProto.PosOpening o) {
    return Bytes.of(proto.toBuilder().setOpenings(0, o).build().toByteArray());
  }

  @Test
  void rejectsDeeplyNestedGroupsWithItsOwnException() {
    // Start-group tags nested far deeper than any message: the decoder must refuse them with its
    // exception, not overflow the stack while skipping or parsing them.
    for (int field : new int[] {1, 2, 3, 15}) {
      byte[] nested = new byte[200_000];
      Arrays.fill(nested, (byte) (field << 3 | 3));
      for (Decoder d : DECODERS) {
        assertThrows(InvalidStorageProofException.class, () -> d.decode(Bytes.of(nested)));
      }
      byte[] inOpening = new byte[nested.length + 4];
      // openings (field 2), length 3 bytes varint, then the nested groups inside the entry.
      inOpening[0] = 0x12;
      inOpening[1] = (byte) (0x80 | (nested.length & 0x7f));
      inOpening[2] = (byte) (0x80 | ((nested.length >>> 7) & 0x7f));
      inOpening[3] = (byte) (nested.length >>> 14);
      System.arraycopy(nested, 0, inOpening, 4, nested.length);
      for (Decoder d : DECODERS) {
        assertThrows(InvalidStorageProofException.class, () -> d.decode(Bytes.of(inOpening)));
      }
    }
  }
}
