package org.cybervein.examples;

/** Placeholder entry point while the build is being set up. */
public final class Demo {
  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args the seed
   */
  public static void main(String[] args) {
    System.out.println("demo " + String.join(" ", args));
  }
}
