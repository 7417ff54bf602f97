package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.auth.MacChannel;
import org.junit.jupiter.api.Test;

class AuthAndCertificateTest {
  private static final long SEED = Long.getLong("qt.seed", 4242L);

  @Test
  void pairwiseMacKeysAgreeAndAreDirectional() {
    Fixture fx = new Fixture(AuthMode.MAC_AUTHENTICATORS, 1);
    MacChannel ab = Fixture.agree(fx.keys.get(0), fx.keys.get(1));
    MacChannel ba = Fixture.agree(fx.keys.get(1), fx.keys.get(0));
    Bytes m = Bytes.utf8("message");
    assertTrue(ba.verify(m, ab.tag(m)), "b checks a's tag");
    assertFalse(ab.verify(m, ab.tag(m)), "a's tag is not accepted back by a as b's");
    assertFalse(ba.verify(Bytes.utf8("other"), ab.tag(m)));
    assertFalse(ba.verify(m, ab.tag(m).slice(0, 15)));
    assertEquals(MacChannel.TAG_SIZE, ab.tag(m).size());
  }

  @Test
  void authenticatorTagsCoverTheDigestOfTheSigningInput() throws Exception {
    Fixture fx = new Fixture(AuthMode.MAC_AUTHENTICATORS, 1);
    MacChannel ab = Fixture.agree(fx.keys.get(0), fx.keys.get(1));
    MacChannel ba = Fixture.agree(fx.keys.get(1), fx.keys.get(0));
    PbftProto.PbftBody body =
        PbftProto.PbftBody.newBuilder()
            .setSender(0)
            .setPrepare(PbftProto.PbftPrepare.newBuilder().setView(3).setSequence(9))
            .build();
    Frame sent = Frame.macked(body, Arrays.asList(null, ab));
    Frame received = Frame.parse(sent.raw, 1 << 20);
    assertTrue(received.verifyTag(1, ba), "the receiver checks its own slot");
    assertFalse(received.verifyTag(0, ba), "not another receiver's slot");

    // The documented rule, computed independently: HMAC-SHA256 truncated to 16 bytes of
    // SHA-256("CYBERVEIN-PBFT-V1" || body).
    Bytes bodyBytes = Bytes.of(body.toByteArray());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update("CYBERVEIN-PBFT-V1".getBytes(StandardCharsets.US_ASCII));
    Bytes digest = Bytes.of(sha.digest(bodyBytes.toByteArray()));
    assertEquals(ab.tag(digest), received.tags.get(1));
    // A tag over the body itself (the rule before the digest) is refused.
    Frame overBody =
        Frame.parse(
            Bytes.of(
                PbftProto.PbftFrame.newBuilder()
                    .setBody(Codec.bs(bodyBytes))
                    .setAuthenticator(
                        PbftProto.PbftAuthenticator.newBuilder()
                            .addTags(Codec.bs(Bytes.of(new byte[MacChannel.TAG_SIZE])))
                            .addTags(Codec.bs(ab.tag(bodyBytes))))
                    .build()
                    .toByteArray()),
            1 << 20);
    assertFalse(overBody.verifyTag(1, ba));
  }

  @Test
  void configRequiresThreeFPlusOneDistinctReplicas() {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    List<PeerIdentity> ids = new ArrayList<>(fx.config.replicas());
    assertThrows(
        IllegalArgumentException.class,
        () -> ReplicaConfig.of(ids.subList(0, 3), AuthMode.SIGNATURES));
    List<PeerIdentity> dup = new ArrayList<>(ids.subList(0, 3));
    dup.add(ids.get(0));
    assertThrows(IllegalArgumentException.class, () -> ReplicaConfig.of(dup, AuthMode.SIGNATURES));
    assertEquals(1, fx.config.f());
    assertEquals(3, fx.config.quorum());
    assertEquals(2, fx.config.primary(6), "p = v mod |R|");
    assertEquals(fx.config.node(3), fx.config.replicas().get(3).node());
    assertEquals(3, fx.config.indexOf(NodeId.of("r3")).orElseThrow());
  }

  private static OperationLog log(Fixture fx, String op) {
    return new OperationLog(
        7,
        List.of(
            new LoggedOperation(
                fx.clientNode, fx.clientKeys.signingKey().publicKey(), 1, Bytes.utf8(op))));
  }

