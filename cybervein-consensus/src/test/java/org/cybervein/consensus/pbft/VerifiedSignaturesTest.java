package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.Signature;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.junit.jupiter.api.Test;

class VerifiedSignaturesTest {
  private static final Ed25519PrivateKey ALICE = UploadCertificateVectorGenerator.key("alice");
  private static final Ed25519PrivateKey BOB = UploadCertificateVectorGenerator.key("bob");

  private static Ed25519Verifier verifier(Ed25519PrivateKey key) throws Exception {
    return Ed25519Verifier.of(key.publicKey());
  }

  private static byte[] message(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Signature flipped(Signature s) {
    byte[] b = s.encoded().toByteArray();
    b[5] ^= 1;
    return Signature.ed25519(b);
  }

  @Test
  void aVerifiedTripleIsAnsweredFromTheMemoWithoutVerifyingAgain() throws Exception {
    VerifiedSignatures memo = new VerifiedSignatures(16);
    byte[] m = message("upload 7");
    Signature s = ALICE.sign(m);
    assertTrue(memo.verify(verifier(ALICE), m, s));
    assertTrue(memo.verify(verifier(ALICE), m, s));
    assertTrue(
        memo.verify(verifier(ALICE), m.clone(), Signature.ed25519(s.encoded().toByteArray())));
    assertEquals(1, memo.verifications());
    assertTrue(memo.holds(verifier(ALICE), m, s));
  }

  @Test
  void aBadSignatureIsRefusedEachTimeAndNeverHeldNorPoisonsTheGoodOne() throws Exception {
    VerifiedSignatures memo = new VerifiedSignatures(16);
    byte[] m = message("upload 8");
    Signature good = ALICE.sign(m);
    Signature bad = flipped(good);
    assertFalse(memo.verify(verifier(ALICE), m, bad));
    assertFalse(memo.verify(verifier(ALICE), m, bad));
    assertEquals(2, memo.verifications(), "a refused signature is verified every time");
    assertFalse(memo.holds(verifier(ALICE), m, bad));
    assertTrue(memo.verify(verifier(ALICE), m, good));
    assertFalse(memo.verify(verifier(ALICE), m, bad), "the good entry must not let the bad pass");
    assertTrue(memo.verify(verifier(ALICE), m, good));
    assertEquals(4, memo.verifications());
  }

  @Test
  void aHitNeedsTheSameKeyTheSameMessageAndTheSameSignature() throws Exception {
    VerifiedSignatures memo = new VerifiedSignatures(16);
    byte[] m = message("checkpoint 64");
    Signature s = ALICE.sign(m);
    assertTrue(memo.verify(verifier(ALICE), m, s));
    assertFalse(memo.verify(verifier(BOB), m, s), "Alice's signature under Bob's key");
    assertFalse(memo.verify(verifier(ALICE), message("checkpoint 65"), s), "on another message");
    assertFalse(memo.holds(verifier(BOB), m, s));
    assertEquals(3, memo.verifications());
  }

  @Test
  void aSignatureMadeHereIsAnsweredWithoutVerifyingButOnlyUnderTheSignersOwnKey() throws Exception {
    VerifiedSignatures memo = new VerifiedSignatures(16);
    byte[] m = message("upload 9");
    Signature s = ALICE.sign(m);
    memo.signedHere(ALICE.publicKey(), m, s);
    assertTrue(memo.holds(verifier(ALICE), m, s));
    assertTrue(memo.verify(verifier(ALICE), m, s));
    assertEquals(0, memo.verifications(), "the signer's own signature is not verified again");
    // A key configured for the signer that is not its own (a misconfigured roster) still verifies,
    // and refuses; so does another message or a changed signature.
    assertFalse(memo.verify(verifier(BOB), m, s));
    assertFalse(memo.verify(verifier(ALICE), message("upload 10"), s));
    assertFalse(memo.verify(verifier(ALICE), m, flipped(s)));
    assertEquals(3, memo.verifications());
  }

  @Test
  void holdsNoMoreThanItsCapacityAndStillAnswersRightAfterEvictions() throws Exception {
    VerifiedSignatures memo = new VerifiedSignatures(4);
    for (int i = 0; i < 40; i++) {
      byte[] m = message("log " + i);
      Signature s = ALICE.sign(m);
      assertTrue(memo.verify(verifier(ALICE), m, s));
      assertFalse(memo.verify(verifier(ALICE), m, flipped(s)));
      assertTrue(memo.size() <= memo.capacity());
    }
    assertEquals(4, memo.capacity());
    assertThrows(IllegalArgumentException.class, () -> new VerifiedSignatures(3));
    assertThrows(IllegalArgumentException.class, () -> new VerifiedSignatures(0));
  }

  /** True if the process memo holds {@code frame}'s signature under {@code verifier}'s key. */
  private static boolean heldInProcess(Ed25519Verifier verifier, Frame frame) {
    return VerifiedSignatures.PROCESS.holds(
        verifier,
        Frame.signingInput(frame.bodyBytes),
        Signature.ed25519(frame.signature.toByteArray()));
  }

  /** Replica 1 and 3's equal UPLOADs for log 3 in the SIGNATURES fixture group. */
  private static List<Bytes> uploads(Fixture fx) {
    Upload u = Upload.of(logThree(fx));
    return List.of(
        SignedUpload.sign(u, 1, fx.keys.get(1).signingKey()).frame(),
        SignedUpload.sign(u, 3, fx.keys.get(3).signingKey()).frame());
  }

  /** The encoded log 3 that {@link #uploads} certify. */
  private static Bytes log(Fixture fx) {
    return logThree(fx).encode();
  }

  private static OperationLog logThree(Fixture fx) {
    return new OperationLog(
        3,
        List.of(
            new LoggedOperation(
                NodeId.of("client"), fx.clientKeys.signingKey().publicKey(), 1, Bytes.utf8("a"))));
  }

  private static Bytes withBadSignature(Bytes frame) throws Exception {
    PbftProto.PbftFrame f = PbftProto.PbftFrame.parseFrom(frame.toByteArray());
    byte[] sig = f.getSignature().toByteArray();
    sig[7] ^= 0x10;
    return Bytes.of(f.toBuilder().setSignature(ByteString.copyFrom(sig)).build().toByteArray());
  }

  @Test
  void aCertificateWithOneBadSignatureIsRefusedAndTheMemoKeepsNoTraceOfIt() throws Exception {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 0);
    UploadCertificateVerifier verifier = UploadCertificateVerifier.of(fx.config);
    List<Bytes> good = uploads(fx);
    List<Bytes> forged = List.of(good.get(0), withBadSignature(good.get(1)));
    InvalidPbftMessageException e =
        assertThrows(InvalidPbftMessageException.class, () -> verifier.verify(3, forged, log(fx)));
    assertEquals(InvalidPbftMessageException.Reason.BAD_AUTHENTICATOR, e.reason());
    Frame bad = Frame.parse(forged.get(1), Integer.MAX_VALUE);
    Ed25519Verifier replica3 = ReplicaVerifiers.of(fx.config).replica(3);
    assertFalse(heldInProcess(replica3, bad));
    // The good frames pass, after them the forged one still fails, and a standalone verifier
    // (keys only, as another implementation builds it) gives the same verdicts.
    assertEquals(List.of(1, 3), verifier.verify(3, good, log(fx)).signers());
    assertThrows(InvalidPbftMessageException.class, () -> verifier.verify(3, forged, log(fx)));
    UploadCertificateVerifier standalone =
        UploadCertificateVerifier.of(verifier.replicaKeys(), fx.config.maxMessageBytes());
    assertEquals(List.of(1, 3), standalone.verify(3, good, log(fx)).signers());
    assertEquals(
        InvalidPbftMessageException.Reason.BAD_AUTHENTICATOR,
        assertThrows(InvalidPbftMessageException.class, () -> standalone.verify(3, forged, log(fx)))
            .reason());
  }

