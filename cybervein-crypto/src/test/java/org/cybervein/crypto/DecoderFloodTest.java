package org.cybervein.crypto;

import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.crypto.he.FixedPointCodec;
import org.cybervein.crypto.he.PaillierCiphertext;
import org.cybervein.crypto.he.PaillierEncryptor;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.crypto.he.PaillierPrivateKey;
import org.cybervein.crypto.he.PaillierPublicKey;
import org.cybervein.crypto.he.PaillierWire;
import org.cybervein.crypto.psi.EcdhPsiInitiator;
import org.cybervein.crypto.psi.EcdhPsiResponder;
import org.cybervein.crypto.psi.RsaPsiInitiator;
import org.cybervein.crypto.psi.RsaPsiResponder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every protobuf decoder of this module refuses hostile input with {@link
 * InvalidCryptoInputException}, and a flood of unknown fields with memory in proportion to it.
 */
class DecoderFloodTest {
  private static final int MAX_PEERS = 64;
  private static final List<Bytes> IDS = List.of(Bytes.utf8("alice"), Bytes.utf8("bob"));
  private static final int FLOOD = 1 << 20;
  private static final int MAX_MODULUS_BYTES = 3072 / 8;

  private static PaillierPrivateKey key;
  private static PaillierPublicKey pub;
  private static PaillierWire wire;

  @BeforeAll
  static void keys() {
    key = PaillierPrivateKey.generate(PaillierKeySize.BITS_2048, DeterministicRandom.fromSeed(5L));
    pub = key.publicKey();
    wire = PaillierWire.production();
  }

  private static <T> HostileInput<T> checks(String what, HostileInput.Decoder<T> decoder) {
    return HostileInput.of(what, InvalidCryptoInputException.class, decoder);
  }

  @Test
  void paillierKeysRefuseHostileInput() {
    checks("Paillier public key", wire::decodePublicKey)
        .encodedBy(PaillierWire::encode)
        .checkAll(PaillierWire.encode(pub), MAX_MODULUS_BYTES + 16);
    HostileInput<PaillierPrivateKey> privateKey =
        checks("Paillier private key", wire::decodePrivateKey).encodedBy(PaillierWire::encode);
    privateKey.acceptsValid(PaillierWire.encode(key));
    privateKey.rejectsOversized(MAX_MODULUS_BYTES + 32);
    privateKey.refusesUnknownFieldFloods(PaillierWire.encode(key), MAX_MODULUS_BYTES + 32);
  }

  @Test
  void paillierCiphertextsRefuseHostileInput() {
    PaillierEncryptor encryptor = PaillierEncryptor.create(pub, DeterministicRandom.fromSeed(1L));
    FixedPointCodec codec = FixedPointCodec.of(pub, 16);
    PaillierCiphertext c = encryptor.encrypt(codec.encode(2.5));
    checks("Paillier ciphertext", b -> PaillierWire.decodeCiphertext(pub, b))
        .encodedBy(PaillierWire::encode)
        .checkAll(PaillierWire.encode(c), pub.ciphertextLength() + 16);
    List<PaillierCiphertext> vector = List.of(c, encryptor.encrypt(codec.encode(-1)));
    int maxCount = 4096;
    checks("Paillier vector", b -> PaillierWire.decodeVector(pub, b, maxCount))
        .encodedBy(PaillierWire::encode)
        .checkAll(PaillierWire.encode(vector), maxCount * (pub.ciphertextLength() + 4) + 16);
  }

  @Test
  void ecdhPsiMessagesRefuseFloods() throws InvalidCryptoInputException {
    Bytes request =
        EcdhPsiInitiator.create(IDS, DeterministicRandom.fromSeed(2L), MAX_PEERS).request();
    HostileInput<Bytes> respond =
        checks(
            "PSI ECDH request",
            b ->
                EcdhPsiResponder.create(IDS, DeterministicRandom.fromSeed(3L), MAX_PEERS)
                    .respond(b));
    respond.acceptsValid(request);
    respond.refusesUnknownFieldFloods(request, FLOOD);
    respond.rejectsMutated(request, 7L, 30);
    Bytes response =
        EcdhPsiResponder.create(IDS, DeterministicRandom.fromSeed(3L), MAX_PEERS).respond(request);
    HostileInput<Bytes> finish =
        checks(
            "PSI ECDH response",
            b -> {
              EcdhPsiInitiator initiator =
                  EcdhPsiInitiator.create(IDS, DeterministicRandom.fromSeed(2L), MAX_PEERS);
              initiator.request();
              return initiator.finish(b);
            });
    finish.acceptsValid(response);
    finish.refusesUnknownFieldFloods(response, FLOOD);
    finish.rejectsMutated(response, 7L, 30);
  }

  @Test
  void rsaPsiMessagesRefuseFloods() throws InvalidCryptoInputException {
    RsaPsiResponder responder =
        RsaPsiResponder.createInsecureForTesting(
            IDS, 512, DeterministicRandom.fromSeed(4L), MAX_PEERS);
    Bytes publicKey = responder.publicKey();
    HostileInput<Bytes> request =
        checks(
            "PSI RSA public key",
            b ->
                RsaPsiInitiator.createAcceptingInsecureTestKeys(
                        IDS, DeterministicRandom.fromSeed(2L), MAX_PEERS)
                    .request(b));
    request.acceptsValid(publicKey);
    request.refusesUnknownFieldFloods(publicKey, FLOOD);
    request.rejectsMutated(publicKey, 7L, 30);
    Bytes blinded =
        RsaPsiInitiator.createAcceptingInsecureTestKeys(
                IDS, DeterministicRandom.fromSeed(2L), MAX_PEERS)
            .request(publicKey);
    // A responder answers once, so each input meets a fresh one (the same key, from the same seed).
    checks(
            "PSI RSA request",
            b ->
                RsaPsiResponder.createInsecureForTesting(
                        IDS, 512, DeterministicRandom.fromSeed(4L), MAX_PEERS)
                    .respond(b))
        .refusesUnknownFieldFloods(blinded, FLOOD);
  }
}
