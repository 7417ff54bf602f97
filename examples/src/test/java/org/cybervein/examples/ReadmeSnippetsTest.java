package org.cybervein.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of {@code README.md} and of each module's {@code README.md} is run
 * here, as printed, in a fresh JShell on this module's test class path (which holds every module of
 * the SDK) after the imports of {@code scripts/sdk-imports.jsh}: exactly what a reader gets by
 * pasting the block into {@code scripts/jshell.sh}. A snippet that no longer compiles, leaves a
 * name undefined or throws fails {@code mvn verify}, so the READMEs cannot drift from the code.
 *
 * <p>JShell rather than javac: the README's session is JShell by nature (expressions without
 * semicolons, variables reassigned inside lambdas), and one mechanism for every block means one
 * rule for writers: a block marked {@code java} must run on its own. Blocks of any other language
 * ({@code sh}, {@code xml}, unmarked) are not run.
 */
class ReadmeSnippetsTest {

  private static final String FENCE = "```";

  /** A {@code ```java} block: where it is (file and line of its first code line) and its code. */
  record JavaBlock(Path file, int firstLine, String code) {
    String where(Path root) {
      return root.relativize(file) + ":" + firstLine;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockOfTheReadmesRunsInJshell() throws IOException {
    Path root = repositoryRoot();
    String imports = Files.readString(root.resolve("scripts/sdk-imports.jsh"));
    List<JavaBlock> blocks = new ArrayList<>();
    for (Path readme : readmes(root)) {
      blocks.addAll(javaBlocks(readme));
    }
    assertFalse(blocks.isEmpty(), "no ```java block found under " + root);
    return blocks.stream()
        .map(block -> dynamicTest(block.where(root), () -> run(root, imports, block)));
  }

  @Test
  void theReadmeAndEveryLibraryModuleReadmeHaveARunnableSnippet() throws IOException {
    Path root = repositoryRoot();
    List<String> withoutSnippet = new ArrayList<>();
    for (Path readme : readmes(root)) {
      boolean library = readme.getParent().getFileName().toString().startsWith("cybervein-");
      boolean top = readme.getParent().equals(root);
      if ((library || top) && javaBlocks(readme).isEmpty()) {
        withoutSnippet.add(root.relativize(readme).toString());
      }
    }
    // The BOM has no code; every other module shows its use in at least one block this test runs.
    withoutSnippet.removeIf(path -> path.startsWith("cybervein-bom"));
    assertTrue(withoutSnippet.isEmpty(), "READMEs without a ```java block: " + withoutSnippet);
  }

  /** The repository root: the parent of this module's directory (surefire's {@code basedir}). */
  private static Path repositoryRoot() {
    Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    Path root = module.getParent();
    if (root == null || !Files.isRegularFile(root.resolve("README.md"))) {
      throw new IllegalStateException("no README.md above " + module);
    }
    return root;
  }

  /** {@code README.md} and every module's {@code README.md} one level below it, in name order. */
  private static List<Path> readmes(Path root) throws IOException {
    List<Path> readmes = new ArrayList<>();
    readmes.add(root.resolve("README.md"));
    try (Stream<Path> children = Files.list(root)) {
      readmes.addAll(
          children
              .filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
              .map(dir -> dir.resolve("README.md"))
              .filter(Files::isRegularFile)
              .sorted()
              .collect(Collectors.toList()));
    }
    return readmes;
  }

  /** The {@code ```java} blocks of one Markdown file; an unclosed fence is an error. */
  static List<JavaBlock> javaBlocks(Path markdown) throws IOException {
    List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
    List<JavaBlock> blocks = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String opening = lines.get(i).strip();
      if (!opening.startsWith(FENCE)) {
        i++;
        continue;
      }
      String language = opening.substring(FENCE.length()).strip().toLowerCase(Locale.ROOT);
      int first = i + 1;
      int close = first;
      while (close < lines.size() && !lines.get(close).strip().startsWith(FENCE)) {
        close++;
      }
      if (close == lines.size()) {
        throw new IllegalStateException(markdown + ":" + (i + 1) + ": fence is never closed");
      }
      if (language.equals("java")) {
        blocks.add(
            new JavaBlock(markdown, first + 1, String.join("\n", lines.subList(first, close))));
      }
      i = close + 1;
    }
    return blocks;
  }

