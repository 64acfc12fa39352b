package dev.backfill.testkit.example;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs the conformance suite on the example connector in a JVM of its own, logging at the level
 * a host's tests usually do (SLF4J simple at info, set by the caller), and prints {@code failed N}.
 */
public final class QuietSuiteMain {
  private QuietSuiteMain() {}

  public static void main(String[] args) {
    long failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NotesConnectorConformanceTest.class)).execute()
        .testEvents().failed().count();
    System.out.println("failed " + failed);
  }
}
