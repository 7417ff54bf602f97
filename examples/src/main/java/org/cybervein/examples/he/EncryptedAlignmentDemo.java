package org.cybervein.examples.he;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.he.FixedPointCodec;
import org.cybervein.crypto.he.PaillierCiphertext;
import org.cybervein.crypto.he.PaillierEncryptor;
import org.cybervein.crypto.he.PaillierKeySize;
import org.cybervein.crypto.he.PaillierPrivateKey;
import org.cybervein.crypto.he.PaillierPublicKey;
import org.cybervein.crypto.he.PaillierWire;
import org.cybervein.crypto.psi.EcdhPsiInitiator;
import org.cybervein.crypto.psi.EcdhPsiResponder;

/**
 * Scene: two data owners align their samples with ECDH-PSI (each learns only the shared ids), then
 * one of them sums its values over the shared ids under the other's Paillier key, so the key owner
 * learns the sum and nothing else. The building blocks of the whitepaper's encrypted vertical
 * federated learning.
 */
public final class EncryptedAlignmentDemo {
  private EncryptedAlignmentDemo() {}

  /**
   * Runs the scene.
   *
   * @return true if both parties found the same intersection and the decrypted sum is exact
   */
  public static boolean run(long seed, PrintStream out) {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    // Party A (hospital) holds patients 0..59, party B (insurer) holds 40..99 with a value each.
    List<Bytes> idsA = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      idsA.add(Bytes.utf8("patient-" + i));
    }
    TreeMap<Bytes, Double> valuesB = new TreeMap<>();
    for (int i = 40; i < 100; i++) {
      valuesB.put(Bytes.utf8("patient-" + i), (i % 7) * 1.25 - 3);
    }
    try {
      EcdhPsiInitiator a = EcdhPsiInitiator.create(idsA, random, 1000);
      EcdhPsiResponder b = EcdhPsiResponder.create(valuesB.keySet(), random, 1000);
      Bytes request = a.request();
      Bytes response = b.respond(request);
      Bytes result = a.finish(response);
      b.finish(result);
      List<Bytes> shared = a.intersection().orElseThrow();
      out.printf(
          "PSI: A has %d ids, B has %d; both learn %d shared ids (%d + %d + %d bytes exchanged)%n",
          idsA.size(),
          valuesB.size(),
          shared.size(),
          request.size(),
          response.size(),
          result.size());
      if (!shared.equals(b.intersection().orElseThrow()) || shared.size() != 20) {
        out.println("FAILED: the parties disagree on the intersection");
        return false;
      }

      // A owns the key; B encrypts its values over the shared ids under it and sends one sum.
      PaillierPrivateKey keyA = PaillierPrivateKey.generate(PaillierKeySize.BITS_2048, random);
      Bytes publicKeyWire = PaillierWire.encode(keyA.publicKey());
      PaillierPublicKey keyAtB = PaillierWire.production().decodePublicKey(publicKeyWire);
      FixedPointCodec codec = FixedPointCodec.of(keyAtB, 32);
      PaillierEncryptor encryptor = PaillierEncryptor.create(keyAtB, random);
      PaillierCiphertext sum = null;
      double expected = 0;
      for (Bytes id : b.intersection().orElseThrow()) {
        double value = valuesB.get(id);
        expected += value;
        PaillierCiphertext c = encryptor.encryptUnobfuscated(codec.encode(value));
        sum = sum == null ? c : sum.add(c);
      }
      // One random factor for the whole sum: "obfuscate later".
      Bytes sent = PaillierWire.encode(encryptor.obfuscate(sum));
      PaillierCiphertext received = PaillierWire.decodeCiphertext(keyA.publicKey(), sent);
      double decrypted = FixedPointCodec.of(keyA.publicKey(), 32).decrypt(keyA, received);
      out.printf(
          "Paillier (2048-bit): B sends one %d-byte ciphertext; A decrypts the sum %.2f (expected %.2f)%n",
          sent.size(), decrypted, expected);
      return decrypted == expected;
    } catch (InvalidCryptoInputException e) {
      out.println("FAILED: " + e.getMessage());
      return false;
    }
  }
}
