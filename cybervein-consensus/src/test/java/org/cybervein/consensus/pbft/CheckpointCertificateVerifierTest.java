package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.InvalidPbftMessageException.Reason;
import org.junit.jupiter.api.Test;

/** The public check of a stable-checkpoint certificate, as a light client or contract uses it. */
class CheckpointCertificateVerifierTest {
  private final Fixture fx = new Fixture(AuthMode.SIGNATURES, 0);
  private final CheckpointCertificateVerifier verifier =
      CheckpointCertificateVerifier.of(fx.config);
  private final long n = fx.config.checkpointInterval();
  private final Hash digest =
      Hash.of(
          new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
            25, 26, 27, 28, 29, 30, 31, 32
          });

  private Bytes vote(int replica, long sequence, Hash stateDigest) {
    PbftProto.PbftBody body =
        PbftProto.PbftBody.newBuilder()
            .setSender(replica)
            .setCheckpoint(
                PbftProto.PbftCheckpoint.newBuilder()
                    .setSequence(sequence)
                    .setStateDigest(Codec.hash(stateDigest)))
            .build();
    return Frame.signed(body, fx.keys.get(replica).signingKey()).raw;
  }

  private static Bytes certificate(long sequence, Hash stateDigest, List<Bytes> votes) {
    PbftProto.PbftCheckpointCertificate.Builder b =
        PbftProto.PbftCheckpointCertificate.newBuilder()
            .setSequence(sequence)
            .setStateDigest(Codec.hash(stateDigest));
    for (Bytes v : votes) {
      b.addCheckpoints(Codec.bs(v));
    }
    return Bytes.of(b.build().toByteArray());
  }

  private List<Bytes> votes(int... replicas) {
    List<Bytes> votes = new ArrayList<>();
    for (int r : replicas) {
      votes.add(vote(r, n, digest));
    }
    return votes;
  }

  private Reason refusal(Bytes encoded) {
    return assertThrows(InvalidPbftMessageException.class, () -> verifier.verify(encoded)).reason();
  }

  @Test
  void acceptsTwoFPlusOneDistinctSignedVotes() throws Exception {
    assertEquals(
        new StableCheckpoint(n, digest), verifier.verify(certificate(n, digest, votes(0, 2, 3))));
    assertEquals(
        new StableCheckpoint(n, digest),
        verifier.verify(certificate(n, digest, votes(3, 2, 1, 0))));
  }

  @Test
  void acceptsGenesisOnlyWithoutVotes() throws Exception {
    assertEquals(
        new StableCheckpoint(0, digest), verifier.verify(certificate(0, digest, List.of())));
    assertEquals(
        Reason.BAD_CERTIFICATE, refusal(certificate(0, digest, List.of(vote(0, 0, digest)))));
  }

  @Test
  void refusesFewerThanTwoFPlusOneOrRepeatedVoters() {
    assertEquals(Reason.BAD_CERTIFICATE, refusal(certificate(n, digest, votes(0, 1))));
    assertEquals(Reason.BAD_CERTIFICATE, refusal(certificate(n, digest, votes(0, 1, 1))));
  }

  @Test
  void refusesVotesForOtherContentOrWithAForeignSignature() {
    Hash other = Hash.of(new byte[Hash.SIZE]);
    List<Bytes> mixed = votes(0, 1);
    mixed.add(vote(2, n, other));
    assertEquals(Reason.BAD_CERTIFICATE, refusal(certificate(n, digest, mixed)));
    List<Bytes> wrongSequence = votes(0, 1);
    wrongSequence.add(vote(2, 2 * n, digest));
    assertEquals(Reason.BAD_CERTIFICATE, refusal(certificate(n, digest, wrongSequence)));
    // Replica 3's key signs a vote that claims to be replica 2's.
    PbftProto.PbftBody claimed =
        PbftProto.PbftBody.newBuilder()
            .setSender(2)
            .setCheckpoint(
                PbftProto.PbftCheckpoint.newBuilder()
                    .setSequence(n)
                    .setStateDigest(Codec.hash(digest)))
            .build();
    List<Bytes> forged = votes(0, 1);
    forged.add(Frame.signed(claimed, fx.keys.get(3).signingKey()).raw);
    assertEquals(Reason.BAD_CERTIFICATE, refusal(certificate(n, digest, forged)));
  }

  @Test
  void refusesASequenceThatIsNotACheckpoint() {
    assertEquals(Reason.INVALID_VALUE, refusal(certificate(n + 1, digest, votes(0, 1, 2))));
  }

  @Test
  void refusesHostileEncodingsWithMemoryInProportion() {
    Bytes valid = certificate(n, digest, votes(0, 1, 2));
    HostileInput<StableCheckpoint> checks =
        HostileInput.of(
            "checkpoint certificate", InvalidPbftMessageException.class, verifier::verify);
    checks.acceptsValid(valid);
    checks.rejectsTruncated(valid);
    checks.rejectsExtended(valid);
    checks.rejectsOversized(fx.config.maxMessageBytes());
    checks.refusesUnknownFieldFloods(valid, 1 << 20);
  }
}
