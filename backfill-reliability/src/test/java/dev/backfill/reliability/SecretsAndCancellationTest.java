package dev.backfill.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.error.ForeignOriginException;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillHandle;
import dev.backfill.core.run.BackfillListener;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.CheckpointStore;
import dev.backfill.core.state.InMemoryCheckpointStore;
import dev.backfill.github.GitHubConnector;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.FakeResponse;
import dev.backfill.testkit.github.FakeGitHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsAndCancellationTest {
  private static final Instant NOW = Fixture.NOW;

  private static Backfill backfill(CheckpointStore store) {
    return Backfill.builder()
        .connectors(Connectors.of(new GitHubConnector()))
        .checkpointStore(store)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .httpSettings(Fixture.FAST)
        .build();
  }

  private static BackfillRequest request(FakeGitHub fake) {
    return BackfillRequest.builder()
        .provider("github")
        .connectionId("cancel")
        .credentials(CredentialProvider.staticToken("cancel-token"))
        .putSettings("baseUrl", fake.baseUrl())
        .putSettings("repositories", "acme/api")
        .putSettings("pageSize", "5")
        .putSettings("rateLimitReserve", "1")
        .depth(Depth.DAYS_30)
        .build();
  }

  @Test
  void cancelDuringARateLimitWaitEndsCancelledWithCheckpointsIntactAndARerunCompletes() throws Exception {
    try (FakeGitHub fake = FakeGitHub.builder().seed(51).pullRequestsPerRepository(20).issuesPerRepository(5).releasesPerRepository(1)
        .history(NOW, 60).rateLimit(4, Duration.ofSeconds(2)).start()) {
      CheckpointStore store = new InMemoryCheckpointStore();
      CountDownLatch waiting = new CountDownLatch(1);
      BackfillHandle handle = backfill(store).start(request(fake), new InMemorySink(), new BackfillListener() {
        @Override
        public void waitingForRateLimit(CheckpointKey key, Instant until, String reason) {
          waiting.countDown();
        }
      });
      assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();

      handle.cancel();
      BackfillResult cancelled = handle.await(Duration.ofSeconds(10)).orElseThrow();

      assertThat(cancelled.status()).isEqualTo(BackfillStatus.CANCELLED);
      assertThat(store.list()).isNotEmpty().noneMatch(checkpoint -> checkpoint.status() == BackfillStatus.FAILED);
      InMemorySink rest = new InMemorySink();
      BackfillResult rerun = backfill(store).run(request(fake), rest);
      assertThat(rerun.status()).isEqualTo(BackfillStatus.COMPLETED);
      assertThat(store.list()).allMatch(checkpoint -> checkpoint.status() == BackfillStatus.COMPLETED);
    }
  }

  @Test
  void cancelDuringAPageFetchEndsCancelledAndARerunDeliversTheWholeSet() throws Exception {
    try (FakeGitHub fake = FakeGitHub.builder().seed(52).pullRequestsPerRepository(30).issuesPerRepository(10).releasesPerRepository(2)
        .history(NOW, 60).latency(Duration.ofMillis(400)).start()) {
      CheckpointStore store = new InMemoryCheckpointStore();
      InMemorySink first = new InMemorySink();
      BackfillHandle handle = backfill(store).start(request(fake), first);
      while (fake.stats().count("list") < 4) {
        Thread.sleep(20);
      }

      handle.cancel();
      BackfillResult cancelled = handle.await(Duration.ofSeconds(10)).orElseThrow();

      assertThat(cancelled.status()).isEqualTo(BackfillStatus.CANCELLED);
      InMemorySink second = new InMemorySink();
      assertThat(backfill(store).run(request(fake), second).status()).isEqualTo(BackfillStatus.COMPLETED);
      List<SourceEvent> union = new ArrayList<>(first.events());
      union.addAll(second.events());
      assertThat(union.stream().map(SourceEvent::sourceId).collect(Collectors.toSet()))
          .isEqualTo(fake.expectedSourceIds(Window.of(NOW.minus(Depth.DAYS_30.duration()), NOW), List.of("pull_request", "issue", "release")));
    }
  }

  @Test
  void aNextLinkToAnotherHostFailsTheWorkWithoutFetchingIt() throws Exception {
    try (FakeGitHub fake = FakeGitHub.builder().seed(53).pullRequestsPerRepository(0).issuesPerRepository(0).releasesPerRepository(0).start();
        FakeGitHub other = FakeGitHub.builder().seed(54).start()) {
      fake.override(FakeRequest.to("GET", "/repos/acme/api/releases"), answered -> FakeResponse.json(200, "[]")
          .withHeader("Link", "<" + other.baseUrl() + "/stolen?page=2&access_token=x>; rel=\"next\""));
      BackfillRequest request = BackfillRequest.builder().from(request(fake)).entityTypes(List.of("release")).build();
      CheckpointStore store = new InMemoryCheckpointStore();

      BackfillResult result = backfill(store).run(request, new InMemorySink());

      assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
      assertThat(result.works().get(0).error().orElseThrow())
          .isInstanceOfSatisfying(ForeignOriginException.class, e -> assertThat(e.url())
              .contains(other.baseUrl() + "/stolen?page=2&access_token=***"));
      assertThat(other.requests()).isEmpty();
      assertThat(store.list()).singleElement().satisfies(checkpoint -> {
        assertThat(checkpoint.status()).isEqualTo(BackfillStatus.FAILED);
        assertThat(checkpoint.counts().pages()).isEqualTo(1);
      });
    }
  }

  @Test
  void neitherTheAppKeyNorAnyTokenReachesALogLineMessageCheckpointOrEvent(@TempDir Path directory) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String keyBody = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    Path key = directory.resolve("app.pem");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + keyBody + "\n-----END PRIVATE KEY-----\n");
    Path token = directory.resolve("token.txt");
    Files.writeString(token, "known-secret-token-0042");
    try (FakeGitHub fake = FakeGitHub.builder().seed(54).pullRequestsPerRepository(30).issuesPerRepository(10).releasesPerRepository(2)
        .history(NOW, 60).installationId(77).tokenLifetimeRequests(4).faults(0.1, 0.05, 0.1).acceptedTokens("some-other-token").start()) {
      String appOutput = run(directory.resolve("app"), fake, "app", key);
      String tokenOutput = run(directory.resolve("token"), fake, "token", token);

      assertThat(fake.stats().count("expired-token")).as("the app run refreshed its token").isPositive();
      assertThat(appOutput).contains("DEBUG");
      assertThat(tokenOutput).contains("credential rejected");
      List<String> secrets = new ArrayList<>(List.of("known-secret-token-0042", "ghs_fake"));
      for (String line : keyBody.split("\n")) {
        secrets.add(line);
      }
      for (String output : List.of(appOutput, tokenOutput)) {
        secrets.forEach(secret -> assertThat(output).doesNotContain(secret));
      }
      try (var files = Files.walk(directory)) {
        for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.equals(key) && !f.equals(token)).collect(Collectors.toList())) {
          String content = Files.readString(file);
          secrets.forEach(secret -> assertThat(content).as(file.toString()).doesNotContain(secret));
        }
      }
    }
  }

  private static String run(Path directory, FakeGitHub fake, String mode, Path secret) throws Exception {
    Files.createDirectories(directory);
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
        SecretsRunMain.class.getName(),
        fake.baseUrl(), directory.resolve("state").toString(), directory.resolve("events.jsonl").toString(), NOW.toString(),
        mode, secret.toString(), "77");
    Path log = directory.resolve("output.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return Files.readString(log);
  }

}
