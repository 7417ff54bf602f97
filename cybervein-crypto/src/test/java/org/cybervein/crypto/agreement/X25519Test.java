package org.cybervein.crypto.agreement;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;
import org.cybervein.crypto.testsupport.Rejection;
import org.junit.jupiter.api.Test;

class X25519Test {

  // RFC 7748 section 6.1. Bob's public key was computed here and agrees with the RFC as
  // remembered independently; Alice's public key and the shared secret were given in the brief.
  private static final Bytes ALICE_PRIVATE =
      Bytes.fromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  private static final Bytes ALICE_PUBLIC =
      Bytes.fromHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  private static final Bytes BOB_PRIVATE =
      Bytes.fromHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  private static final Bytes BOB_PUBLIC =
      Bytes.fromHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  private static final Bytes SHARED =
      Bytes.fromHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

  @Test
  void matchesRfc7748Section61() throws Exception {
    X25519PrivateKey alice = X25519PrivateKey.fromBytes(ALICE_PRIVATE);
    X25519PrivateKey bob = X25519PrivateKey.fromBytes(BOB_PRIVATE);
    assertEquals(ALICE_PUBLIC, alice.publicKey().bytes());
    assertEquals(BOB_PUBLIC, bob.publicKey().bytes());
    assertEquals(SHARED, alice.agree(X25519PublicKey.decode(BOB_PUBLIC)).toBytes());
    assertEquals(SHARED, bob.agree(X25519PublicKey.decode(ALICE_PUBLIC)).toBytes());
  }

  @Test
  void agreementIsSymmetric() {
    qt().forAll(longs().all(), longs().all())
        .checkAssert(
            (seedA, seedB) -> {
              X25519PrivateKey a = X25519PrivateKey.generate(DeterministicRandom.fromSeed(seedA));
              X25519PrivateKey b = X25519PrivateKey.generate(DeterministicRandom.fromSeed(~seedB));
              try {
                assertEquals(a.agree(b.publicKey()).toBytes(), b.agree(a.publicKey()).toBytes());
              } catch (InvalidCryptoInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void rejectsLowOrderPeerKeys() throws Exception {
    X25519PrivateKey alice = X25519PrivateKey.fromBytes(ALICE_PRIVATE);
    // u = 0 and u = 1 are points of order 4 and 1; with the top bit set they decode the same.
    for (String u :
        new String[] {
          "0000000000000000000000000000000000000000000000000000000000000000",
          "0100000000000000000000000000000000000000000000000000000000000000",
          "0000000000000000000000000000000000000000000000000000000000000080",
        }) {
      X25519PublicKey peer = X25519PublicKey.decode(Bytes.fromHex(u));
      assertEquals(Reason.INVALID_KEY, Rejection.reasonOf(() -> alice.agree(peer)));
    }
  }

  @Test
  void rejectsKeysOfWrongLengthWithCryptoInputExceptionOnly() {
    qt().forAll(integers().between(0, 100))
        .checkAssert(
            len -> {
              if (len == 32) {
                return;
              }
              Bytes junk = Bytes.of(new byte[len]);
              assertEquals(
                  Reason.WRONG_LENGTH, Rejection.reasonOf(() -> X25519PublicKey.decode(junk)));
              assertEquals(
                  Reason.WRONG_LENGTH, Rejection.reasonOf(() -> X25519PrivateKey.fromBytes(junk)));
              assertThrows(IllegalArgumentException.class, () -> new X25519PublicKey(junk));
            });
  }

  @Test
  void randomPeerKeysEitherAgreeOrAreRefusedAsInvalidKey() {
    X25519PrivateKey alice;
    try {
      alice = X25519PrivateKey.fromBytes(ALICE_PRIVATE);
    } catch (InvalidCryptoInputException e) {
      throw new AssertionError(e);
    }
    qt().forAll(longs().all())
        .checkAssert(
            seed -> {
              byte[] u = new byte[32];
              DeterministicRandom.fromSeed(seed).nextBytes(u);
              try {
                SharedSecret s = alice.agree(X25519PublicKey.decode(Bytes.of(u)));
                assertNotEquals(Bytes.of(new byte[32]), s.toBytes());
              } catch (InvalidCryptoInputException e) {
                assertEquals(Reason.INVALID_KEY, e.reason());
              }
            });
  }

  @Test
  void generatedKeysAreClampedAndDeterministicFromTheRandomSource() {
    X25519PrivateKey k1 = X25519PrivateKey.generate(DeterministicRandom.fromSeed(42));
    X25519PrivateKey k2 = X25519PrivateKey.generate(DeterministicRandom.fromSeed(42));
    assertEquals(k1.publicKey(), k2.publicKey());
    byte[] k = k1.toBytes().toByteArray();
    assertEquals(0, k[0] & 7);
    assertEquals(0x40, k[31] & 0xc0);
  }

  @Test
  void toStringKeepsSecretsSecret() throws Exception {
    X25519PrivateKey alice = X25519PrivateKey.fromBytes(ALICE_PRIVATE);
    assertFalse(alice.toString().contains(ALICE_PRIVATE.toHex()));
    SharedSecret s = alice.agree(X25519PublicKey.decode(BOB_PUBLIC));
    assertFalse(s.toString().contains(SHARED.toHex()));
  }
}
