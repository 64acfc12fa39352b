package dev.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.HmacSignatures;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.example.FakeNotes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit's example connector, which no module registers but the testkit's test-jar, is found by ServiceLoader;
 * the command line lists it, prints its settings, plans and runs it with its own option, and
 * verifies and transforms its webhooks, with no line of the command line naming it.
 */
class ThirdPartyConnectorTest {
  private static final Instant NOW = Instant.now();

  @TempDir Path directory;
  private FakeNotes fake;

  @BeforeEach
  void start() {
    fake = FakeNotes.builder().seed(42).projects("alpha", "beta").notesPerProject(23).history(NOW.minusSeconds(1), 60).start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void isListedPlannedRunAndItsWebhooksVerified() throws Exception {
    CliTestSupport cli = new CliTestSupport(directory, Map.of("NOTES_TOKEN", "notes-token-1234", "NOTES_SECRET", "notes-secret"));

    assertThat(cli.run("providers")).isEqualTo(ExitCodes.DONE);
    assertThat(cli.out()).contains("notes    entity types: note (default: note)");
    assertThat(cli.run("providers", "--settings", "notes")).isEqualTo(ExitCodes.DONE);
    assertThat(cli.out()).contains("| `baseUrl` | http(s) URL | required |", "| `projects` | comma-separated list |");
    assertThat(cli.run("run", "--help")).isEqualTo(ExitCodes.DONE);
    assertThat(cli.out()).contains("notes: a project key");

    int planned = cli.run("plan", "--provider", "notes", "--base-url", fake.baseUrl() + "/api");
    int ran = cli.run("run", "--provider", "notes", "--base-url", fake.baseUrl() + "/api", "--project", "alpha",
        "--state", "state", "--out", "events.jsonl");

    assertThat(planned).as(cli.err()).isEqualTo(ExitCodes.DONE);
    assertThat(cli.out()).contains("alpha", "beta", "no estimate from the provider");
    assertThat(ran).as(cli.err()).isEqualTo(ExitCodes.DONE);
    List<SourceEvent> events = CliTestSupport.events(directory.resolve("events.jsonl"));
    assertThat(events.stream().map(SourceEvent::sourceId).collect(Collectors.toSet())).isEqualTo(
        fake.sourceIdsIn(Window.of(NOW.minus(Duration.ofDays(30)), Instant.now())).stream().filter(id -> id.startsWith("note:alpha#")).collect(Collectors.toSet()));

    SourceEvent backfilled = events.get(0);
    String body = "{\"project\":\"alpha\",\"note\":{\"id\":" + backfilled.sourceId().replaceAll(".*#(\\d+):.*", "$1")
        + ",\"title\":\"" + backfilled.title() + "\",\"state\":\"" + backfilled.sourceId().replaceAll(".*:", "")
        + "\",\"updatedAt\":\"" + backfilled.occurredAt() + "\",\"author\":{\"id\":\"" + backfilled.actor().id()
        + "\",\"name\":\"" + backfilled.actor().name() + "\"}}}";
    Files.writeString(directory.resolve("delivery.json"), body);
    String signature = HmacSignatures.sign("HmacSHA256", "notes-secret", body.getBytes(StandardCharsets.UTF_8));
    cli.out.reset();

    int verified = cli.run("webhook", "--provider", "notes", "--file", "delivery.json", "--signature", signature,
        "--secret-env", "NOTES_SECRET");
    int forged = cli.run("webhook", "--provider", "notes", "--file", "delivery.json", "--signature", "00" + signature.substring(2),
        "--secret-env", "NOTES_SECRET");

    assertThat(verified).as(cli.err()).isEqualTo(ExitCodes.DONE);
    assertThat(cli.out()).contains("\"sourceId\" : \"" + backfilled.sourceId() + "\"", "\"ingestionSource\" : \"WEBHOOK\"");
    assertThat(forged).isEqualTo(ExitCodes.VERIFICATION_FAILED);
  }

  @Test
  void anOptionOfAnotherProviderIsRefusedNamingThisOnesOptions() {
    CliTestSupport cli = new CliTestSupport(directory, Map.of("NOTES_TOKEN", "notes-token-1234"));

    int exit = cli.run("run", "--provider", "notes", "--base-url", fake.baseUrl() + "/api", "--repo", "acme/api");

    assertThat(exit).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(cli.err()).contains("--repo is not an option of notes; its options: --project");
  }
}
