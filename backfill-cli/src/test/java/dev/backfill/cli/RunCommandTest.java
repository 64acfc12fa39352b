package dev.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.FileCheckpointStore;
import dev.backfill.testkit.github.FakeGitHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  private static final String TOKEN = "cli-secret-token-4711";
  private static final List<String> ALL = List.of("pull_request", "issue", "release");

  @TempDir Path directory;
  private FakeGitHub fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  /** What a run of depth 30 starting now emits; the fakes' history ends a second before they start, so all of it is before the run's until. */
  private Set<String> expected() {
    return fake.expectedSourceIds(Window.of(Instant.now().minus(Duration.ofDays(30)), Instant.now()), ALL);
  }

  private String[] runArgs(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--provider", "github", "--repo", "acme/api",
        "--base-url", fake.baseUrl(), "--token-env", "TEST_GITHUB_TOKEN", "--state", "state", "--out", "out/events.jsonl",
        "--setting", "pageSize=5", "--concurrency", "1"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void cancelledRunResumesFromItsStateWithoutFetchingAPageTwiceBeyondThoseInFlight() throws Exception {
    fake = FakeGitHub.builder().seed(31).pullRequestsPerRepository(60).issuesPerRepository(40).releasesPerRepository(6)
        .history(Instant.now().minusSeconds(1), 60).latency(Duration.ofMillis(150)).start();
    CliProcess first = new CliProcess(directory, Map.of("TEST_GITHUB_TOKEN", TOKEN), runArgs());
    Path state = directory.resolve("state");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (pagesDone(state) < 3 && System.nanoTime() < deadline && first.process.isAlive()) {
      Thread.sleep(50);
    }
    assertThat(first.process.isAlive()).as(first.output()).isTrue();

    first.process.toHandle().destroy();
    int firstExit = first.waitFor();
    long firstListRequests = fake.stats().count("list");

    assertThat(firstExit).as(first.output()).isEqualTo(ExitCodes.CANCELLED);
    assertThat(first.output()).contains("cancelled; run again with the same --state to resume");
    assertThat(new FileCheckpointStore(state).list()).anyMatch(checkpoint -> checkpoint.status() != BackfillStatus.COMPLETED);

    CliTestSupport second = new CliTestSupport(directory, Map.of("TEST_GITHUB_TOKEN", TOKEN));
    int secondExit = second.run(runArgs());

    assertThat(secondExit).as(second.err()).isEqualTo(ExitCodes.DONE);
    List<SourceEvent> events = CliTestSupport.events(directory.resolve("out/events.jsonl"));
    assertThat(events.stream().map(SourceEvent::sourceId).collect(Collectors.toSet())).isEqualTo(expected());
    List<Checkpoint> done = new FileCheckpointStore(state).list();
    assertThat(done).hasSize(3).allMatch(checkpoint -> checkpoint.status() == BackfillStatus.COMPLETED);
    long pages = done.stream().mapToLong(checkpoint -> checkpoint.counts().pages()).sum();
    assertThat(fake.stats().count("list")).as("pages fetched twice: at most those in flight, GitHub's 4 requests at once")
        .isLessThanOrEqualTo(pages + 4);
    assertThat(firstListRequests).isLessThan(pages);
  }

  @Test
  void secretsAppearInNoOutputStateFileOrEventAndARefusedTokenExitsAsAnAuthenticationFailure() throws Exception {
    fake = FakeGitHub.builder().seed(32).pullRequestsPerRepository(12).issuesPerRepository(6).releasesPerRepository(2)
        .history(Instant.now().minusSeconds(1), 60).acceptedTokens("another-token").start();

    CliProcess refused = new CliProcess(directory, Map.of("TEST_GITHUB_TOKEN", TOKEN), runArgs());
    int exit = refused.waitFor();

    assertThat(exit).as(refused.output()).isEqualTo(ExitCodes.AUTHENTICATION_FAILED);
    assertThat(refused.output()).contains("credential rejected").doesNotContain(TOKEN);
    try (var files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain(TOKEN);
      }
    }
  }

  @Test
  void planEstimatesRequestsAndStatusShowsWhatARunDid() throws Exception {
    fake = FakeGitHub.builder().seed(33).pullRequestsPerRepository(230).issuesPerRepository(20).releasesPerRepository(3)
        .history(Instant.now().minusSeconds(1), 60).start();
    CliTestSupport cli = new CliTestSupport(directory, Map.of("TEST_GITHUB_TOKEN", TOKEN));

    int planned = cli.run("plan", "--provider", "github", "--repo", "acme/api", "--base-url", fake.baseUrl(),
        "--token-env", "TEST_GITHUB_TOKEN", "--entities", "pull_request");
    int ran = cli.run(runArgs("--entities", "pull_request,release", "--setting", "pageSize=100"));
    int status = cli.run("status", "--state", "state");

    assertThat(planned).isEqualTo(ExitCodes.DONE);
    assertThat(cli.out()).contains("acme/api", "at most 3 requests", "estimated requests: 3", "remaining budget: 4999", "fits: yes");
    assertThat(ran).as(cli.err()).isEqualTo(ExitCodes.DONE);
    assertThat(status).isEqualTo(ExitCodes.DONE);
    assertThat(cli.out()).containsPattern("github\\s+cli\\s+acme/api\\s+pull_request\\s+completed");
    assertThat(cli.out()).containsPattern("acme/api\\s+release\\s+completed");
    assertThat(cli.out() + cli.err()).doesNotContain(TOKEN);
  }

  @Test
  void aDeeperRunOnTheSameStateFetchesOnlyTheOlderDaysAndARepeatFetchesNothing() throws Exception {
    fake = FakeGitHub.builder().seed(35).pullRequestsPerRepository(60).issuesPerRepository(40).releasesPerRepository(6)
        .history(Instant.now().minusSeconds(1), 120).start();
    CliTestSupport cli = new CliTestSupport(directory, Map.of("TEST_GITHUB_TOKEN", TOKEN));
    Path out = directory.resolve("out/events.jsonl");
    String until = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    int shallow = cli.run(runArgs("--until", until));
    int firstRun = CliTestSupport.events(out).size();
    int deeper = cli.run(runArgs("--depth", "90", "--until", until));
    List<SourceEvent> afterDeeper = CliTestSupport.events(out);
    String deeperOutput = cli.out();
    int repeated = cli.run(runArgs("--depth", "90", "--until", until));
    int planned = cli.run("plan", "--provider", "github", "--repo", "acme/api", "--base-url", fake.baseUrl(),
        "--token-env", "TEST_GITHUB_TOKEN", "--depth", "90", "--until", until, "--state", "state");
    int status = cli.run("status", "--state", "state");

    assertThat(List.of(shallow, deeper, repeated, planned, status)).as(cli.err()).containsOnly(ExitCodes.DONE);
    Set<String> older = afterDeeper.subList(firstRun, afterDeeper.size()).stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
    assertThat(older).as("the 60 older days").isNotEmpty();
    assertThat(afterDeeper.stream().map(SourceEvent::sourceId).collect(Collectors.toList())).as("each item once")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(fake.expectedSourceIds(Window.of(Instant.parse(until).minus(Duration.ofDays(90)), Instant.parse(until)), ALL));
    assertThat(deeperOutput).containsPattern("acme/api\\s+pull_request.*completed\\s+fetched 20\\S+ \\.\\. 20\\S+");
    assertThat(CliTestSupport.events(out)).as("a repeat delivers nothing").hasSize(afterDeeper.size());
    String repeatAndAfter = cli.out().substring(deeperOutput.length());
    assertThat(repeatAndAfter).containsPattern("acme/api\\s+issue.*completed\\s+covered already");
    assertThat(repeatAndAfter).containsPattern("acme/api\\s+pull_request\\s+covered already");
    assertThat(repeatAndAfter).containsPattern("github\\s+cli\\s+acme/api\\s+release\\s+completed\\s+\\d+\\s+\\d+\\s+20\\S+Z \\.\\. 20\\S+Z");
  }

  @Test
  void anExplicitRangeFetchesThatSliceOnly() throws Exception {
    fake = FakeGitHub.builder().seed(36).pullRequestsPerRepository(60).issuesPerRepository(40).releasesPerRepository(6)
        .history(Instant.now().minusSeconds(1), 60).start();
    CliTestSupport cli = new CliTestSupport(directory, Map.of("TEST_GITHUB_TOKEN", TOKEN));
    Instant since = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
    Instant until = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);

    int ran = cli.run(runArgs("--since", since.toString(), "--until", until.toString()));

    assertThat(ran).as(cli.err()).isEqualTo(ExitCodes.DONE);
    Set<String> delivered = CliTestSupport.events(directory.resolve("out/events.jsonl")).stream().map(SourceEvent::sourceId)
        .collect(Collectors.toSet());
    assertThat(delivered).isNotEmpty().isEqualTo(fake.expectedSourceIds(Window.of(since, until), ALL));
    assertThat(cli.out()).contains("fetched " + since + " .. " + until);
  }

  @Test
  void badUsageSaysWhatIsWrongAndTheChoices() {
    CliTestSupport cli = new CliTestSupport(directory, Map.of("GITHUB_TOKEN", TOKEN));

    assertThat(cli.run("run", "--provider", "github", "--repo", "a/b", "--depth", "400")).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(cli.err()).contains("backfill depth must be 1 to 365 days, got 400");
    assertThat(cli.run("run", "--provider", "github", "--repo", "a/b", "--depth", "7", "--since", "2026-11-01")).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(cli.err()).contains("give --depth or --since, not both");
    assertThat(cli.run("run", "--provider", "github", "--repo", "a/b", "--since", "yesterday")).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(cli.err()).contains("'yesterday' is not an instant; give 2026-11-20T10:00:00Z");
    assertThat(cli.run("run", "--provider", "gitlab")).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(cli.err()).contains("no connector for provider 'gitlab'; found: github, linear", "sentry, vercel");
    assertThat(cli.run("run", "--repo", "a/b")).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(cli.err()).contains("Missing required option: '--provider");
    assertThat(cli.run("run", "--provider", "sentry", "--token-env", "NOT_SET")).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(cli.err()).contains("setting 'organization' is required");
    assertThat(cli.run("frobnicate")).isEqualTo(ExitCodes.BAD_USAGE);
  }

  @Test
  void providersListsEveryConnector() {
    CliTestSupport cli = new CliTestSupport(directory, Map.of());

    assertThat(cli.run("providers")).isEqualTo(ExitCodes.DONE);

    assertThat(cli.out()).contains("github   entity types: pull_request, issue, release", "vercel", "linear", "sentry");
  }

  @Test
  void eachProvidersSettingsArePrintedFromItsSpecAndTheReadmeShowsTheSameTables() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("README.md"));
    dev.backfill.core.Connectors connectors = dev.backfill.core.Connectors.load();
    for (String provider : List.of("github", "vercel", "sentry", "linear")) {
      CliTestSupport cli = new CliTestSupport(directory, Map.of());

      assertThat(cli.run("providers", "--settings", provider)).isEqualTo(ExitCodes.DONE);

      String table = SettingsTable.of(connectors.get(provider).settings());
      assertThat(cli.out()).isEqualTo(table);
      assertThat(readme).as("README settings table of " + provider).contains(table);
    }
  }

  @Test
  void aMistypedSettingIsRefusedWithEveryProblemAndASuggestion() {
    CliTestSupport cli = new CliTestSupport(directory, Map.of("GITHUB_TOKEN", TOKEN));

    int exit = cli.run("run", "--provider", "github", "--repo", "acme/api", "--setting", "pagesize=5", "--setting",
        "pullRequestDetails=yes", "--base-url", "http://127.0.0.1:9");

    assertThat(exit).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(cli.err()).contains("unknown setting 'pagesize' (did you mean pageSize?)",
        "setting 'pullRequestDetails' must be true or false, got 'yes'");
  }

  private static long pagesDone(Path state) {
    if (!Files.isDirectory(state)) {
      return 0;
    }
    try {
      return new FileCheckpointStore(state).list().stream().mapToLong(checkpoint -> checkpoint.counts().pages()).sum();
    } catch (RuntimeException midWrite) {
      return 0;
    }
  }

  static Set<String> ids(List<SourceEvent> events) {
    return new HashSet<>(events.stream().map(SourceEvent::sourceId).collect(Collectors.toList()));
  }
}