  @Test
  void anUploadThisProcessSignsIsHeldAtOnceAndAPrepareIsNot() throws Exception {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 0);
    Ed25519PrivateKey key = fx.keys.get(2).signingKey();
    Ed25519Verifier replica2 = ReplicaVerifiers.of(fx.config).replica(2);
    Frame upload =
        Frame.parse(SignedUpload.sign(Upload.of(logThree(fx)), 2, key).frame(), Integer.MAX_VALUE);
    assertTrue(
        heldInProcess(replica2, upload),
        "the contract's check of this replica's own UPLOAD needs no verification");
    PbftProto.PbftBody prepare =
        PbftProto.PbftBody.newBuilder()
            .setSender(2)
            .setPrepare(
                PbftProto.PbftPrepare.newBuilder()
                    .setView(0)
                    .setSequence(1)
                    .setDigest(Codec.hash(Hash.of(new byte[32]))))
            .build();
    Frame signedPrepare = Frame.signed(prepare, key);
    assertFalse(
        heldInProcess(replica2, signedPrepare),
        "kinds that never come back in certificates are not remembered");
  }

  @Test
  void anUploadAReplicaVerifiedIsRecognisedWhenItsCertificateIsChecked() throws Exception {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 0);
    List<Bytes> good = uploads(fx);
    Frame f = Frame.parse(good.get(1), Integer.MAX_VALUE);
    Ed25519Verifier replica3 = ReplicaVerifiers.of(fx.config).replica(3);
    assertTrue(f.verifySignature(replica3), "as UploadPhase checks an arriving UPLOAD");
    assertTrue(heldInProcess(replica3, f));
    assertEquals(
        List.of(1, 3), UploadCertificateVerifier.of(fx.config).verify(3, good, log(fx)).signers());
  }
}
