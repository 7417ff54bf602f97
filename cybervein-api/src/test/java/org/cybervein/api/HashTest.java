package org.cybervein.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashTest {
  private static final String HEX =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 31, 33, 64})
  void decodeRejectsEveryLengthButThirtyTwo(int length) {
    InvalidEncodingException e =
        assertThrows(InvalidEncodingException.class, () -> Hash.decode(Bytes.of(new byte[length])));
    assertEquals(InvalidEncodingException.Reason.WRONG_LENGTH, e.reason());
    assertTrue(e.getMessage().contains(Integer.toString(length)), e.getMessage());
  }

  @Test
  void decodeOfThirtyTwoBytesRoundTrips() throws InvalidEncodingException {
    Hash h = Hash.decode(Bytes.fromHex(HEX));
    assertEquals(HEX, h.toHex());
    assertEquals(Bytes.fromHex(HEX), h.toBytes());
    assertEquals(h, Hash.fromHex(HEX));
    assertEquals("00010203..", h.toString());
  }

  @Test
  void ofRejectsWrongLengthsAsProgrammingErrors() {
    assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[31]));
    assertThrows(IndexOutOfBoundsException.class, () -> Hash.of(new byte[40], 9));
    assertEquals(Hash.fromHex(HEX), Hash.of(Bytes.fromHex("ff" + HEX).toByteArray(), 1));
  }

  @Test
  void isImmutableAndOrderedUnsigned() {
    byte[] source = Bytes.fromHex(HEX).toByteArray();
    Hash h = Hash.of(source);
    source[0] = 1;
    h.toByteArray()[1] = 7;
    assertEquals(HEX, h.toHex());
    byte[] high = new byte[32];
    high[0] = (byte) 0x80;
    assertTrue(Hash.of(high).compareTo(Hash.ZERO) > 0);
  }
}
