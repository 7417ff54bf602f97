package org.cybervein.crypto.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DomainTagTest {
  /** Maps arbitrary ASCII onto printable ASCII, so generated names are valid tags. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      b.append((char) (0x20 + (s.charAt(i) % 0x5f)));
    }
    return b.toString();
  }

  @Test
  void acceptsPrintableAsciiFromOneTo255Characters() {
    assertEquals(1, DomainTag.of("a").name().length());
    assertEquals(256, DomainTag.of("x".repeat(255)).encoded().size());
    assertEquals((byte) 255, DomainTag.of("x".repeat(255)).encoded().byteAt(0));
    assertEquals(" ~", DomainTag.of(" ~").name());
  }

  @Test
  void rejectsEmptyName() {
    assertThrows(IllegalArgumentException.class, () -> DomainTag.of(""));
  }

  @Test
  void rejectsNameLongerThan255() {
    assertThrows(IllegalArgumentException.class, () -> DomainTag.of("x".repeat(256)));
  }

  @Test
  void rejectsControlAndNonAsciiCharacters() {
    assertThrows(IllegalArgumentException.class, () -> DomainTag.of("tab\there"));
    assertThrows(IllegalArgumentException.class, () -> DomainTag.of("del\u007f"));
    assertThrows(IllegalArgumentException.class, () -> DomainTag.of("caf\u00e9"));
    assertThrows(NullPointerException.class, () -> DomainTag.of(null));
  }

  @Test
  void equalNamesAreEqualTags() {
    assertEquals(DomainTag.of("cybervein/unit-id/v1"), new DomainTag("cybervein/unit-id/v1"));
  }
}
