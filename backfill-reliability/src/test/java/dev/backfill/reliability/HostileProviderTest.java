package dev.backfill.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.error.MalformedResponseException;
import dev.backfill.core.error.ProviderConnectionException;
import dev.backfill.core.error.RateLimitExhaustedException;
import dev.backfill.core.error.WorkLimitExceededException;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.InMemoryCheckpointStore;
import dev.backfill.github.GitHubAppCredentials;
import dev.backfill.github.GitHubConnector;
import dev.backfill.testkit.github.FakeGitHub;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A provider that is hostile or broken on purpose: every run ends with a typed error in bounded
 * time and memory, with its checkpoint at the last good page, never as a silent success.
 */
class HostileProviderTest {
  private static final Duration LIVENESS = Duration.ofSeconds(60);

  private static String appKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static GitHubAppCredentials app(HostileServer server, Duration timeout) throws Exception {
    return GitHubAppCredentials.builder().appId("12345").installationId(77).privateKeyPem(appKey()).apiBase(server.base())
        .timeout(timeout).build();
  }

  @Test
  void anEndlessTokenExchangeBodyIsAbandonedAtItsCapInsteadOfFillingTheHeap() throws Exception {
    try (HostileServer server = new HostileServer(Map.of("/app/", exchange -> HostileServer.endless(exchange, "ghs_")))) {
      GitHubAppCredentials credentials = app(server, Duration.ofSeconds(30));

      assertTimeoutPreemptively(LIVENESS, () -> assertThatThrownBy(() -> credentials.credential("c"))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("larger than 65536 bytes"));
      assertThat(server.requests).hasValue(1);
    }
  }

