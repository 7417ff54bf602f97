package org.cybervein.node;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code cybervein} command: {@code keygen}, {@code init}, {@code run}, {@code status} and
 * {@code check} (see the module README). {@code bin/cybervein} runs it from the node's jar.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits the JVM with its status; {@code run} returns only when the node
   * stops.
   *
   * @param args the command line, e.g. {@code run --config member-0.conf}
   */
  public static void main(String[] args) {
    disableLeakDetectionUnlessAsked();
    System.exit(execute(args));
  }

  /** The system property of the gRPC-shaded netty's buffer leak detector. */
  static final String LEAK_DETECTION = "io.grpc.netty.shaded.io.netty.leakDetection.level";

  /**
   * Turns netty's buffer leak detector off unless {@code -D} set {@link #LEAK_DETECTION}: it
   * records a stack trace for one buffer in 128, about 1 % of a member's CPU under load (profiled),
   * to find a leak in gRPC's own buffer handling that the node cannot fix. {@code
   * -Dio.grpc.netty.shaded.io.netty.leakDetection.level=simple} (netty's default) brings it back.
   * Must run before any netty class is loaded, so only in {@link #main}.
   */
  static void disableLeakDetectionUnlessAsked() {
    if (System.getProperty(LEAK_DETECTION) == null) {
      System.setProperty(LEAK_DETECTION, "disabled");
    }
  }

  /**
   * Runs the command line in this JVM and returns its exit status instead of exiting.
   *
   * @param args the command line, e.g. {@code keygen --out keys/a --id a}
   * @return 0 on success, 1 when the command failed, 2 on a usage error
   */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Commands.Top());
    cl.setOut(new PrintWriter(System.out, true));
    cl.setErr(new PrintWriter(System.err, true));
    return cl;
  }
}
