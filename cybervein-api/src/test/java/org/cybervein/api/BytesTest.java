package org.cybervein.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.arrays;
import static org.quicktheories.generators.SourceDSL.integers;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.cybervein.api.testing.PropertyRuns;
import org.cybervein.api.wire.v1.TypesProto;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class BytesTest {
  private static Gen<byte[]> byteArrays() {
    return arrays()
        .ofIntegers(integers().between(0, 255))
        .withLengthBetween(0, 40)
        .map(
            ints -> {
              byte[] out = new byte[ints.length];
              for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (int) ints[i];
              }
              return out;
            });
  }

  @Test
  void ordersBytesAsUnsigned() {
    assertTrue(Bytes.fromHex("80").compareTo(Bytes.fromHex("7f")) > 0, "0x80 is above 0x7f");
    assertTrue(Bytes.fromHex("ff").compareTo(Bytes.fromHex("00")) > 0);
    assertTrue(Bytes.fromHex("01").compareTo(Bytes.fromHex("0100")) < 0, "a prefix sorts first");
    assertTrue(Bytes.EMPTY.compareTo(Bytes.fromHex("00")) < 0);
    assertEquals(0, Bytes.fromHex("abcd").compareTo(Bytes.fromHex("ABCD")));
  }

  @Test
  void orderMatchesUnsignedArrayComparisonAndIsConsistentWithEquals() {
    PropertyRuns.qt()
        .forAll(byteArrays(), byteArrays())
        .checkAssert(
            (x, y) -> {
              Bytes a = Bytes.of(x);
              Bytes b = Bytes.of(y);
              assertEquals(
                  Integer.signum(Arrays.compareUnsigned(x, y)), Integer.signum(a.compareTo(b)));
              assertEquals(a.compareTo(b) == 0, a.equals(b));
              assertEquals(-Integer.signum(a.compareTo(b)), Integer.signum(b.compareTo(a)));
            });
  }

  @Test
  void readOnlyBufferShowsTheContentAndCannotWriteIt() {
    PropertyRuns.qt()
        .forAll(byteArrays())
        .checkAssert(
            x -> {
              java.nio.ByteBuffer b = Bytes.of(x).asReadOnlyBuffer();
              assertTrue(b.isReadOnly());
              assertEquals(0, b.position());
              assertEquals(x.length, b.remaining());
              byte[] seen = new byte[x.length];
              b.get(seen);
              assertArrayEquals(x, seen);
              assertThrows(java.nio.ReadOnlyBufferException.class, () -> b.flip().put((byte) 1));
            });
  }

  @Test
  void hexRoundTrips() {
    PropertyRuns.qt()
        .forAll(byteArrays())
        .checkAssert(
            x -> {
              Bytes a = Bytes.of(x);
              assertEquals(a, Bytes.fromHex(a.toHex()));
              assertEquals(2 * x.length, a.toHex().length());
            });
  }

  @Test
  void rejectsMalformedHex() {
    assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("abc"));
    assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("zz"));
  }

  @Test
  void isImmutableThroughTheArraysItIsBuiltFromAndGivesOut() {
    byte[] source = {1, 2, 3};
    Bytes b = Bytes.of(source);
    source[0] = 9;
    assertEquals(Bytes.fromHex("010203"), b);
    b.toByteArray()[1] = 9;
    assertEquals(Bytes.fromHex("010203"), b);
    byte[] target = new byte[5];
    b.copyTo(target, 2);
    assertArrayEquals(new byte[] {0, 0, 1, 2, 3}, target);
    target[2] = 9;
    assertEquals(Bytes.fromHex("010203"), b);
    Bytes part = Bytes.of(new byte[] {5, 6, 7, 8}, 1, 2);
    assertEquals(Bytes.fromHex("0607"), part);
  }

  @Test
  void convertsToAndFromProtobufWithTheSameContent() {
    PropertyRuns.qt()
        .forAll(byteArrays())
        .checkAssert(
            raw -> {
              Bytes b = Bytes.of(raw);
              ByteString shared = b.toByteString();
              assertEquals(ByteString.copyFrom(raw), shared);
              assertEquals(b, Bytes.copyOf(shared));
              assertEquals(b, Bytes.copyOf(ByteString.copyFrom(raw)));
              // A copy out of a ByteString is the caller's: changing the source shows nowhere.
              byte[] source = raw.clone();
              Bytes copied =
                  Bytes.copyOf(com.google.protobuf.UnsafeByteOperations.unsafeWrap(source));
              if (source.length > 0) {
                source[0]++;
                assertEquals(b, copied);
              }
              TypesProto.Hash message =
                  TypesProto.Hash.newBuilder().setValue(b.toByteString()).build();
              assertEquals(Bytes.of(message.toByteArray()), Bytes.encodingOf(message));
            });
  }

  @Test
  void sliceConcatAndStartsWithAgree() {
    PropertyRuns.qt()
        .forAll(byteArrays(), byteArrays())
        .checkAssert(
            (x, y) -> {
              Bytes a = Bytes.of(x);
              Bytes joined = a.concat(Bytes.of(y));
              assertEquals(x.length + y.length, joined.size());
              assertEquals(a, joined.slice(0, x.length));
              assertEquals(Bytes.of(y), joined.slice(x.length, joined.size()));
              assertTrue(joined.startsWith(a));
              assertEquals(a.hashCode(), Bytes.of(x).hashCode());
            });
    assertThrows(IndexOutOfBoundsException.class, () -> Bytes.fromHex("0102").slice(1, 3));
  }

  @Test
  void toStringShortensLongContent() {
    assertEquals("Bytes[0102]", Bytes.fromHex("0102").toString());
    Bytes big = Bytes.of(new byte[100]);
    assertTrue(big.toString().endsWith("..(100 bytes)]"), big.toString());
    assertNotEquals(Bytes.of(new byte[1]), Bytes.EMPTY);
  }
}