  @Test
  void uploadCertificateNeedsFPlusOneDistinctValidSignersOnEqualContent() throws Exception {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    ReplicaVerifiers v = ReplicaVerifiers.of(fx.config);
    OperationLog log = log(fx, "a");
    Bytes encoded = log.encode();
    Upload u = Upload.of(log);
    SignedUpload s0 = SignedUpload.sign(u, 0, fx.keys.get(0).signingKey());
    SignedUpload s2 = SignedUpload.sign(u, 2, fx.keys.get(2).signingKey());
    assertEquals(log, UploadCertificate.check(fx.config, v, 7, List.of(s0, s2), encoded));
    assertTrue(s0.verify(v));
    assertThrows(
        InvalidPbftMessageException.class,
        () -> UploadCertificate.check(fx.config, v, 7, List.of(s0), encoded));
    assertThrows(
        InvalidPbftMessageException.class,
        () -> UploadCertificate.check(fx.config, v, 7, List.of(s0, s0), encoded));
    assertThrows(
        InvalidPbftMessageException.class,
        () -> UploadCertificate.check(fx.config, v, 8, List.of(s0, s2), encoded));
    SignedUpload other = SignedUpload.sign(Upload.of(log(fx, "b")), 3, fx.keys.get(3).signingKey());
    assertThrows(
        InvalidPbftMessageException.class,
        () -> UploadCertificate.check(fx.config, v, 7, List.of(s0, other), encoded));
    SignedUpload lying = new SignedUpload(u, 3, s2.frame());
    assertFalse(lying.verify(v), "the frame is replica 2's, not 3's");
    assertThrows(
        InvalidPbftMessageException.class,
        () -> UploadCertificate.check(fx.config, v, 7, List.of(s0, lying), encoded));
    assertEquals(
        InvalidPbftMessageException.Reason.LOG_MISMATCH,
        assertThrows(
                InvalidPbftMessageException.class,
                () ->
                    UploadCertificate.check(
                        fx.config, v, 7, List.of(s0, s2), log(fx, "b").encode()))
            .reason(),
        "valid uploads do not certify another log");
    assertEquals(
        InvalidPbftMessageException.Reason.MALFORMED,
        assertThrows(
                InvalidPbftMessageException.class,
                () -> SignedUpload.decode(Bytes.utf8("garbage"), v, 1 << 20))
            .reason());
  }

  @Test
  void randomBytesNeverCrashAReplicaOrChangeItsState() {
    System.out.println("qt.seed " + SEED);
    Fixture fx = new Fixture(AuthMode.MAC_AUTHENTICATORS, 1);
    qt().withExamples(Integer.getInteger("qt.examples", 200))
        .withFixedSeed(SEED)
        .forAll(integers().between(0, 300), integers().all())
        .checkAssert(
            (len, seed) -> {
              byte[] b = new byte[len];
              new java.util.SplittableRandom(seed).nextBytes(b);
              fx.replica.onMessage(NodeId.of("x"), Bytes.of(b));
              assertEquals(0, fx.replica.slotCount());
              assertEquals(0, fx.replica.lastExecuted());
            });
  }

  @Test
  void everySingleByteMutationOfASignedPrePrepareIsRejectedOrHarmless() {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    Bytes req = fx.request(1, "a", false);
    Bytes original = fx.from(0, fx.prePrepare(0, 1, List.of(req))).raw;
    qt().withExamples(Integer.getInteger("qt.examples", 200))
        .withFixedSeed(SEED)
        .forAll(integers().between(0, original.size() - 1), integers().between(1, 255))
        .checkAssert(
            (pos, delta) -> {
              Fixture f = new Fixture(AuthMode.SIGNATURES, 1);
              byte[] m = original.toByteArray();
              m[pos] = (byte) (m[pos] + delta);
              List<Action> out = f.deliver(Bytes.of(m));
              if (f.replica.slotCount() != 0) {
                // Accepted: then it must be the original pre-prepare, whose PREPARE names d.
                Frame p = parse(((Action.Send) out.get(0)).message());
                assertEquals(
                    Digests.batch(List.of(req)),
                    org.cybervein.api.Hash.of(
                        p.body.getPrepare().getDigest().getValue().toByteArray()));
              } else {
                assertTrue(out.isEmpty());
              }
            });
  }

  private static Frame parse(Bytes b) {
    try {
      return Frame.parse(b, Integer.MAX_VALUE);
    } catch (InvalidPbftMessageException e) {
      throw new AssertionError(e);
    }
  }
}
