package dev.backfill.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.http.ResponseStage;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Window;
import dev.backfill.linear.internal.LinearQueries;
import dev.backfill.testkit.FakeRequest;
import dev.backfill.testkit.FakeResponse;
import dev.backfill.testkit.linear.FakeLinear;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinearConnectorTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final List<String> ALL = List.of("issue", "comment", "project");
  private FakeLinear fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private static Backfill backfill() {
    return Backfill.builder()
        .connectors(Connectors.of(new LinearConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .httpSettings(HttpSettings.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20))
            .maxAttempts(6).maxRateLimitWait(Duration.ofSeconds(10)).maxThrottleWaits(30).build())
        .build();
  }

  private BackfillRequest.Builder request() {
    return BackfillRequest.builder()
        .provider("linear")
        .connectionId("conn")
        .credentials(CredentialProvider.staticToken("lin_api_for_tests"))
        .putSettings(LinearConnector.BASE_URL.key(), fake.baseUrl())
        .entityTypes(ALL)
        .depth(Depth.DAYS_90);
  }

  private static Set<String> sourceIds(InMemorySink sink) {
    return sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
  }

  private Set<String> expected() {
    return fake.expectedSourceIds(Window.of(NOW.minus(Duration.ofDays(90)), NOW), ALL);
  }

  @Test
  void isFoundThroughServiceLoader() {
    assertThat(Connectors.load().get("linear")).isInstanceOf(LinearConnector.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16})
  void backfillsEveryEntityTypeOfEveryTeamWithinTheMinimumRequests(int maxConcurrentRequests) {
    fake = FakeLinear.builder().seed(1).teams("ENG", "OPS", "WEB").issuesPerTeam(300).commentsPerTeam(120).projectsPerTeam(9)
        .history(NOW, 120).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request()
        .putSettings(LinearConnector.MAX_CONCURRENT_REQUESTS.key(), String.valueOf(maxConcurrentRequests)).build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(expected());
    assertThat(sink.events()).hasSize(expected().size());
    Instant since = NOW.minus(Duration.ofDays(90));
    for (WorkResult work : result.works()) {
      String team = work.key().resourceId();
      long items;
      switch (work.key().entityType()) {
        case "issue":
          items = fake.issues(team).stream().filter(i -> !i.updatedAt().isBefore(since)).count();
          break;
        case "comment":
          items = fake.comments(team).stream().filter(c -> !c.updatedAt().isBefore(since)).count();
          break;
        default:
          items = fake.projects(team).stream().filter(p -> !p.updatedAt().isBefore(since)).count();
      }
      int pageSize = LinearQueries.pageSize(work.key().entityType(), 10_000);
      long minimum = Math.max(1, (items + pageSize - 1) / pageSize);
      long slices = maxConcurrentRequests == 1 ? 0 : 2L * PageRequest.DEFAULT_MAX_PARTS;
      assertThat(work.runCounts().requests()).as("%s: the minimum, one more to see the end, and a part-full last page per slice", work.key())
          .isBetween(minimum, minimum + 1 + slices);
    }
    assertThat(fake.stats().count("budget-spent") + fake.stats().count("complexity-spent")).isZero();
  }

  @Test
  void halvesThePageWhenAQueryIsTooComplexAndKeepsTheSmallerSize() {
    fake = FakeLinear.builder().seed(2).teams("ENG").issuesPerTeam(120).commentsPerTeam(0).projectsPerTeam(0)
        .history(NOW, 120).complexityCap(1_000).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request().entityTypes(List.of("issue")).build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(fake.expectedSourceIds(Window.of(NOW.minus(Duration.ofDays(90)), NOW), List.of("issue")));
    assertThat(fake.stats().count("too-complex")).isEqualTo(3);
    assertThat(result.works().get(0).runCounts().pages()).isGreaterThan(4);
  }

  @Test
  void ratelimitedErrorsAreWaitedOut() {
    fake = FakeLinear.builder().seed(3).teams("ENG").issuesPerTeam(60).commentsPerTeam(30).projectsPerTeam(4)
        .history(NOW, 120).complexityBudget(3_000, Duration.ofSeconds(1)).start();
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request().putSettings(LinearConnector.COMPLEXITY_CAP.key(), "1000").concurrency(1).build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(sourceIds(sink)).isEqualTo(expected());
    assertThat(result.runTotals().rateLimitWaits()).isPositive();
  }

  @Test
  void authenticationErrorInABodyRefreshesTheCredentialOnce() {
    fake = FakeLinear.builder().seed(4).teams("ENG").issuesPerTeam(10).commentsPerTeam(0).projectsPerTeam(0).history(NOW, 120).start();
    fake.overrideOnce(FakeRequest.to("POST", "/graphql"), request -> FakeResponse.json(200,
        "{\"data\":null,\"errors\":[{\"message\":\"Authentication required, not authenticated\","
            + "\"extensions\":{\"code\":\"AUTHENTICATION_ERROR\"}}]}"));
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request().entityTypes(List.of("issue")).build(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(result.runTotals().credentialRefreshes()).isEqualTo(1);
    assertThat(sourceIds(sink)).isEqualTo(fake.expectedSourceIds(Window.of(NOW.minus(Duration.ofDays(90)), NOW), List.of("issue")));
  }

  @Test
  void onlyTopLevelErrorsSayRateLimitedOrUnauthenticatedNotTheData() {
    java.net.http.HttpHeaders none = java.net.http.HttpHeaders.of(Map.of(), (name, value) -> true);
    ResponseStage.ConnectionLimits limits = announced -> {};
    String issueNamingBoth = "{\"data\":{\"team\":{\"issues\":{\"nodes\":[{\"id\":\"i-1\","
        + "\"title\":\"Sync stops with RATELIMITED\",\"description\":\"then AUTHENTICATION_ERROR\","
        + "\"comments\":{\"errors\":[{\"extensions\":{\"code\":\"RATELIMITED\"}}]}}]}}}}";
    String rateLimited = "{\"data\":null,\"errors\":[{\"message\":\"Rate limit exceeded\",\"extensions\":{\"code\":\"RATELIMITED\"}}]}";
    String unauthenticated = "{\"errors\":[{\"message\":\"not authenticated\",\"extensions\":{\"code\":\"AUTHENTICATION_ERROR\"}}],\"data\":null}";

    assertThat(LinearConnector.graphQlAnswer(200, none, issueNamingBoth, limits)).isEqualTo(ResponseStage.Verdict.AS_IS);
    assertThat(LinearConnector.graphQlAnswer(200, none, issueNamingBoth.substring(0, 120), limits))
        .as("cut where the stage's text ends").isEqualTo(ResponseStage.Verdict.AS_IS);
    assertThat(LinearConnector.graphQlAnswer(400, none, rateLimited, limits)).isEqualTo(ResponseStage.Verdict.THROTTLED);
    assertThat(LinearConnector.graphQlAnswer(200, none, rateLimited, limits)).isEqualTo(ResponseStage.Verdict.THROTTLED);
    assertThat(LinearConnector.graphQlAnswer(200, none, unauthenticated, limits)).isEqualTo(ResponseStage.Verdict.UNAUTHORIZED);
    assertThat(LinearConnector.graphQlAnswer(400, none, "<html>RATELIMITED</html>", limits)).isEqualTo(ResponseStage.Verdict.PASS_THROUGH);
  }

  @Test
  void otherGraphQlErrorsAreTypedWithMessageAndPath() {
    fake = FakeLinear.builder().seed(5).teams("ENG").issuesPerTeam(10).commentsPerTeam(0).projectsPerTeam(0).history(NOW, 120).start();
    fake.override(FakeRequest.to("POST", "/graphql").and(request -> request.body().contains("BackfillIssues")),
        request -> FakeResponse.status(400).withBody("{\"data\":null,\"errors\":[{\"message\":\"Entity not found: Team\","
            + "\"path\":[\"team\"],\"extensions\":{\"code\":\"INVALID_INPUT\"}}]}"));

    BackfillResult result = backfill().run(request().entityTypes(List.of("issue")).build(), new InMemorySink());

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(result.works().get(0).error().orElseThrow()).isInstanceOfSatisfying(LinearGraphQlException.class, e -> {
      assertThat(e.graphQlMessage()).isEqualTo("Entity not found: Team");
      assertThat(e.path()).isEqualTo("team");
    });
    assertThat(result.works().get(0).runCounts().requests()).isEqualTo(1);
  }

  @Test
  void apiKeysGoAsTheyAreAndOauthTokensAsBearer() {
    fake = FakeLinear.builder().seed(6).teams("ENG").issuesPerTeam(2).commentsPerTeam(0).projectsPerTeam(0).history(NOW, 120).start();

    backfill().run(request().entityTypes(List.of("issue")).build(), new InMemorySink());
    backfill().run(request().connectionId("oauth").entityTypes(List.of("issue")).putSettings(LinearConnector.AUTH.key(), "oauth").build(),
        new InMemorySink());

    assertThat(fake.requests()).filteredOn(FakeRequest.to("POST", "/graphql")).extracting(request -> request.header("Authorization"))
        .contains(Optional.of("lin_api_for_tests"), Optional.of("Bearer lin_api_for_tests"));
  }

  @Test
  void explicitTeamKeysLimitTheTeams() {
    fake = FakeLinear.builder().seed(7).teams("ENG", "OPS", "WEB").issuesPerTeam(5).commentsPerTeam(0).projectsPerTeam(0)
        .history(NOW, 120).start();

    BackfillResult result = backfill().run(request().entityTypes(List.of("issue")).putSettings(LinearConnector.TEAMS.key(), "OPS, WEB").build(),
        new InMemorySink());

    assertThat(result.works()).extracting(work -> work.key().resourceId()).containsExactly("OPS", "WEB");
  }
}
