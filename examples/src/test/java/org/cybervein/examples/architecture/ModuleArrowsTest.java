package org.cybervein.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The module arrows of the SDK, checked on the compiled main classes of every module (this module
 * depends on all of them): api &lt;- crypto &lt;- {dag, storage-proofs, consensus, fl, bitcoin};
 * {dag, storage-proofs, consensus, bitcoin} &lt;- ledger; {api, crypto, storage-proofs, consensus}
 * &lt;- lightclient (never the ledger); fl &lt;- fl-spark (Spark, provided); store-lmdb depends on
 * api only; transport-grpc on api and crypto only; the node, an application, on library modules
 * only and imported by none; examples and benchmarks on top, imported by nobody. An import against
 * an arrow fails the build here, so a verifier stays embeddable with api, crypto and its own module
 * only.
 */
class ModuleArrowsTest {
  /** Each module's root package, by module name. */
  private static final Map<String, String> MODULES =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("api", "org.cybervein.api.."),
              Map.entry("crypto", "org.cybervein.crypto.."),
              Map.entry("bitcoin", "org.cybervein.bitcoin.."),
              Map.entry("dag", "org.cybervein.dag.."),
              Map.entry("storage-proofs", "org.cybervein.storageproofs.."),
              Map.entry("consensus", "org.cybervein.consensus.."),
              // fl's pattern covers fl.spark too; the rules below tell them apart.
              Map.entry("fl", "org.cybervein.fl.."),
              Map.entry("fl-spark", "org.cybervein.fl.spark.."),
              Map.entry("ledger", "org.cybervein.ledger.."),
              Map.entry("lightclient", "org.cybervein.lightclient.."),
              Map.entry("store-lmdb", "org.cybervein.store.."),
              Map.entry("transport-grpc", "org.cybervein.transport.grpc.."),
              Map.entry("testing", "org.cybervein.testing.."),
              Map.entry("node", "org.cybervein.node.."),
              Map.entry("examples", "org.cybervein.examples.."),
              Map.entry("benchmarks", "org.cybervein.benchmarks..")));

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.cybervein");

  /** Fails if a class of {@code module} depends on a module outside {@code allowed}. */
  private static void dependsOnlyOn(String module, String... allowed) {
    List<String> permitted = List.of(allowed);
    String[] forbidden =
        MODULES.keySet().stream()
            .filter(m -> !m.equals(module) && !permitted.contains(m))
            .map(MODULES::get)
            .toArray(String[]::new);
    noClasses()
        .that()
        .resideInAPackage(MODULES.get(module))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .as("cybervein-" + module + " depends only on " + permitted)
        .check(MAIN);
  }

  @Test
  void everyLibraryModuleIsOnTheClassPathSoTheRulesAreNotVacuous() {
    for (String module :
        List.of(
            "api",
            "crypto",
            "bitcoin",
            "dag",
            "storage-proofs",
            "consensus",
            "fl",
            "fl-spark",
            "ledger",
            "lightclient",
            "transport-grpc")) {
      String root = MODULES.get(module).replace("..", "");
      assertFalse(
          MAIN.stream().noneMatch(c -> c.getPackageName().startsWith(root)),
          "no class of " + module + " was imported");
    }
  }

  @Test
  void apiDependsOnNoOtherModule() {
    dependsOnlyOn("api");
  }

  @Test
  void cryptoDependsOnlyOnApi() {
    dependsOnlyOn("crypto", "api");
  }

  @Test
  void storeLmdbDependsOnlyOnApi() {
    dependsOnlyOn("store-lmdb", "api");
  }

  @Test
  void testingFixturesDependOnlyOnApiAndCrypto() {
    dependsOnlyOn("testing", "api", "crypto");
  }

  @Test
  void dagDependsOnlyOnApiAndCrypto() {
    dependsOnlyOn("dag", "api", "crypto");
  }

  @Test
  void storageProofsDependOnlyOnApiAndCrypto() {
    dependsOnlyOn("storage-proofs", "api", "crypto");
  }

  @Test
  void consensusDependsOnlyOnApiAndCrypto() {
    dependsOnlyOn("consensus", "api", "crypto");
  }

  @Test
  void flDependsOnlyOnApiAndCrypto() {
    noClasses()
        .that()
        .resideInAPackage("org.cybervein.fl..")
        .and()
        .resideOutsideOfPackage("org.cybervein.fl.spark..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.cybervein.fl.spark..",
            "org.apache.spark..",
            "org.cybervein.dag..",
            "org.cybervein.storageproofs..",
            "org.cybervein.consensus..",
            "org.cybervein.ledger..",
            "org.cybervein.lightclient..",
            "org.cybervein.bitcoin..",
            "org.cybervein.store..",
            "org.cybervein.testing..",
            "org.cybervein.examples..",
            "org.cybervein.benchmarks..")
        .as("cybervein-fl depends only on [api, crypto], never on Spark")
        .check(MAIN);
  }

  @Test
  void flSparkDependsOnlyOnApiCryptoAndFl() {
    dependsOnlyOn("fl-spark", "api", "crypto", "fl");
  }

  @Test
  void onlyFlSparkSeesSpark() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.cybervein.fl.spark..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.spark..")
        .as("Spark stays in cybervein-fl-spark")
        .check(MAIN);
  }

  @Test
  void bitcoinDependsOnlyOnApiAndCrypto() {
    dependsOnlyOn("bitcoin", "api", "crypto");
  }

  @Test
  void ledgerDependsOnlyOnApiCryptoDagStorageProofsConsensusAndBitcoin() {
    dependsOnlyOn("ledger", "api", "crypto", "dag", "storage-proofs", "consensus", "bitcoin");
  }

  @Test
  void lightClientDependsOnlyOnApiCryptoStorageProofsAndConsensus() {
    dependsOnlyOn("lightclient", "api", "crypto", "storage-proofs", "consensus");
  }

  @Test
  void grpcTransportDependsOnlyOnApiAndCrypto() {
    dependsOnlyOn("transport-grpc", "api", "crypto");
  }

  @Test
  void theNodeDependsOnLibraryModulesOnly() {
    dependsOnlyOn(
        "node",
        "api",
        "crypto",
        "bitcoin",
        "dag",
        "storage-proofs",
        "consensus",
        "fl",
        "ledger",
        "lightclient",
        "store-lmdb",
        "transport-grpc");
  }

  @Test
  void noLibraryModuleImportsTheNode() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "org.cybervein.node..", "org.cybervein.examples..", "org.cybervein.benchmarks..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.cybervein.node..")
        .as("the node is an application: no library module imports it")
        .check(MAIN);
  }

  @Test
  void nothingImportsExamplesOrBenchmarks() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.cybervein.examples..", "org.cybervein.benchmarks..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.cybervein.examples..", "org.cybervein.benchmarks..")
        .as("no library module imports examples or benchmarks")
        .check(MAIN);
  }

  // The transaction rules (TransactionExecutor over MutableState) live in ledger.state, the state
  // they run on; neither may reach up to the chain, block production or finality that use them.
  @Test
  void ledgerStateAndItsRulesDoNotReachUpToTheChain() {
    noClasses()
        .that()
        .resideInAPackage("org.cybervein.ledger.state..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.cybervein.ledger.chain..",
            "org.cybervein.ledger.poc..",
            "org.cybervein.ledger.finality..")
        .as("ledger.state does not depend on the chain, block production or finality")
        .check(MAIN);
  }
}
