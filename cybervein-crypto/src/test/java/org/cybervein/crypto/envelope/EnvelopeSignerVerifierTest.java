package org.cybervein.crypto.envelope;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.PropertyRuns;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.junit.jupiter.api.Test;

class EnvelopeSignerVerifierTest {
  private static final String TYPE = "cybervein.v1.DemoMessage";

  private final Ed25519PrivateKey alice =
      Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(1));
  private final Ed25519PrivateKey bob = Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(2));

  @Test
  void signedEnvelopeVerifiesAfterTheWire() throws Exception {
    qt().forAll(integers().between(0, 2000), longs().all())
        .checkAssert(
            (length, contentSeed) -> {
              Bytes body = randomBytes(length, contentSeed);
              Bytes wire = EnvelopeSigner.of(alice).sign(TYPE, body).encode();
              try {
                SignedEnvelope received = EnvelopeVerifier.decodeAndVerify(wire, TYPE);
                assertEquals(body, received.body());
                assertEquals(alice.publicKey(), received.signer());
              } catch (InvalidCryptoInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void everyBitFlipOfTheWireBytesIsRejected() {
    Bytes wire = EnvelopeSigner.of(alice).sign(TYPE, Bytes.utf8("transfer 10 CVT")).encode();
    byte[] raw = wire.toByteArray();
    for (int i = 0; i < raw.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] mutated = raw.clone();
        mutated[i] ^= (byte) (1 << bit);
        assertThrows(
            InvalidCryptoInputException.class,
            () -> EnvelopeVerifier.decodeAndVerify(Bytes.of(mutated), TYPE),
            "flip of bit " + bit + " in byte " + i);
      }
    }
  }

  @Test
  void rejectsEnvelopeOfAnotherPayloadType() {
    Bytes wire = EnvelopeSigner.of(alice).sign("cybervein.v1.Other", Bytes.utf8("x")).encode();
    InvalidCryptoInputException e =
        assertThrows(
            InvalidCryptoInputException.class, () -> EnvelopeVerifier.decodeAndVerify(wire, TYPE));
    assertEquals(Reason.UNEXPECTED_PAYLOAD_TYPE, e.reason());
  }

  @Test
  void signatureForOneTypeDoesNotVerifyUnderAnother() {
    SignedEnvelope signed = EnvelopeSigner.of(alice).sign("cybervein.v1.Vote", Bytes.utf8("yes"));
    SignedEnvelope relabelled =
        new SignedEnvelope(TYPE, signed.body(), signed.signer(), signed.signature());
    InvalidCryptoInputException e =
        assertThrows(InvalidCryptoInputException.class, () -> EnvelopeVerifier.open(relabelled));
    assertEquals(Reason.AUTHENTICATION_FAILED, e.reason());
  }

  @Test
  void rejectsSignatureOfAnotherKeyUnderAClaimedSigner() {
    SignedEnvelope byBob = EnvelopeSigner.of(bob).sign(TYPE, Bytes.utf8("I am alice"));
    SignedEnvelope forged =
        new SignedEnvelope(TYPE, byBob.body(), alice.publicKey(), byBob.signature());
    InvalidCryptoInputException e =
        assertThrows(InvalidCryptoInputException.class, () -> EnvelopeVerifier.open(forged));
    assertEquals(Reason.AUTHENTICATION_FAILED, e.reason());
  }

  @Test
  void rejectsValidEnvelopeFromAnUnexpectedSigner() throws Exception {
    SignedEnvelope byBob = EnvelopeSigner.of(bob).sign(TYPE, Bytes.utf8("hello"));
    Ed25519Verifier expectAlice = Ed25519Verifier.of(alice.publicKey());
    InvalidCryptoInputException e =
        assertThrows(
            InvalidCryptoInputException.class, () -> EnvelopeVerifier.open(byBob, expectAlice));
    assertEquals(Reason.AUTHENTICATION_FAILED, e.reason());
    assertEquals(byBob.body(), EnvelopeVerifier.open(byBob, Ed25519Verifier.of(bob.publicKey())));
  }

  @Test
  void truncatedAndRandomBytesAreRejectedWithTheDocumentedException() {
    Bytes wire = EnvelopeSigner.of(alice).sign(TYPE, Bytes.utf8("payload")).encode();
    for (int len = 0; len < wire.size(); len++) {
      Bytes truncated = wire.slice(0, len);
      assertThrows(
          InvalidCryptoInputException.class,
          () -> EnvelopeVerifier.decodeAndVerify(truncated, TYPE));
    }
    SplittableRandom random = new SplittableRandom(PropertyRuns.seed());
    for (int i = 0; i < 5000; i++) {
      Bytes junk = randomBytes(random.nextInt(300), random.nextLong());
      assertThrows(
          InvalidCryptoInputException.class, () -> EnvelopeVerifier.decodeAndVerify(junk, TYPE));
    }
  }

  private static Bytes randomBytes(int length, long seed) {
    byte[] b = new byte[length];
    new SplittableRandom(seed).nextBytes(b);
    return Bytes.of(b);
  }
}
