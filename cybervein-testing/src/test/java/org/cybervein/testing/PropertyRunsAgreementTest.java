package org.cybervein.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** api and crypto keep their own PropertyRuns (they sit below this module); both must agree. */
class PropertyRunsAgreementTest {
  @Test
  void apiTestJarSettingsAreTheSame() {
    assertEquals(org.cybervein.api.testing.PropertyRuns.seed(), PropertyRuns.seed());
    assertEquals(org.cybervein.api.testing.PropertyRuns.examples(), PropertyRuns.examples());
  }
}
