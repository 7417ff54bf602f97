package org.cybervein.crypto.sign;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.security.KeyFactory;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.cybervein.api.Bytes;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.PropertyRuns;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class Ed25519PropertiesTest {
  static Gen<byte[]> byteArrays(int min, int max) {
    return Generate.byteArrays(
        Generate.range(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  }

  static Gen<Ed25519PrivateKey> keys() {
    return longs().all().map(s -> Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(s)));
  }

  static byte[] flipBit(byte[] bytes, int bit) {
    byte[] out = bytes.clone();
    int i = Math.floorMod(bit, out.length * 8);
    out[i / 8] ^= (byte) (1 << (i % 8));
    return out;
  }

  @Test
  void signThenVerifyRoundTrips() {
    qt().forAll(keys(), byteArrays(0, 300))
        .checkAssert(
            (key, message) -> {
              Signature sig = key.sign(message);
              assertTrue(verifier(key.publicKey()).verify(message, sig));
              assertTrue(verifier(key.publicKey()).verify(Bytes.of(message), sig));
              assertEquals(sig, key.sign(message), "Ed25519 signing is deterministic");
            });
  }

  @Test
  void rejectsAnySingleBitFlipInMessage() {
    qt().forAll(keys(), byteArrays(1, 200), integers().all())
        .checkAssert(
            (key, message, bit) -> {
              Signature sig = key.sign(message);
              assertFalse(verifier(key.publicKey()).verify(flipBit(message, bit), sig));
            });
  }

  @Test
  void rejectsAnySingleBitFlipInSignature() {
    qt().forAll(keys(), byteArrays(0, 200), integers().all())
        .checkAssert(
            (key, message, bit) -> {
              byte[] sig = key.sign(message).encoded().toByteArray();
              Signature flipped = Signature.ed25519(flipBit(sig, bit));
              assertFalse(verifier(key.publicKey()).verify(message, flipped));
            });
  }

  @Test
  void rejectsAnySingleBitFlipInPublicKey() {
    qt().forAll(keys(), byteArrays(0, 200), integers().all())
        .checkAssert(
            (key, message, bit) -> {
              Signature sig = key.sign(message);
              PublicKey flipped =
                  PublicKey.ed25519(flipBit(key.publicKey().encoded().toByteArray(), bit));
              try {
                assertFalse(Ed25519Verifier.of(flipped).verify(message, sig));
              } catch (InvalidCryptoInputException e) {
                assertEquals(InvalidCryptoInputException.Reason.INVALID_KEY, e.reason());
              }
            });
  }

  @Test
  void signaturesAgreeWithTheJdkEdDsaProvider() throws Exception {
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    PropertyRuns.qt(Math.min(50, PropertyRuns.examples()))
        .forAll(keys(), byteArrays(0, 100))
        .checkAssert(
            (key, message) -> {
              try {
                java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
                jdk.initSign(
                    factory.generatePrivate(
                        new EdECPrivateKeySpec(
                            NamedParameterSpec.ED25519, key.encodeSeed().toByteArray())));
                jdk.update(message);
                assertArrayEquals(jdk.sign(), key.sign(message).encoded().toByteArray());

                java.security.PublicKey jdkPublic =
                    factory.generatePublic(
                        new X509EncodedKeySpec(
                            Ed25519PublicKeys.toSpki(key.publicKey()).toByteArray()));
                assertEquals(
                    Ed25519PublicKeys.toSpki(key.publicKey()), Bytes.of(jdkPublic.getEncoded()));
              } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void seedEncodingRoundTrips() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(7L));
    Ed25519PrivateKey decoded = Ed25519PrivateKey.decode(key.encodeSeed());
    assertEquals(key.publicKey(), decoded.publicKey());
    assertEquals(key.sign(new byte[] {1}), decoded.sign(new byte[] {1}));
  }

  @Test
  void sameRandomSeedGivesSameKey() {
    assertEquals(
        Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(42L)).publicKey(),
        Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(42L)).publicKey());
    assertNotEquals(
        Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(42L)).publicKey(),
        Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(43L)).publicKey());
  }

  @Test
  void toStringNeverShowsTheSeed() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(1L));
    String seedHex = key.encodeSeed().toHex();
    String shown = key.toString();
    assertFalse(shown.contains(seedHex.substring(0, 8)), shown);
    assertTrue(shown.contains("public"), shown);
  }

  @Test
  void fromSeedRejectsWrongLengthAsProgrammingError() {
    assertThrows(IllegalArgumentException.class, () -> Ed25519PrivateKey.fromSeed(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> Ed25519PrivateKey.fromSeed(new byte[33]));
  }

  @Test
  void fromSeedCopiesItsInput() {
    byte[] seed = new byte[32];
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);
    PublicKey before = key.publicKey();
    Signature sigBefore = key.sign(new byte[0]);
    seed[0] = 1;
    assertEquals(before, key.publicKey());
    assertEquals(sigBefore, key.sign(new byte[0]));
  }

  @Test
  void verifierIsBoundToItsKey() throws Exception {
    Ed25519PrivateKey alice = Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(1L));
    Ed25519PrivateKey bob = Ed25519PrivateKey.generate(DeterministicRandom.fromSeed(2L));
    byte[] message = {1, 2, 3};
    Ed25519Verifier forBob = Ed25519Verifier.of(bob.publicKey());
    assertEquals(bob.publicKey(), forBob.publicKey());
    assertFalse(forBob.verify(message, alice.sign(message)));
    assertTrue(forBob.verify(message, bob.sign(message)));
  }

  private static Ed25519Verifier verifier(PublicKey key) {
    try {
      return Ed25519Verifier.of(key);
    } catch (InvalidCryptoInputException e) {
      throw new AssertionError("an honestly generated key must be accepted", e);
    }
  }
}
