package dev.backfill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.HmacSignatures;
import dev.backfill.core.state.FileCheckpointStore;
import dev.backfill.testkit.github.FakeGitHub;
import dev.backfill.testkit.linear.LinearIssue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Careless and hostile inputs to the command line: each ends with a clear message and the exit code the table gives it. */
class HostileInputCliTest {
  private static final String TOKEN = "hostile-cli-token-0815";

  @TempDir Path directory;
  private FakeGitHub fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private FakeGitHub fake(Duration latency) {
    fake = FakeGitHub.builder().seed(41).pullRequestsPerRepository(30).issuesPerRepository(10).releasesPerRepository(2)
        .history(Instant.now(), 60).latency(latency).start();
    return fake;
  }

  private String[] run(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--provider", "github", "--repo", "acme/api",
        "--base-url", fake.baseUrl(), "--state", "state", "--setting", "pageSize=5"));
    args.addAll(List.of(more));
    if (!args.contains("--out")) {
      args.addAll(List.of("--out", "out/events.jsonl"));
    }
    return args.toArray(String[]::new);
  }

  @Test
  void aTokenFileEndingInALineBreakIsReadWithoutIt() throws Exception {
    fake(Duration.ZERO);
    Files.writeString(directory.resolve("token"), TOKEN + "\r\n");
    CliTestSupport cli = new CliTestSupport(directory, Map.of());

    assertThat(cli.run(run("--token-file", "token"))).as(cli.err()).isEqualTo(ExitCodes.DONE);
  }

  @Test
  void aTokenWithALineBreakInsideIsRefusedTheSameWayByRunAndPlan() throws Exception {
    fake(Duration.ZERO);
    Files.writeString(directory.resolve("token"), "tok-SECRET-123\nsecond\n");
    CliTestSupport cli = new CliTestSupport(directory, Map.of());

    int run = cli.run(run("--token-file", "token"));
    int plan = cli.run("plan", "--provider", "github", "--repo", "acme/api", "--base-url", fake.baseUrl(), "--token-file", "token");

    assertThat(run).isEqualTo(ExitCodes.AUTHENTICATION_FAILED);
    assertThat(plan).isEqualTo(ExitCodes.AUTHENTICATION_FAILED);
    assertThat(cli.err()).contains("the token in the --token-file token cannot be used", "character 15 of 21 is a line break")
        .doesNotContain("SECRET");
    assertThat(fake.stats().requests()).isZero();
  }

  @Test
  void anUnreadableAppKeyIsAnAuthenticationFailure() throws Exception {
    fake(Duration.ZERO);
    Files.writeString(directory.resolve("app.pem"), "-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n");
    CliTestSupport cli = new CliTestSupport(directory, Map.of());

    int exit = cli.run("run", "--provider", "github", "--installation", "77", "--app-id", "1", "--private-key", "app.pem",
        "--base-url", fake.baseUrl());

    assertThat(exit).isEqualTo(ExitCodes.AUTHENTICATION_FAILED);
    assertThat(cli.err()).contains("private key").doesNotContain("bm90IGEga2V5");
  }

  @Test
  void aSecondRunOnAStateInUseExitsWithItsOwnCodeAndFetchesNothing() throws Exception {
    fake(Duration.ofMillis(150));
    CliProcess first = new CliProcess(directory, Map.of("T", TOKEN), run("--token-env", "T"));
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!heldLockFile(directory.resolve("state")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long requestsBefore = fake.stats().requests();
      CliTestSupport second = new CliTestSupport(directory, Map.of("T", TOKEN));

      int exit = second.run(run("--token-env", "T", "--out", "out/second.jsonl"));

      assertThat(exit).as(second.err()).isEqualTo(ExitCodes.STATE_LOCKED);
      assertThat(second.out()).contains("another backfill run is using the state", "pid " + first.process.pid());
      assertThat(fake.stats().requests() - requestsBefore).isLessThan(20);
      assertThat(directory.resolve("out/second.jsonl")).isEmptyFile();
      assertThat(first.waitFor()).as(first.output()).isEqualTo(ExitCodes.DONE);
    } finally {
      first.process.destroyForcibly();
    }
    CliTestSupport third = new CliTestSupport(directory, Map.of("T", TOKEN));
    assertThat(third.run(run("--token-env", "T"))).as("the lock is released when its holder ends").isEqualTo(ExitCodes.DONE);
  }

  /** Whether a run holds the lock file of a work in {@code state}: it writes its process id there. */
  private static boolean heldLockFile(Path state) throws IOException {
    if (!Files.isDirectory(state)) {
      return false;
    }
    try (Stream<Path> files = Files.list(state)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.toString().endsWith(".lock") && Files.readString(file).startsWith("pid")) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void eventsAndCheckpointsAreOwnerOnly() throws Exception {
    fake(Duration.ZERO);
    CliTestSupport cli = new CliTestSupport(directory, Map.of("T", TOKEN));

    assertThat(cli.run(run("--token-env", "T"))).isEqualTo(ExitCodes.DONE);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("out/events.jsonl")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("state")))).isEqualTo("rwx------");
    try (var files = Files.list(directory.resolve("state"))) {
      assertThat(files.filter(file -> file.toString().endsWith(".json")))
          .isNotEmpty()
          .allSatisfy(file -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------"));
    }
  }

  @Test
  void statusReportsEachUnreadableCheckpointAndListsTheRest() throws Exception {
    fake(Duration.ZERO);
    CliTestSupport cli = new CliTestSupport(directory, Map.of("T", TOKEN));
    assertThat(cli.run(run("--token-env", "T", "--entities", "release"))).isEqualTo(ExitCodes.DONE);
    Path state = directory.resolve("state");
    Files.createSymbolicLink(state.resolve("zero.json"), Path.of("/dev/zero"));
    Files.createSymbolicLink(state.resolve("random.json"), Path.of("/dev/urandom"));
    Files.write(state.resolve("huge.json"), new byte[FileCheckpointStore.MAX_CHECKPOINT_BYTES + 1]);
    Files.write(state.resolve("garbage.json"), new byte[] {'{', 0x1b, ']', '0', ';', 'x', 0x07});

    int exit = cli.run("status", "--state", "state");

    assertThat(exit).isEqualTo(ExitCodes.PARTIAL_FAILURE);
    assertThat(cli.out()).containsPattern("github\\s+cli\\s+acme/api\\s+release\\s+completed");
    assertThat(cli.err()).contains("zero.json: not a regular file", "random.json: not a regular file",
        "huge.json: larger than 1048576 bytes", "unreadable checkpoint " + state.resolve("garbage.json"));
    assertThat(cli.err()).doesNotContain("\u001b", "\u0007", "\tat ");
  }

  @Test
  void everyCommandDocumentsTheOneExitCodeTableAndTheReadmeListsIt() throws Exception {
    CliTestSupport cli = new CliTestSupport(directory, Map.of());
    for (String command : List.of("--help", "run --help", "plan --help", "status --help", "webhook --help")) {
      cli.out.reset();
      assertThat(cli.run(command.split(" "))).isEqualTo(ExitCodes.DONE);
      String help = cli.out().replaceAll("\\s+", " ");
      ExitCodes.TABLE.forEach((code, meaning) -> assertThat(help).as(command).contains(" " + code + " " + meaning));
    }
    String readme = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("README.md"));
    Matcher rows = Pattern.compile("(?m)^\\| (\\d) \\| (.+) \\|$").matcher(readme);
    Map<String, String> documented = new java.util.LinkedHashMap<>();
    while (rows.find()) {
      documented.put(rows.group(1), rows.group(2));
    }
    assertThat(documented).isEqualTo(ExitCodes.TABLE);
  }

  private Path linearDelivery(String body) throws Exception {
    Path file = directory.resolve("linear.json");
    Files.writeString(file, body);
    return file;
  }

  private static String linearBody(Instant timestamp) {
    return LinearIssue.builder().id("iss-1").teamId("team-1").teamKey("ENG").number(1).title("A bug").description("")
        .priority(1).createdAt(Instant.parse("2026-11-01T00:00:00Z")).updatedAt(Instant.parse("2026-11-02T00:00:00Z"))
        .stateName("Todo").stateType("unstarted").creatorId("u1").build()
        .toWebhook("update", timestamp).toString();
  }

  @Test
  void webhookVerificationAlwaysChecksReplayWhereTheProviderSendsATimestamp() throws Exception {
    String fresh = linearBody(Instant.now().minusSeconds(5));
    String old = linearBody(Instant.parse("2024-01-01T00:00:00Z"));
    String undated = fresh.replaceAll(",?\"webhookTimestamp\":\\d+", "");
    Map<String, String> env = Map.of("SECRET", "hook-secret", "EMPTY", "");

    for (Map.Entry<String, Integer> delivery : Map.of(fresh, ExitCodes.DONE, old, ExitCodes.VERIFICATION_FAILED,
        undated, ExitCodes.VERIFICATION_FAILED).entrySet()) {
      linearDelivery(delivery.getKey());
      String signature = HmacSignatures.sign("HmacSHA256", "hook-secret", delivery.getKey().getBytes(StandardCharsets.UTF_8));
      CliTestSupport cli = new CliTestSupport(directory, env);
      assertThat(cli.run("webhook", "--provider", "linear", "--file", "linear.json", "--signature", signature, "--secret-env", "SECRET"))
          .as(cli.err()).isEqualTo(delivery.getValue());
    }

    CliTestSupport cli = new CliTestSupport(directory, env);
    assertThat(cli.run("webhook", "--provider", "linear", "--file", "linear.json", "--secret-env", "SECRET")).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(cli.err()).contains("needs both --signature");
    assertThat(cli.run("webhook", "--provider", "linear", "--file", "linear.json", "--signature", "00", "--secret-env", "EMPTY"))
        .isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(cli.err()).contains("EMPTY named by --secret-env is empty");

    Path sentry = directory.resolve("sentry.json");
    Files.writeString(sentry, "{\"action\":\"created\",\"data\":{}}");
    String sentrySignature = HmacSignatures.sign("HmacSHA256", "hook-secret", Files.readAllBytes(sentry));
    assertThat(cli.run("webhook", "--provider", "sentry", "--event", "issue", "--file", "sentry.json", "--signature", sentrySignature,
        "--secret-env", "SECRET")).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(cli.err()).contains("--timestamp");
    assertThat(cli.run("webhook", "--provider", "sentry", "--event", "issue", "--file", "sentry.json", "--signature", sentrySignature,
        "--secret-env", "SECRET", "--timestamp", "1700000000")).isEqualTo(ExitCodes.VERIFICATION_FAILED);
    assertThat(cli.out()).doesNotContain("hook-secret");
  }

  @Test
  void aWebhookBodyWithADuplicateKeyOrTrailingTextIsInvalidInput() throws Exception {
    String body = linearBody(Instant.now());
    CliTestSupport cli = new CliTestSupport(directory, Map.of());
    for (String hostile : List.of(body.replaceFirst("\\{", "{\"action\":\"remove\","), body + "\n{\"action\":\"remove\"}")) {
      linearDelivery(hostile);
      assertThat(cli.run("webhook", "--provider", "linear", "--file", "linear.json")).isEqualTo(ExitCodes.INVALID_INPUT);
    }
    assertThat(cli.err()).contains("InvalidPayloadException", "Duplicate field 'action'");
  }

  @Test
  void runningOutOfMemoryInAnyThreadEndsTheProcessInsteadOfLeavingItStuck() throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
        "-cp", System.getProperty("java.class.path"), OutOfMemoryMain.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();

    boolean ended = process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
    process.destroyForcibly();

    assertThat(ended).as("the process ended by itself after an OutOfMemoryError").isTrue();
    assertThat(process.exitValue()).isEqualTo(ExitCodes.PARTIAL_FAILURE);
  }

  @Test
  void aRequestPastItsWaitBudgetFailsNamingWhenToRetry() throws Exception {
    try (EchoServer limited = new EchoServer(429, authorization -> "{\"message\":\"slow down\"}", "Retry-After", "3")) {
      CliTestSupport cli = new CliTestSupport(directory, Map.of("T", TOKEN));

      int exit = cli.run("run", "--provider", "github", "--repo", "acme/api", "--base-url", limited.baseUrl(), "--token-env", "T",
          "--entities", "release", "--max-wait", "2s", "--out", "events.jsonl");

      assertThat(exit).isEqualTo(ExitCodes.PARTIAL_FAILURE);
      assertThat(cli.out()).contains("RateLimitExhausted", "wait budget of 2s", "retry after");
    }
  }
}
