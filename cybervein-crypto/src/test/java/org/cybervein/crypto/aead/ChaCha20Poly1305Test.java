package org.cybervein.crypto.aead;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.junit.jupiter.api.Test;

/**
 * ChaCha20-Poly1305 has no Wycheproof file here: it is checked against RFC 8439 section 2.8.2 and
 * against Bouncy Castle's independent implementation.
 */
class ChaCha20Poly1305Test {

  private static final Bytes RFC8439_KEY =
      Bytes.fromHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
  private static final Bytes RFC8439_NONCE = Bytes.fromHex("070000004041424344454647");
  private static final Bytes RFC8439_AAD = Bytes.fromHex("50515253c0c1c2c3c4c5c6c7");
  private static final Bytes RFC8439_PLAINTEXT =
      Bytes.of(
          ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the"
                  + " future, sunscreen would be it.")
              .getBytes(StandardCharsets.US_ASCII));
  private static final Bytes RFC8439_CIPHERTEXT =
      Bytes.fromHex(
          "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
              + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
              + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
              + "3ff4def08e4b7a9de576d26586cec64b6116");
  private static final Bytes RFC8439_TAG = Bytes.fromHex("1ae10b594f09e26a7e902ecbd0600691");

  @Test
  void sealsRfc8439Section282Vector() throws Exception {
    Aead aead = Aead.of(AeadKey.fromBytes(AeadAlgorithm.CHACHA20_POLY1305, RFC8439_KEY));
    AeadNonce nonce = AeadNonce.decode(RFC8439_NONCE);
    Bytes expected = RFC8439_CIPHERTEXT.concat(RFC8439_TAG);
    assertEquals(114, RFC8439_PLAINTEXT.size());
    assertEquals(expected, aead.seal(nonce, RFC8439_PLAINTEXT, RFC8439_AAD));
    assertEquals(RFC8439_PLAINTEXT, aead.open(nonce, expected, RFC8439_AAD));
    assertArrayEquals(
        expected.toByteArray(),
        bouncyCastleSeal(
            RFC8439_KEY.toByteArray(),
            RFC8439_NONCE.toByteArray(),
            RFC8439_PLAINTEXT.toByteArray(),
            RFC8439_AAD.toByteArray()));
  }

  @Test
  void agreesWithBouncyCastleOnRandomInputs() {
    qt().forAll(longs().all(), integers().between(0, 300), integers().between(0, 64))
        .checkAssert(
            (seed, ptLen, aadLen) -> {
              DeterministicRandom random = DeterministicRandom.fromSeed(seed);
              AeadKey key = AeadKey.generate(AeadAlgorithm.CHACHA20_POLY1305, random);
              AeadNonce nonce = AeadNonce.random(random);
              byte[] pt = new byte[ptLen];
              byte[] aad = new byte[aadLen];
              random.nextBytes(pt);
              random.nextBytes(aad);
              Aead aead = Aead.of(key);
              Bytes sealed = aead.seal(nonce, Bytes.of(pt), Bytes.of(aad));
              assertArrayEquals(
                  bouncyCastleSeal(
                      key.toBytes().toByteArray(), nonce.bytes().toByteArray(), pt, aad),
                  sealed.toByteArray());
              try {
                assertEquals(Bytes.of(pt), aead.open(nonce, sealed, Bytes.of(aad)));
              } catch (InvalidCryptoInputException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void refusesKeyOfAnotherAlgorithm() {
    AeadKey aesKey = AeadKey.generate(AeadAlgorithm.AES_256_GCM, DeterministicRandom.fromSeed(1));
    assertThrows(IllegalArgumentException.class, () -> new ChaCha20Poly1305(aesKey));
    AeadKey chachaKey =
        AeadKey.generate(AeadAlgorithm.CHACHA20_POLY1305, DeterministicRandom.fromSeed(2));
    assertThrows(IllegalArgumentException.class, () -> new AesGcm(chachaKey));
  }

  private static byte[] bouncyCastleSeal(byte[] key, byte[] nonce, byte[] pt, byte[] aad) {
    AEADCipher bc = new org.bouncycastle.crypto.modes.ChaCha20Poly1305();
    bc.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
    byte[] out = new byte[bc.getOutputSize(pt.length)];
    int n = bc.processBytes(pt, 0, pt.length, out, 0);
    try {
      n += bc.doFinal(out, n);
    } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
      throw new AssertionError(e);
    }
    assertEquals(out.length, n);
    return out;
  }
}
