package dev.backfill.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CommonSettings;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.github.GitHubConnector;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.FakeResponse;
import dev.backfill.testkit.github.FakeGitHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackfillMetricsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final String TOKEN = "personal-token-for-tests";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private FakeGitHub fake;

  @AfterEach
  void stop() {
    fake.close();
  }

  private BackfillResult run(BackfillMetrics metrics, String connectionId) {
    Backfill backfill = Backfill.builder()
        .connectors(Connectors.of(new GitHubConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .httpSettings(HttpSettings.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build())
        .build();
    BackfillRequest request = BackfillRequest.builder()
        .provider("github")
        .connectionId(connectionId)
        .credentials(CredentialProvider.staticToken(TOKEN))
        .putSettings(GitHubConnector.BASE_URL.key(), fake.baseUrl())
        .putSettings(GitHubConnector.REPOSITORIES.key(), "acme/api")
        .putSettings(CommonSettings.MAX_CONCURRENT_REQUESTS, "1")
        .concurrency(1)
        .depth(Depth.DAYS_90)
        .build();
    return backfill.start(request, new InMemorySink(), metrics).await();
  }

  @Test
  void publishesWhatEachWorkDidTaggedByProviderAndEntityType() throws Exception {
    fake = FakeGitHub.builder().seed(7).repositories("acme/api").pullRequestsPerRepository(250).issuesPerRepository(120)
        .releasesPerRepository(3).history(NOW, 120).rateLimit(10_000, Duration.ofHours(1)).start();
    fake.overrideOnce(FakeRequest.to("GET", "/repos/acme/api/releases"), request -> FakeResponse.status(502));

    BackfillResult result = run(BackfillMetrics.of(registry), "conn-1");

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(result.works()).hasSize(3);
    for (WorkResult work : result.works()) {
      Tags tags = Tags.of("provider", "github", "entity.type", work.key().entityType());
      assertThat(count(BackfillMetrics.PAGES, tags)).as("pages of %s", work.key()).isEqualTo(work.runCounts().pages());
      assertThat(count(BackfillMetrics.EVENTS, tags)).as("events of %s", work.key()).isEqualTo(work.runCounts().events());
      assertThat(count(BackfillMetrics.REQUESTS, tags)).as("requests of %s", work.key()).isEqualTo(work.runCounts().requests());
      assertThat(count(BackfillMetrics.RETRIES, tags)).as("retries of %s", work.key()).isEqualTo(work.runCounts().retries());
      assertThat(count(BackfillMetrics.WORKS, tags.and("status", "completed"))).isEqualTo(1);
      assertThat(registry.get(BackfillMetrics.REQUESTS_ACTIVE).tags(tags).gauge().value()).isZero();
    }
    Tags releases = Tags.of("provider", "github", "entity.type", "release");
    assertThat(count(BackfillMetrics.REQUESTS, releases.and("outcome", "5xx"))).isEqualTo(1);
    assertThat(count(BackfillMetrics.REQUESTS, releases.and("outcome", "2xx"))).isEqualTo(1);
    assertThat(count(BackfillMetrics.RETRIES, releases)).isEqualTo(1);
    assertThat(registry.get(BackfillMetrics.BUDGET_REMAINING).tags("provider", "github").gauge().value())
        .as("the budget the last answer announced: one more than the next request is told")
        .isEqualTo(remainingAfterOneMoreRequest() + 1);
    assertThat(registry.getMeters()).flatExtracting(meter -> meter.getId().getTags()).extracting(Tag::getKey)
        .doesNotContain("connection");
  }

  @Test
  void aSkippedItemAFailedWorkAndARateLimitWaitAreCounted() {
    fake = FakeGitHub.builder().seed(8).repositories("acme/api").pullRequestsPerRepository(0).issuesPerRepository(30)
        .releasesPerRepository(2).history(NOW, 120).start();
    fake.override(FakeRequest.to("GET", "/repos/acme/api/releases"), request -> FakeResponse.status(404));
    fake.overrideOnce(FakeRequest.to("GET", "/repos/acme/api/issues"), request -> FakeResponse.status(429).withHeader("Retry-After", "0"));

    BackfillResult result = run(BackfillMetrics.of(registry), "conn-1");

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(count(BackfillMetrics.WORKS, Tags.of("provider", "github", "entity.type", "release", "status", "failed"))).isEqualTo(1);
    assertThat(count(BackfillMetrics.REQUESTS, Tags.of("entity.type", "release", "outcome", "4xx"))).isEqualTo(1);
    assertThat(registry.get(BackfillMetrics.RATE_LIMIT_WAITS).tags("entity.type", "issue").timer().count()).isEqualTo(1);
  }

  @Test
  void tagsTheConnectionAndTheHostsTagsOnlyWhenAsked() {
    fake = FakeGitHub.builder().seed(9).repositories("acme/api").pullRequestsPerRepository(3).issuesPerRepository(3)
        .releasesPerRepository(1).history(NOW, 120).start();
    BackfillMetrics metrics = BackfillMetrics.builder(registry).tagConnectionId(true).tags(Tags.of("service", "ingest")).build();

    run(metrics, "conn-a");
    run(metrics, "conn-b");

    for (String connection : List.of("conn-a", "conn-b")) {
      assertThat(count(BackfillMetrics.WORKS, Tags.of("service", "ingest", "connection", connection, "status", "completed")))
          .isEqualTo(3);
    }
    assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTag("service")).isEqualTo("ingest"));
  }

  private double count(String name, Tags tags) {
    return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }

  private long remainingAfterOneMoreRequest() throws Exception {
    HttpResponse<Void> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/repos/acme/api/releases?per_page=1"))
            .header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.discarding());
    return Long.parseLong(response.headers().firstValue("x-ratelimit-remaining").orElseThrow());
  }
}
