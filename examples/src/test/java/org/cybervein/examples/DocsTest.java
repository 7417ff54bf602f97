package org.cybervein.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the repository's documents true to it: {@code docs/ARCHITECTURE.md} names every package of
 * every module, and every relative link in the READMEs and {@code docs/} points to a file that
 * exists.
 */
class DocsTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

  @Test
  void architectureMapsEveryPackageOfEveryModule() throws IOException {
    Path root = repositoryRoot();
    String architecture = Files.readString(root.resolve("docs/ARCHITECTURE.md"));
    TreeSet<String> missing = new TreeSet<>();
    for (Path module : modules(root)) {
      Path sources = module.resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path java : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String pkg = sources.relativize(java.getParent()).toString().replace('/', '.');
          if (!architecture.contains("`" + pkg + "`")) {
            missing.add(root.relativize(module) + ": " + pkg);
          }
        }
      }
    }
    assertTrue(
        missing.isEmpty(),
        "docs/ARCHITECTURE.md does not map these packages (add a row to the module's table): "
            + missing);
  }

  @Test
  void everyRelativeLinkInTheDocumentsResolves() throws IOException {
    Path root = repositoryRoot();
    List<Path> documents = new ArrayList<>();
    documents.add(root.resolve("README.md"));
    documents.add(root.resolve("CHANGELOG.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      documents.addAll(docs.filter(f -> f.toString().endsWith(".md")).sorted().toList());
    }
    for (Path module : modules(root)) {
      if (Files.isRegularFile(module.resolve("README.md"))) {
        documents.add(module.resolve("README.md"));
      }
    }
    List<String> broken = new ArrayList<>();
    for (Path document : documents) {
      Matcher m = LINK.matcher(Files.readString(document));
      while (m.find()) {
        String target = m.group(1);
        if (target.contains("://") || target.startsWith("mailto:")) {
          continue;
        }
        if (!Files.exists(document.getParent().resolve(target))) {
          broken.add(root.relativize(document) + " -> " + target);
        }
      }
    }
    assertTrue(broken.isEmpty(), "links to files that do not exist: " + broken);
  }

  private static List<Path> modules(Path root) throws IOException {
    try (Stream<Path> children = Files.list(root)) {
      return children
          .filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** The repository root: the parent of this module's directory (surefire's {@code basedir}). */
  private static Path repositoryRoot() {
    Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    Path root = module.getParent();
    if (root == null || !Files.isRegularFile(root.resolve("docs/ARCHITECTURE.md"))) {
      throw new IllegalStateException("no docs/ARCHITECTURE.md above " + module);
    }
    return root;
  }
}
