package org.cybervein.api.wire;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.InvalidEncodingException.Reason;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.api.testing.PropertyRuns;
import org.cybervein.api.wire.v1.EnvelopeProto;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class SignedEnvelopeTest {
  private static SignedEnvelope sample(byte[] body) {
    byte[] key = new byte[32];
    byte[] sig = new byte[64];
    Arrays.fill(key, (byte) 7);
    Arrays.fill(sig, (byte) 9);
    return new SignedEnvelope(
        "cybervein.v1.DemoMessage", Bytes.of(body), PublicKey.ed25519(key), Signature.ed25519(sig));
  }

  private static Gen<byte[]> bodies() {
    // Length and content drawn separately: QuickTheories 0.26 has no byte-array generator.
    return integers()
        .between(0, 300)
        .zip(
            longs().all(),
            (length, contentSeed) -> {
              byte[] body = new byte[length];
              new SplittableRandom(contentSeed).nextBytes(body);
              return body;
            });
  }

  @Test
  void refusesHostileInputWithMemoryInProportionToIt() {
    HostileInput.of("envelope", InvalidEncodingException.class, SignedEnvelope::decode)
        .encodedBy(SignedEnvelope::encode)
        .checkAll(sample(new byte[] {1, 2, 3}).encode(), SignedEnvelope.DEFAULT_MAX_ENCODED_SIZE);
  }

  @Test
  void roundTripsThroughItsEncoding() {
    qt().forAll(bodies())
        .checkAssert(
            body -> {
              SignedEnvelope envelope = sample(body);
              try {
                assertEquals(envelope, SignedEnvelope.decode(envelope.encode()));
              } catch (InvalidEncodingException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void signingInputBindsTypeAndBodyWithLengths() {
    byte[] a = SignedEnvelope.signingInput("ab", Bytes.utf8("c"));
    byte[] b = SignedEnvelope.signingInput("a", Bytes.utf8("bc"));
    assertEquals(false, Arrays.equals(a, b));
    byte[] expected =
        concat(
            "CYBERVEIN-ENVELOPE-V1".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0, 0, 0, 0, 0, 0, 0, 2},
            "ab".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0, 0, 0, 0, 0, 0, 0, 1},
            "c".getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(expected, a);
  }

  @Test
  void rejectsEveryTruncation() {
    Bytes encoded = sample(new byte[] {1, 2, 3, 4, 5}).encode();
    for (int len = 0; len < encoded.size(); len++) {
      Bytes truncated = encoded.slice(0, len);
      assertThrows(
          InvalidEncodingException.class,
          () -> SignedEnvelope.decode(truncated),
          "prefix of " + len);
    }
  }

  @Test
  void rejectsOversizedInputBeforeParsing() {
    Bytes encoded = sample(new byte[1000]).encode();
    InvalidEncodingException e =
        assertThrows(
            InvalidEncodingException.class,
            () -> SignedEnvelope.decode(encoded, encoded.size() - 1));
    assertEquals(Reason.OVERSIZED, e.reason());
  }

  @Test
  void rejectsTrailingAndUnknownFields() {
    Bytes encoded = sample(new byte[] {1}).encode();
    // Field 15, varint 1: an unknown field appended after a valid envelope.
    Bytes withUnknown = encoded.concat(Bytes.of(new byte[] {(byte) 0x78, 1}));
    InvalidEncodingException e =
        assertThrows(InvalidEncodingException.class, () -> SignedEnvelope.decode(withUnknown));
    assertEquals(Reason.MALFORMED, e.reason());
  }

  @Test
  void rejectsReorderedFields() {
    SignedEnvelope envelope = sample(new byte[] {1, 2});
    EnvelopeProto.SignedEnvelope proto = envelope.toProto();
    // The same fields, signer written before the body: parses, but is not the canonical form.
    byte[] signerField =
        EnvelopeProto.SignedEnvelope.newBuilder()
            .setSigner(proto.getSigner())
            .build()
            .toByteArray();
    byte[] rest =
        EnvelopeProto.SignedEnvelope.newBuilder()
            .setPayloadType(proto.getPayloadType())
            .setBody(proto.getBody())
            .setSignature(proto.getSignature())
            .build()
            .toByteArray();
    Bytes reordered = Bytes.of(concat(signerField, rest));
    InvalidEncodingException e =
        assertThrows(InvalidEncodingException.class, () -> SignedEnvelope.decode(reordered));
    assertEquals(Reason.MALFORMED, e.reason());
  }

  @Test
  void rejectsMissingAndInvalidFields() {
    EnvelopeProto.SignedEnvelope valid = sample(new byte[] {1}).toProto();
    assertReason(Reason.MISSING_FIELD, valid.toBuilder().clearSigner().build());
    assertReason(Reason.MISSING_FIELD, valid.toBuilder().clearSignature().build());
    assertReason(Reason.MISSING_FIELD, valid.toBuilder().clearPayloadType().build());
    assertReason(Reason.INVALID_VALUE, valid.toBuilder().setPayloadType("has space").build());
    assertReason(
        Reason.WRONG_LENGTH,
        valid.toBuilder()
            .setSigner(valid.getSigner().toBuilder().setKey(ByteString.copyFrom(new byte[31])))
            .build());
    assertReason(
        Reason.WRONG_LENGTH,
        valid.toBuilder()
            .setSignature(
                valid.getSignature().toBuilder().setValue(ByteString.copyFrom(new byte[65])))
            .build());
    assertReason(
        Reason.INVALID_VALUE,
        valid.toBuilder().setSigner(valid.getSigner().toBuilder().clearAlgorithm()).build());
  }

  @Test
  void everySingleByteMutationIsRejectedOrDecodesToADifferentEnvelope() {
    SignedEnvelope envelope = sample(new byte[] {10, 20, 30});
    byte[] encoded = envelope.encode().toByteArray();
    for (int i = 0; i < encoded.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] mutated = encoded.clone();
        mutated[i] ^= (byte) (1 << bit);
        try {
          SignedEnvelope decoded = SignedEnvelope.decode(Bytes.of(mutated));
          assertEquals(false, decoded.equals(envelope), "mutation at " + i + "/" + bit);
        } catch (InvalidEncodingException expected) {
          // rejected: fine
        }
      }
    }
  }

  @Test
  void randomBytesNeverEscapeAsAnotherException() {
    SplittableRandom random = new SplittableRandom(PropertyRuns.seed());
    for (int i = 0; i < 20_000; i++) {
      byte[] junk = new byte[random.nextInt(200)];
      random.nextBytes(junk);
      try {
        SignedEnvelope.decode(Bytes.of(junk));
      } catch (InvalidEncodingException expected) {
        // the documented rejection
      }
    }
  }

  @Test
  void constructorRejectsInvalidPayloadTypes() {
    qt().forAll(strings().allPossible().ofLengthBetween(129, 200))
        .checkAssert(
            type ->
                assertThrows(
                    IllegalArgumentException.class,
                    () -> SignedEnvelope.signingInput(type, Bytes.EMPTY)));
  }

  private static void assertReason(Reason reason, EnvelopeProto.SignedEnvelope proto) {
    InvalidEncodingException e =
        assertThrows(
            InvalidEncodingException.class,
            () -> SignedEnvelope.decode(Bytes.of(proto.toByteArray())));
    assertEquals(reason, e.reason(), e.getMessage());
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
