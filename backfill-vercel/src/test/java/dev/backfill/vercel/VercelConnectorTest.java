package dev.backfill.vercel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.FakeResponse;
import dev.backfill.testkit.vercel.FakeVercel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VercelConnectorTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private FakeVercel fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private static Backfill backfill() {
    return Backfill.builder()
        .connectors(Connectors.of(new VercelConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .httpSettings(HttpSettings.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20))
            .maxAttempts(6).maxRateLimitWait(Duration.ofSeconds(10)).maxThrottleWaits(30).build())
        .build();
  }

  private BackfillRequest.Builder request() {
    return BackfillRequest.builder()
        .provider("vercel")
        .connectionId("conn")
        .credentials(CredentialProvider.staticToken("vercel-token-for-tests"))
        .putSettings(VercelConnector.BASE_URL.key(), fake.baseUrl())
        .depth(Depth.DAYS_90);
  }

  private static Set<String> sourceIds(InMemorySink sink) {
    return sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
  }

  @Test
  void isFoundThroughServiceLoader() {
    assertThat(Connectors.load().get("vercel")).isInstanceOf(VercelConnector.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16})
  void teamProjectsAreListedAndEveryRequestCarriesTheTeam(int maxConcurrentRequests) {
    fake = FakeVercel.builder().seed(1).projects(3).deploymentsPerProject(250).history(NOW, 120).teamId("team_a").start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request().putSettings(VercelConnector.TEAM_ID.key(), "team_a")
        .putSettings(VercelConnector.MAX_CONCURRENT_REQUESTS.key(), String.valueOf(maxConcurrentRequests)).build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(result.works()).extracting(work -> work.key().resourceId()).containsExactlyElementsOf(fake.projects().keySet());
    assertThat(sourceIds(sink)).isEqualTo(fake.expectedSourceIds(Window.of(NOW.minus(Duration.ofDays(90)), NOW)));
    assertThat(fake.stats().count("wrong-team")).isZero();
    Instant since = NOW.minus(Duration.ofDays(90));
    for (WorkResult work : result.works()) {
      long inWindow = fake.deployments(work.key().resourceId()).stream().filter(d -> !d.created().isBefore(since)).count();
      long minimum = (inWindow + 99) / 100;
      long slices = maxConcurrentRequests == 1 ? 0 : 2L * PageRequest.DEFAULT_MAX_PARTS;
      assertThat(work.runCounts().requests()).as("%s: the minimum, one more to see the end, and a part-full last page per slice", work.key())
          .isBetween(minimum, minimum + 1 + slices);
    }
  }

  @Test
  void projectsAreListedPageByPageThroughTheContinuationToken() {
    fake = FakeVercel.builder().seed(6).projects(5).projectsPageSize(2).deploymentsPerProject(3).history(NOW, 120).teamId("team_a").start();

    BackfillResult result = backfill().run(request().putSettings(VercelConnector.TEAM_ID.key(), "team_a").build(), new InMemorySink());

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(result.works()).extracting(work -> work.key().resourceId()).containsExactlyElementsOf(fake.projects().keySet());
    assertThat(fake.stats().count("projects")).as("three pages of at most two projects").isEqualTo(3);
    assertThat(fake.stats().count("bad-continuation")).isZero();
  }

  @Test
  void missingTeamIsRefusedByATeamScopedApi() {
    fake = FakeVercel.builder().seed(1).projects(1).deploymentsPerProject(5).teamId("team_a").start();

    BackfillResult result = backfill().run(request().build(), new InMemorySink());

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(result.error().orElseThrow()).hasMessageContaining("HTTP 403");
  }

  @Test
  void explicitProjectsSkipTheListing() {
    fake = FakeVercel.builder().seed(2).projects(3).deploymentsPerProject(20).history(NOW, 120).start();
    String chosen = fake.projects().keySet().iterator().next();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request().putSettings(VercelConnector.PROJECTS.key(), chosen).build(), sink);

    assertThat(result.works()).extracting(work -> work.key().resourceId()).containsExactly(chosen);
    assertThat(fake.stats().count("projects")).isZero();
    assertThat(sink.events()).allSatisfy(event -> assertThat(event.metadata().get("projectId").asText()).isEqualTo(chosen));
  }

  @Test
  void faultsStillYieldExactlyTheExpectedSet() {
    fake = FakeVercel.builder().seed(3).projects(2).deploymentsPerProject(80).history(NOW, 120).faults(0.08, 0.05, 0.08).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request().putSettings(VercelConnector.PAGE_SIZE.key(), "4").build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(fake.expectedSourceIds(Window.of(NOW.minus(Duration.ofDays(90)), NOW)));
    long injected = fake.stats().count("server-error") + fake.stats().count("truncated");
    assertThat(injected).isPositive();
    assertThat(fake.stats().count("throttled")).isPositive();
    assertThat(result.runTotals().retries()).isEqualTo(injected);
    assertThat(result.runTotals().rateLimitWaits()).isGreaterThanOrEqualTo(fake.stats().count("throttled"));
  }

  @Test
  void deploymentInAnUnknownStateIsSkippedAndReported() {
    fake = FakeVercel.builder().seed(4).projects(1).deploymentsPerProject(0).start();
    listOnly(deployment("dpl_ok", 60, "READY") + "," + deployment("dpl_odd", 120, "HIBERNATING"));
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request().build(), sink);

    assertThat(sourceIds(sink)).containsExactly("deployment:dpl_ok");
    assertThat(result.works().get(0).skippedItems()).singleElement()
        .satisfies(item -> assertThat(item.reason()).contains("state 'HIBERNATING'"));
  }

  @Test
  void blockedAndDeletedDeploymentsAreTheEventsOfTheirBeginning() {
    fake = FakeVercel.builder().seed(4).projects(1).deploymentsPerProject(0).start();
    listOnly(deployment("dpl_blocked", 60, "BLOCKED") + "," + deployment("dpl_deleted", 120, "DELETED"));
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request().build(), sink);

    assertThat(result.works().get(0).skippedItems()).isEmpty();
    assertThat(sink.events()).extracting(SourceEvent::sourceId).containsExactlyInAnyOrder("deployment:dpl_blocked", "deployment:dpl_deleted");
    assertThat(sink.events()).allSatisfy(event -> assertThat(event.metadata().path("type").asText()).isEqualTo("deployment.created"));
  }

  private void listOnly(String deployments) {
    fake.override(FakeRequest.to("GET", "/v6/deployments"), request -> FakeResponse.json(200,
        "{\"deployments\":[" + deployments + "],\"pagination\":{\"count\":2,\"next\":null,\"prev\":null}}"));
  }

  private static String deployment(String uid, long secondsAgo, String state) {
    return "{\"uid\":\"" + uid + "\",\"name\":\"web\",\"created\":" + NOW.minusSeconds(secondsAgo).toEpochMilli()
        + ",\"state\":\"" + state + "\",\"creator\":{\"uid\":\"usr_1\"}}";
  }

  @Test
  void defaultClientCeilingIsOneHundredRequestsAMinute() {
    assertThat(new VercelConnector().httpProfile(VercelConnector.SETTINGS.parse(Map.of())).ceiling().orElseThrow().requests()).isEqualTo(100);
    assertThat(new VercelConnector().httpProfile(VercelConnector.SETTINGS.parse(Map.of())).ceiling().orElseThrow().period()).isEqualTo(Duration.ofMinutes(1));
    assertThat(new VercelConnector().httpProfile(VercelConnector.SETTINGS.parse(Map.of(VercelConnector.REQUESTS_PER_MINUTE.key(), "30"))).ceiling().orElseThrow().requests())
        .isEqualTo(30);
  }
}