  private static void run(Path root, String imports, JavaBlock block) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream printed = new PrintStream(output, true, StandardCharsets.UTF_8);
    // "local": the snippets run in this JVM, so no second JVM starts for each block.
    try (JShell shell =
        JShell.builder().executionEngine("local").out(printed).err(printed).build()) {
      shell.addToClasspath(System.getProperty("java.class.path"));
      evaluate(shell, "scripts/sdk-imports.jsh", 1, imports, output);
      evaluate(
          shell, root.relativize(block.file()).toString(), block.firstLine(), block.code(), output);
    }
  }

  /**
   * Feeds source to JShell line by line as its interactive tool does when a block is pasted: a line
   * that completes a snippet is evaluated at once (so an expression needs no semicolon, and a
   * statement cannot continue on a line that starts with a dot). Fails at the first snippet that is
   * not valid or throws, and when the source ends inside a snippet.
   */
  private static void evaluate(
      JShell shell, String file, int firstLine, String source, ByteArrayOutputStream output) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String[] lines = source.split("\n", -1);
    String pending = "";
    int pendingLine = firstLine;
    for (int i = 0; i < lines.length; i++) {
      if (pending.isBlank()) {
        pending = "";
        pendingLine = firstLine + i;
      }
      pending += lines[i] + "\n";
      while (!pending.isBlank()) {
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(pending);
        if (info.completeness() == Completeness.EMPTY) {
          pending = ""; // only comments and blanks so far
          break;
        }
        if (!info.completeness().isComplete()) {
          break; // the snippet goes on in the next line
        }
        String consumed = pending.substring(0, pending.length() - info.remaining().length());
        String where = file + ":" + (pendingLine + leadingLineBreaks(consumed));
        for (SnippetEvent event : shell.eval(info.source())) {
          check(shell, where, event, output);
        }
        pendingLine += lineBreaks(consumed);
        pending = info.remaining();
      }
    }
    if (!pending.isBlank()) {
      fail(file + ":" + pendingLine + ": the block ends inside a snippet:\n" + pending.strip());
    }
  }

  private static void check(
      JShell shell, String where, SnippetEvent event, ByteArrayOutputStream output) {
    Snippet snippet = event.snippet();
    if (event.causeSnippet() != null) {
      return; // a dependant updated by this snippet: judged when it was evaluated itself
    }
    JShellException exception = event.exception();
    if (exception != null) {
      String thrown =
          exception instanceof EvalException eval ? eval.getExceptionClassName() : "exception";
      AssertionError error =
          new AssertionError(
              where
                  + ": "
                  + snippet.source().strip()
                  + "\nthrew "
                  + thrown
                  + ": "
                  + exception.getMessage()
                  + printedSoFar(output),
              exception);
      throw error;
    }
    if (event.status() != Snippet.Status.VALID) {
      StringBuilder why = new StringBuilder();
      shell.diagnostics(snippet).forEach(d -> why.append("\n  ").append(d.getMessage(Locale.ROOT)));
      if (snippet instanceof DeclarationSnippet declaration) {
        shell
            .unresolvedDependencies(declaration)
            .forEach(name -> why.append("\n  undefined: ").append(name));
      }
      fail(
          where
              + ": "
              + snippet.source().strip()
              + "\nis "
              + event.status()
              + why
              + printedSoFar(output));
    }
  }

  private static String printedSoFar(ByteArrayOutputStream output) {
    String printed = output.toString(StandardCharsets.UTF_8).strip();
    return printed.isEmpty() ? "" : "\nprinted before:\n" + printed;
  }

  private static int lineBreaks(String text) {
    return (int) text.chars().filter(c -> c == '\n').count();
  }

  private static int leadingLineBreaks(String text) {
    int breaks = 0;
    for (int i = 0; i < text.length() && Character.isWhitespace(text.charAt(i)); i++) {
      if (text.charAt(i) == '\n') {
        breaks++;
      }
    }
    return breaks;
  }
}
