package dev.backfill.sentry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.backfill.testkit.sentry.FakeSentry;
import dev.backfill.testkit.sentry.SentryIssue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SentryConnectorTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private FakeSentry fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private static Backfill backfill() {
    return Backfill.builder()
        .connectors(Connectors.of(new SentryConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .httpSettings(HttpSettings.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20))
            .maxAttempts(6).maxRateLimitWait(Duration.ofSeconds(10)).maxThrottleWaits(30).build())
        .build();
  }

  private BackfillRequest.Builder request() {
    return BackfillRequest.builder()
        .provider("sentry")
        .connectionId("conn")
        .credentials(CredentialProvider.staticToken("sentry-token-for-tests"))
        .putSettings(SentryConnector.BASE_URL.key(), fake.baseUrl())
        .putSettings(SentryConnector.ORGANIZATION.key(), fake.organization())
        .depth(Depth.DAYS_90);
  }

  private static Set<String> sourceIds(InMemorySink sink) {
    return sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
  }

  @Test
  void isFoundThroughServiceLoader() {
    assertThat(Connectors.load().get("sentry")).isInstanceOf(SentryConnector.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void everyStatusIsBackfilledWithTheMinimumRequests(int maxConcurrentRequests) {
    fake = FakeSentry.builder().seed(1).projects(3).issuesPerProject(230).history(NOW, 120).projectsPageSize(2).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request()
        .putSettings(SentryConnector.MAX_CONCURRENT_REQUESTS.key(), String.valueOf(maxConcurrentRequests)).build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    Instant since = NOW.minus(Duration.ofDays(90));
    assertThat(sourceIds(sink)).isEqualTo(fake.expectedSourceIds(Window.of(since, NOW)));
    assertThat(sink.events()).extracting(event -> event.metadata().get("status").asText()).contains("unresolved", "resolved", "ignored");
    assertThat(fake.stats().count("implied-unresolved")).isZero();
    assertThat(fake.stats().count("projects")).isEqualTo(2);
    assertThat(result.works()).extracting(work -> work.key().resourceId()).containsExactlyElementsOf(fake.projects().keySet());
    for (WorkResult work : result.works()) {
      long inWindow = fake.issues(work.key().resourceId()).stream().filter(issue -> !issue.lastSeen().isBefore(since)).count();
      long minimum = Math.max(1, (inWindow + 99) / 100);
      long slices = maxConcurrentRequests == 1 ? 0 : 2L * PageRequest.DEFAULT_MAX_PARTS;
      assertThat(work.runCounts().requests()).as("%s: the minimum, and a part-full last page per slice", work.key())
          .isBetween(minimum, minimum + slices);
    }
  }

  @Test
  void theIssuesEndpointsFiveRequestsASecondAreKeptToWithoutA429() {
    Instant now = Instant.now();
    fake = FakeSentry.builder().seed(3).projects(2).issuesPerProject(60).history(now, 120).rateLimit(5, Duration.ofSeconds(1)).start();
    InMemorySink sink = new InMemorySink();
    Backfill onTheSystemClock = Backfill.builder().connectors(Connectors.of(new SentryConnector())).build();

    BackfillResult result = onTheSystemClock.run(request().putSettings(SentryConnector.PAGE_SIZE.key(), "30").build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(fake.expectedSourceIds(Window.of(now.minus(Duration.ofDays(90)), now)));
    assertThat(fake.stats().count("budget-spent")).as("429s for a spent budget").isZero();
    assertThat(result.runTotals().rateLimitWaits()).as("waits for the next second at the reserve").isPositive();
  }

  @Test
  void explicitProjectsSkipTheListing() {
    fake = FakeSentry.builder().seed(2).projects(3).issuesPerProject(20).history(NOW, 120).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request().putSettings(SentryConnector.PROJECTS.key(), "project-2").build(), sink);

    assertThat(result.works()).extracting(work -> work.key().resourceId()).containsExactly("project-2");
    assertThat(fake.stats().count("projects")).isZero();
    Set<String> expected = fake.issues("project-2").stream().filter(issue -> !issue.lastSeen().isBefore(NOW.minus(Duration.ofDays(90))))
        .map(SentryIssue::sourceId).collect(Collectors.toSet());
    assertThat(sourceIds(sink)).isEqualTo(expected);
  }

  @Test
  void faultsStillYieldExactlyTheExpectedSet() {
    fake = FakeSentry.builder().seed(3).projects(2).issuesPerProject(80).history(NOW, 120).faults(0.08, 0.05, 0.08).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request().putSettings(SentryConnector.PAGE_SIZE.key(), "4").build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(fake.expectedSourceIds(Window.of(NOW.minus(Duration.ofDays(90)), NOW)));
    long injected = fake.stats().count("server-error") + fake.stats().count("truncated");
    assertThat(injected).isPositive();
    assertThat(fake.stats().count("throttled")).isPositive();
    assertThat(result.runTotals().retries()).isEqualTo(injected);
    assertThat(result.runTotals().rateLimitWaits()).isGreaterThanOrEqualTo(fake.stats().count("throttled"));
  }

  @Test
  void keepsRequestsInFlightUnderTheAnnouncedConcurrentLimit() {
    var profile = new SentryConnector().httpProfile(SentryConnector.SETTINGS.parse(java.util.Map.of(SentryConnector.ORGANIZATION.key(), "acme")));

    java.util.List<Integer> announced = new java.util.ArrayList<>();
    java.net.http.HttpHeaders headers = java.net.http.HttpHeaders.of(
        java.util.Map.of("X-Sentry-Rate-Limit-ConcurrentLimit", java.util.List.of("2")), (name, value) -> true);

    assertThat(profile.maxConcurrentRequests()).hasValue(4);
    assertThat(profile.stages()).allSatisfy(stage -> assertThat(stage.judge(200, headers, "[]", announced::add))
        .isEqualTo(dev.backfill.core.http.ResponseStage.Verdict.AS_IS));
    assertThat(announced).containsExactly(2);
  }

  @Test
  void organizationIsRequired() {
    fake = FakeSentry.builder().projects(1).issuesPerProject(1).start();

    assertThatThrownBy(() -> backfill().start(request().putSettings(SentryConnector.ORGANIZATION.key(), " ").build(), new InMemorySink()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'organization'");
  }
}
