package dev.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.SourceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path directory;

  @Test
  void demoBackfillsEveryFakeIntoTheEventsFileWithASummary() throws Exception {
    CliTestSupport cli = new CliTestSupport(directory, Map.of());

    int exit = cli.run("demo", "--out-dir", "out");

    assertThat(exit).as(cli.err()).isEqualTo(ExitCodes.DONE);
    Path events = directory.resolve("out/events.jsonl");
    List<SourceEvent> written = CliTestSupport.events(events);
    Set<String> expected = new HashSet<>();
    try (DemoData demo = new DemoData()) {
      demo.providers.forEach(provider -> expected.addAll(provider.expected));
    }
    assertThat(written.stream().map(SourceEvent::sourceId).collect(Collectors.toSet())).isEqualTo(expected);
    assertThat(written).hasSize(expected.size());
    assertThat(written.stream().map(SourceEvent::source).collect(Collectors.toSet())).containsExactlyInAnyOrder("github", "vercel", "linear", "sentry");
    assertThat(Files.readAllLines(events).get(0)).contains("\"sourceId\"", "\"sourceType\"", "\"deliveryId\"");
    assertThat(cli.out()).contains("provider", "entity type", "rate-limit waits", "elapsed", "exactly the sourceIds each fake expected");
    assertThat(cli.err()).contains("[github acme/api pull_request] page 1");
  }
}
