package org.cybervein.embedder.pbftupload;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedder sees cybervein-api, cybervein-crypto and its one module, and nothing else of the
 * SDK: the verifier really needs no more.
 */
class ClassPathTest {
  /** The root package of every other SDK module, as a resource directory. */
  private static final List<String> ABSENT =
      List.of(
          "org/cybervein/dag",
          "org/cybervein/storageproofs",
          "org/cybervein/consensus",
          "org/cybervein/ledger",
          "org/cybervein/fl",
          "org/cybervein/store",
          "org/cybervein/examples",
          "org/cybervein/benchmarks",
          "org/lmdbjava");

  private static boolean present(String directory) throws Exception {
    return ClassPathTest.class.getClassLoader().getResources(directory).hasMoreElements();
  }

  @Test
  void onlyApiCryptoAndTheOneModuleAreOnTheClassPath() throws Exception {
    assertTrue(present("org/cybervein/api"), "cybervein-api");
    assertTrue(present("org/cybervein/crypto"), "cybervein-crypto");
    assertTrue(present("org/cybervein/consensus"), "the module under test");
    for (String other : ABSENT) {
      if (!other.equals("org/cybervein/consensus")) {
        assertFalse(present(other), other + " must not be on the class path");
      }
    }
  }

  @Test
  void classesOfOtherModulesDoNotLoad() {
    for (String name :
        List.of(
            "org.cybervein.ledger.InvalidLedgerInputException",
            "org.cybervein.store.lmdb.LmdbKeyValueStore",
            "org.cybervein.fl.InvalidFederatedMessageException")) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
    }
  }
}
