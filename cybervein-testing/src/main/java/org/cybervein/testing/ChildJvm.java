package org.cybervein.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a child JVM, reads the numbers it acknowledges on
 * stdout ({@code ack <n>}), and kills it without warning once it has acknowledged enough: the crash
 * tests of durable stores use it to check that every acknowledged write survives a killed process.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code mainClass} with {@code args}; once it has acknowledged {@code acks} numbers, lets
   * it run on for {@code delayMillis} and kills it forcibly, wherever it is in its next write.
   *
   * <p>The child runs on this JVM's class path with a small heap. It must print {@code ack <n>}
   * lines with increasing {@code n}, each after the write of {@code n} is durable; other lines are
   * kept for the failure message.
   *
   * @param mainClass the class whose {@code main} the child runs
   * @param acks how many acknowledgements to wait for before the delay starts
   * @param delayMillis how long the child runs on before it is killed
   * @param args the child's arguments
   * @return the highest number it acknowledged before it died
   * @throws IOException if the child cannot be started or its output read
   * @throws InterruptedException if this thread is interrupted while it waits for the child
   */
  public static int runAndKill(Class<?> mainClass, int acks, long delayMillis, String... args)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass.getName()));
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    int last = -1;
    int seen = 0;
    StringBuilder other = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (seen < acks && (line = out.readLine()) != null) {
        if (line.startsWith("ack ")) {
          int n = Integer.parseInt(line.substring(4).trim());
          assertTrue(n > last, "acknowledgements out of order: " + n + " after " + last);
          last = n;
          seen++;
        } else {
          other.append(line).append('\n');
        }
      }
      // The child keeps writing (its output goes to the pipe's buffer) until the kill lands at a
      // point of a write that the delay makes arbitrary.
      Thread.sleep(delayMillis);
      // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe,
      // and the acknowledgements still in it would be lost.
      child.toHandle().destroyForcibly();
      // Whatever it printed before it died was acknowledged too; the pipe ends when it is dead.
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ack ")) {
          int n = Integer.parseInt(line.substring(4).trim());
          assertTrue(n > last, "acknowledgements out of order: " + n + " after " + last);
          last = n;
        }
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
    }
    assertTrue(seen >= acks, "child stopped after " + seen + " acknowledgements:\n" + other);
    System.out.println(
        mainClass.getSimpleName()
            + " killed "
            + delayMillis
            + " ms after acknowledgement "
            + acks
            + "; last acknowledged: "
            + last
            + " (delays replay with -Dqt.seed="
            + PropertyRuns.seed()
            + ")");
    return last;
  }
}
