package org.cybervein.crypto.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.cybervein.api.Bytes;
import org.junit.jupiter.api.Test;

/** RIPEMD-160 against the test vectors published with the algorithm (Dobbertin et al.). */
class Ripemd160Test {
  private static String ripemd(String ascii) {
    return Ripemd160.digest(Bytes.of(ascii.getBytes(StandardCharsets.US_ASCII))).toHex();
  }

  @Test
  void matchesThePublishedVectors() {
    assertEquals("9c1185a5c5e9fc54612808977ee8f548b2258d31", ripemd(""));
    assertEquals("8eb208f7e05d987a9b044a8e98c6b087f15a0bfc", ripemd("abc"));
    assertEquals("5d0689ef49d2fae572b881b123a85ffa21595f36", ripemd("message digest"));
  }

  // Bitcoin's HASH160 of the compressed generator point G (the public key of private key 1) is the
  // well-known pubkey hash 751e76e8199196d454941c45d1b3a323f1433bd6.
  @Test
  void hash160OfTheGeneratorPublicKeyIsBitcoinsWellKnownValue() {
    Bytes g = Bytes.fromHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    assertEquals("751e76e8199196d454941c45d1b3a323f1433bd6", Ripemd160.hash160(g).toHex());
  }
}