  @Test
  void aDrippingTokenExchangeBodyEndsAtTheExchangeTimeout() throws Exception {
    try (HostileServer server = new HostileServer(Map.of("/app/", exchange -> HostileServer.dripping(exchange, 100)))) {
      GitHubAppCredentials credentials = app(server, Duration.ofMillis(700));

      assertTimeoutPreemptively(LIVENESS, () -> assertThatThrownBy(() -> credentials.credential("c"))
          .isInstanceOf(ProviderConnectionException.class)
          .hasMessageContaining("no complete response within"));
      assertThat(server.requests).hasValue(3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghs_SECRET\\r\\nX-Injected: yes", "ghs_SECRET\\u0000tail", "ghs_SECRET\\u200btail", "ghs_SECRET\\u00a0tail"})
  void anInstallationTokenNoHeaderCanCarryIsRefusedWithoutShowingIt(String token) throws Exception {
    String body = "{\"token\":\"" + token + "\",\"expires_at\":\"2099-01-01T00:00:00Z\"}";
    try (HostileServer server = new HostileServer(Map.of("/app/", exchange -> HostileServer.json(exchange, 201, body)))) {
      GitHubAppCredentials credentials = app(server, Duration.ofSeconds(5));

      assertThatThrownBy(() -> credentials.credential("c"))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("cannot be sent in a header")
          .message().doesNotContain("SECRET");
    }
  }

  private static BackfillResult run(String baseUrl, String entityType, HttpSettings settings) {
    return Backfill.builder()
        .connectors(Connectors.of(new GitHubConnector()))
        .checkpointStore(new InMemoryCheckpointStore())
        .clock(Clock.fixed(Fixture.NOW, ZoneOffset.UTC))
        .httpSettings(settings)
        .build()
        .run(BackfillRequest.builder()
            .provider("github")
            .connectionId("hostile")
            .credentials(CredentialProvider.staticToken("hostile-token"))
            .putSettings("baseUrl", baseUrl)
            .putSettings("repositories", "acme/api")
            .entityTypes(List.of(entityType))
            .depth(Depth.DAYS_30)
            .build(), new InMemorySink());
  }

  private static WorkResult onlyWork(BackfillResult result) {
    assertThat(result.works()).hasSize(1);
    return result.works().get(0);
  }

  @Test
  void aPageOfMoreJsonThanAnyProviderSendsFailsTheWorkWithoutRetrying() throws Exception {
    String flood = "[" + "{},".repeat(1_100_000) + "{}]";
    try (HostileServer server = new HostileServer(Map.of("/repos/", exchange -> HostileServer.json(exchange, 200, flood)))) {
      BackfillResult result = assertTimeoutPreemptively(LIVENESS, () -> run(server.base().toString(), "release", Fixture.FAST));

      assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
      assertThat(onlyWork(result).error().orElseThrow()).isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("JSON tokens");
      assertThat(server.requests).hasValue(1);
    }
  }

  @Test
  void aPageOfMoreItemsThanAnyPageHoldsFailsTheWork() throws Exception {
    String crowd = "[" + "{},".repeat(20_000) + "{}]";
    try (HostileServer server = new HostileServer(Map.of("/repos/", exchange -> HostileServer.json(exchange, 200, crowd)))) {
      BackfillResult result = run(server.base().toString(), "issue", Fixture.FAST);

      assertThat(onlyWork(result).error().orElseThrow()).isInstanceOf(WorkLimitExceededException.class)
          .hasMessageContaining("holds 20001 items");
      assertThat(onlyWork(result).runCounts().events()).isZero();
    }
  }

  @Test
  void aPageOfOnlyMalformedItemsFailsTheWorkInsteadOfCompletingWithNothing() throws Exception {
    String junk = "[" + "{},".repeat(49) + "{}]";
    try (HostileServer server = new HostileServer(Map.of("/repos/", exchange -> HostileServer.json(exchange, 200, junk)))) {
      BackfillResult result = run(server.base().toString(), "issue", Fixture.FAST);

      assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
      assertThat(onlyWork(result).error().orElseThrow()).isInstanceOf(WorkLimitExceededException.class)
          .hasMessageContaining("every one of the 50 items of page 1 is malformed");
    }
  }

  @Test
  void anEndlessChainOfNewCursorsOnEmptyPagesStops() throws Exception {
    try (HostileServer server = new HostileServer(Map.of("/repos/", exchange -> {
      int page = Integer.parseInt(java.util.Optional.ofNullable(exchange.getRequestURI().getQuery()).filter(q -> q.contains("page="))
          .map(q -> q.replaceAll(".*page=(\\d+).*", "$1")).orElse("1"));
      exchange.getResponseHeaders().set("Link", "<http://" + exchange.getRequestHeaders().getFirst("Host")
          + "/repos/acme/api/releases?page=" + (page + 1) + ">; rel=\"next\"");
      HostileServer.json(exchange, 200, "[]");
    }))) {
      BackfillResult result = assertTimeoutPreemptively(LIVENESS, () -> run(server.base().toString(), "release", Fixture.FAST));

      assertThat(onlyWork(result).error().orElseThrow()).isInstanceOf(WorkLimitExceededException.class)
          .hasMessageContaining("21 pages in a row returned no item");
      assertThat(server.requests).hasValue(21);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"retry-after", "far-future reset"})
  void anAbsurdWaitFailsAtOnceNamingWhenToRetry(String kind) throws Exception {
    long farFuture = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
    try (HostileServer server = new HostileServer(Map.of("/repos/", exchange -> {
      if (kind.equals("retry-after")) {
        exchange.getResponseHeaders().set("Retry-After", "999999999");
        HostileServer.json(exchange, 429, "{\"message\":\"slow down\"}");
      } else {
        exchange.getResponseHeaders().set("x-ratelimit-remaining", "0");
        exchange.getResponseHeaders().set("x-ratelimit-reset", Long.toString(farFuture));
        HostileServer.json(exchange, 403, "{\"message\":\"API rate limit exceeded\"}");
      }
    }))) {
      BackfillResult result = assertTimeoutPreemptively(LIVENESS, () -> run(server.base().toString(), "release", HttpSettings.defaults()));

      assertThat(onlyWork(result).error().orElseThrow()).isInstanceOfSatisfying(RateLimitExhaustedException.class, e -> {
        assertThat(e.resetAt().orElseThrow()).isAfter(Instant.now().plus(Duration.ofDays(365)));
        assertThat(e.getMessage()).contains("longer than the longest accepted wait", "retry after");
      });
      assertThat(onlyWork(result).runCounts().rateLimitWaits()).isZero();
      assertThat(server.requests).hasValue(1);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {-2, 2})
  void aProviderClockAheadOrBehindOursIsNeverAskedBeforeItsWindowRolled(int offsetSeconds) {
    try (FakeGitHub fake = FakeGitHub.builder().seed(71).pullRequestsPerRepository(24).issuesPerRepository(0).releasesPerRepository(0)
        .history(Fixture.NOW, 60).rateLimit(4, Duration.ofSeconds(2))
        .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(offsetSeconds))).start()) {
      InMemorySink sink = new InMemorySink();
      BackfillResult result = Backfill.builder()
          .connectors(Connectors.of(new GitHubConnector()))
          .clock(Clock.fixed(Fixture.NOW, ZoneOffset.UTC))
          .httpSettings(Fixture.FAST)
          .build()
          .run(BackfillRequest.builder()
              .provider("github")
              .connectionId("skew")
              .credentials(CredentialProvider.staticToken("skew-token"))
              .putSettings("baseUrl", fake.baseUrl())
              .putSettings("repositories", "acme/api")
              .putSettings("pageSize", "3")
              .putSettings("rateLimitReserve", "0")
              .entityTypes(List.of("pull_request"))
              .depth(Depth.DAYS_30)
              .build(), sink);

      assertThat(result.status()).as(result.toString()).isEqualTo(BackfillStatus.COMPLETED);
      assertThat(fake.stats().count("budget-spent")).as("primary-limit 403s with the fake %ds off", offsetSeconds).isZero();
      assertThat(result.runTotals().rateLimitWaits()).isPositive();
      assertThat(sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet()))
          .isEqualTo(fake.expectedSourceIds(Window.of(Fixture.NOW.minus(Depth.DAYS_30.duration()), Fixture.NOW), List.of("pull_request")));
    }
  }
}
