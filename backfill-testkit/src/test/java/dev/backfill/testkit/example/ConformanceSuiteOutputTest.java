package dev.backfill.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite fails runs on purpose (refused credentials, malformed pages, overlapping
 * parts); a host running it with its logging at info sees no warning for them: the runner reports
 * a failed work in its result, and logs it at debug only.
 */
class ConformanceSuiteOutputTest {
  @Test
  void theSuiteLogsNoWarningAtAHostsUsualLevel() throws Exception {
    Process suite = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        QuietSuiteMain.class.getName())
        .redirectErrorStream(true).start();
    String output = new String(suite.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(suite.waitFor(300, TimeUnit.SECONDS)).isTrue();

    assertThat(output).as(output).contains("failed 0");
    List<String> warnings = output.lines().filter(line -> line.contains("WARN") || line.contains("ERROR")).collect(Collectors.toList());
    assertThat(warnings).isEmpty();
  }
}
