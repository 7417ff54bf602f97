package org.cybervein.crypto.hash;

import static org.cybervein.api.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class HashFunctionTest {
  private static final DomainTag TAG = DomainTag.of("cybervein/test/v1");

  private static Gen<byte[]> byteArrays(int maxLength) {
    return Generate.byteArrays(
        Generate.range(0, maxLength), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void sha256MatchesFips180KnownAnswers() {
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        HashFunction.untaggedSha256(ascii("abc")).toHex());
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        HashFunction.SHA256.hashUntagged(new byte[0]).toHex());
  }

  @Test
  void blake2b256MatchesKnownAnswers() {
    assertEquals(
        "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
        HashFunction.BLAKE2B_256.hashUntagged(new byte[0]).toHex());
    assertEquals(
        "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319",
        HashFunction.BLAKE2B_256.hashUntagged(Bytes.of(ascii("abc"))).toHex());
  }

  @Test
  void taggedHashIsPlainHashOfLengthByteThenTagThenData() {
    for (HashFunction f : HashFunction.values()) {
      byte[] expectedInput = {0x02, 'a', 'b', 'x', 'y', 'z'};
      assertEquals(
          f.hashUntagged(expectedInput),
          f.hash(DomainTag.of("ab"), ascii("xyz")),
          f + ": layout is uint8(len) || tag || data");
    }
    assertEquals("026162", DomainTag.of("ab").encoded().toHex());
  }

  @Test
  void taggedHashDiffersFromUntaggedAndBetweenTags() {
    byte[] data = ascii("same data");
    for (HashFunction f : HashFunction.values()) {
      Hash a = f.hash(DomainTag.of("cybervein/unit-id/v1"), data);
      Hash b = f.hash(DomainTag.of("cybervein/block-id/v1"), data);
      assertNotEquals(a, b);
      assertNotEquals(a, f.hashUntagged(data));
    }
    assertNotEquals(HashFunction.SHA256.hash(TAG, data), HashFunction.BLAKE2B_256.hash(TAG, data));
  }

  @Test
  void tagDataBoundaryIsUnambiguous() {
    for (HashFunction f : HashFunction.values()) {
      assertNotEquals(
          f.hash(DomainTag.of("ab"), ascii("c")), f.hash(DomainTag.of("a"), ascii("bc")));
    }
  }

  @Test
  void tagEncodingsArePrefixFree() {
    Gen<String> names = strings().ascii().ofLengthBetween(1, 40).map(DomainTagTest::printable);
    qt().forAll(names, names)
        .assuming((a, b) -> !a.equals(b))
        .check(
            (a, b) -> {
              Bytes ea = DomainTag.of(a).encoded();
              Bytes eb = DomainTag.of(b).encoded();
              return !ea.startsWith(eb) && !eb.startsWith(ea);
            });
  }

  @Test
  void differentTagsNeverCollideOnRandomData() {
    Gen<String> names = strings().ascii().ofLengthBetween(1, 20).map(DomainTagTest::printable);
    qt().forAll(names, names, byteArrays(64))
        .assuming((a, b, d) -> !a.equals(b))
        .check(
            (a, b, d) ->
                !HashFunction.SHA256
                    .hash(DomainTag.of(a), d)
                    .equals(HashFunction.SHA256.hash(DomainTag.of(b), d)));
  }

  @Test
  void streamingEqualsOneShotForRandomSplits() {
    qt().forAll(
            byteArrays(600),
            lists().of(integers().between(0, 600)).ofSizeBetween(0, 6),
            Generate.pick(List.of(HashFunction.values())))
        .checkAssert(
            (data, cuts, f) -> {
              int[] points =
                  IntStream.concat(
                          IntStream.of(0, data.length),
                          cuts.stream().mapToInt(c -> Math.min(c, data.length)))
                      .sorted()
                      .toArray();
              Hasher hasher = f.newHasher(TAG);
              for (int i = 0; i + 1 < points.length; i++) {
                if (i % 2 == 0) {
                  hasher.update(data, points[i], points[i + 1] - points[i]);
                } else {
                  hasher.update(Bytes.of(Arrays.copyOfRange(data, points[i], points[i + 1])));
                }
              }
              assertEquals(f.hash(TAG, data), hasher.digest());
            });
  }

  @Test
  void bytesAreHashedAsTheirArrayAcrossChunkBoundaries() {
    // Bytes reach the engines as read-only buffers, which Blake2b and the JDK feed in chunks of
    // 4 KiB: lengths up to 10,000 cross two chunk boundaries.
    qt().forAll(
            byteArrays(10_000),
            integers().between(0, 10_000),
            Generate.pick(List.of(HashFunction.values())))
        .checkAssert(
            (data, cut, f) -> {
              int c = Math.min(cut, data.length);
              Bytes whole = Bytes.of(data);
              assertEquals(f.hash(TAG, data), f.hash(TAG, whole));
              assertEquals(f.hashUntagged(data), f.hashUntagged(whole));
              assertEquals(
                  f.hashUntagged(data),
                  f.newUntaggedHasher()
                      .update(Arrays.copyOfRange(data, 0, c))
                      .update(whole.slice(c, data.length))
                      .digest());
            });
  }

  @Test
  void varargsPartsAreConcatenated() {
    byte[] whole = ascii("hello world");
    assertEquals(
        HashFunction.SHA256.hash(TAG, whole),
        HashFunction.SHA256.hash(TAG, ascii("hello"), ascii(" "), ascii("world")));
    assertEquals(
        HashFunction.BLAKE2B_256.hash(TAG, whole),
        HashFunction.BLAKE2B_256.hash(TAG, Bytes.of(whole)));
  }

  @Test
  void fixedWidthIntegersAreBigEndian() {
    byte[] expected = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, (byte) 0xfe};
    for (HashFunction f : HashFunction.values()) {
      Hash streamed =
          f.newHasher(TAG)
              .updateLong(0x0102030405060708L)
              .updateInt(0x090a0b0c)
              .updateByte(0xfe)
              .digest();
      assertEquals(f.hash(TAG, expected), streamed);
    }
  }

  @Test
  void updateWithHashAbsorbsItsThirtyTwoBytes() {
    Hash h = HashFunction.SHA256.hashUntagged(ascii("x"));
    assertEquals(
        HashFunction.SHA256.hash(TAG, h.toByteArray()),
        HashFunction.SHA256.newHasher(TAG).update(h).digest());
  }

  @Test
  void hasherIsSingleUse() {
    Hasher hasher = HashFunction.SHA256.newHasher(TAG);
    hasher.digest();
    assertThrows(IllegalStateException.class, hasher::digest);
    assertThrows(IllegalStateException.class, () -> hasher.update(new byte[1]));
    assertThrows(IllegalStateException.class, () -> hasher.updateLong(1));
  }

  @Test
  void hasherRejectsOutOfRangeSlices() {
    Hasher hasher = HashFunction.SHA256.newHasher(TAG);
    assertThrows(IndexOutOfBoundsException.class, () -> hasher.update(new byte[4], 2, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> hasher.update(new byte[4], -1, 1));
  }

  @Test
  void untaggedSha256EqualsJdkDigest() throws Exception {
    MessageDigest jdk = MessageDigest.getInstance("SHA-256");
    qt().forAll(byteArrays(300))
        .checkAssert(
            d -> assertArrayEquals(jdk.digest(d), HashFunction.untaggedSha256(d).toByteArray()));
  }

  @Test
  void oneShotHashingIsThreadSafe() {
    List<byte[]> inputs = IntStream.range(0, 2000).mapToObj(i -> ascii("message " + i)).toList();
    List<Hash> sequential = inputs.stream().map(d -> HashFunction.SHA256.hash(TAG, d)).toList();
    List<Hash> parallel =
        inputs.parallelStream().map(d -> HashFunction.SHA256.hash(TAG, d)).toList();
    assertEquals(sequential, parallel);
    List<Hash> blakeSeq = inputs.stream().map(HashFunction.BLAKE2B_256::hashUntagged).toList();
    List<Hash> blakePar =
        inputs.parallelStream().map(HashFunction.BLAKE2B_256::hashUntagged).toList();
    assertEquals(blakeSeq, blakePar);
    assertFalse(sequential.get(0).equals(sequential.get(1)));
  }
}
