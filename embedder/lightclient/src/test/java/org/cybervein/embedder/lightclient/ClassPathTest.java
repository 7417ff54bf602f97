package org.cybervein.embedder.lightclient;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedder sees the light client and what it depends on (api, crypto, storage-proofs,
 * consensus) and nothing else of the SDK: no ledger, DAG, store or federated learning.
 */
class ClassPathTest {
  private static boolean present(String directory) throws Exception {
    return ClassPathTest.class.getClassLoader().getResources(directory).hasMoreElements();
  }

  @Test
  void onlyTheLightClientAndItsDependenciesAreOnTheClassPath() throws Exception {
    for (String needed :
        List.of(
            "org/cybervein/api",
            "org/cybervein/crypto",
            "org/cybervein/storageproofs",
            "org/cybervein/consensus",
            "org/cybervein/lightclient")) {
      assertTrue(present(needed), needed);
    }
    for (String absent :
        List.of(
            "org/cybervein/dag",
            "org/cybervein/ledger",
            "org/cybervein/fl",
            "org/cybervein/store",
            "org/cybervein/examples",
            "org/cybervein/benchmarks",
            "org/lmdbjava")) {
      assertFalse(present(absent), absent + " must not be on the class path");
    }
  }

  @Test
  void classesOfOtherModulesDoNotLoad() {
    for (String name :
        List.of(
            "org.cybervein.ledger.InvalidLedgerInputException",
            "org.cybervein.ledger.chain.Chain",
            "org.cybervein.dag.unit.Unit",
            "org.cybervein.store.lmdb.LmdbKeyValueStore")) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
    }
  }
}
