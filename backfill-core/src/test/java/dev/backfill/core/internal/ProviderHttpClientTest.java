package dev.backfill.core.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.error.ForeignOriginException;
import dev.backfill.core.error.MalformedResponseException;
import dev.backfill.core.error.ProviderApiException;
import dev.backfill.core.error.ProviderConnectionException;
import dev.backfill.core.error.RateLimitExhaustedException;
import dev.backfill.core.http.AuthScheme;
import dev.backfill.core.http.HeaderRateLimitPolicy;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.http.ProviderHttp;
import dev.backfill.core.http.ProviderResponse;
import dev.backfill.core.http.RequestCeiling;
import dev.backfill.core.http.ResponseStage;
import dev.backfill.core.spi.Credential;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.RateLimitStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProviderHttpClientTest {
  private static final String TOKEN = "tok-secret-123";

  private WireMockServer server;
  private final RecordingObserver observer = new RecordingObserver();
  private final RotatingCredentials credentials = new RotatingCredentials();

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private HttpSettings fastSettings() {
    return HttpSettings.builder()
        .maxAttempts(3)
        .initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5))
        .maxRateLimitWait(Duration.ofSeconds(2))
        .maxThrottleWaits(3)
        .requestTimeout(Duration.ofSeconds(2))
        .maxResponseBytes(10_000)
        .build();
  }

  private HttpProfile.Builder profile() {
    return HttpProfile.builder()
        .provider("fake")
        .apiBase(URI.create(server.baseUrl() + "/api"))
        .putHeaders("Accept", "application/json")
        .rateLimitPolicy(HeaderRateLimitPolicy.builder()
            .remainingHeader("x-ratelimit-remaining")
            .resetHeader("x-ratelimit-reset")
            .reserve(0)
            .build());
  }

  private ProviderHttp http(HttpProfile profile) {
    return http(profile, fastSettings(), credentials);
  }

  private ProviderHttp http(HttpProfile profile, HttpSettings settings, CredentialProvider credentials) {
    return new ProviderHttpClient(ProviderHttpClient.newHttpClient(settings), profile, settings, credentials, "conn-1", Clock.systemUTC())
        .forWorker(observer);
  }

  private ProviderHttp http() {
    return http(profile().build());
  }

  private URI url(String path) {
    return URI.create(server.baseUrl() + path);
  }

  @Test
  void returnsParsedBodyAndSendsProfileHeadersAndCredential() {
    server.stubFor(get("/api/items").willReturn(okJson("{\"items\":[1,2]}").withHeader("x-ratelimit-remaining", "41")));

    ProviderResponse response = http().get(http().resolve("items"));

    assertThat(response.body().get("items")).hasSize(2);
    assertThat(response.rateLimit().orElseThrow().remaining()).hasValue(41);
    server.verify(getRequestedFor(urlPathEqualTo("/api/items"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN + "-1"))
        .withHeader("Accept", equalTo("application/json")));
    assertThat(observer.requests).hasValue(1);
  }

  @Test
  void everyRequestSentEndsWithItsStatusOrNoneAndAnnouncedBudgetsAreReported() {
    server.stubFor(get("/api/flaky").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503).withHeader("x-ratelimit-remaining", "7")).willSetStateTo("reset"));
    server.stubFor(get("/api/flaky").inScenario("flaky").whenScenarioStateIs("reset")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
    server.stubFor(get("/api/flaky").inScenario("flaky").whenScenarioStateIs("ok")
        .willReturn(okJson("{}").withHeader("x-ratelimit-remaining", "6")));

    http().get(url("/api/flaky"));

    assertThat(observer.requests).hasValue(3);
    assertThat(observer.ended).containsExactly(OptionalInt.of(503), OptionalInt.empty(), OptionalInt.of(200));
    assertThat(observer.budgets).extracting(RateLimitStatus::remaining).containsExactly(OptionalLong.of(7), OptionalLong.of(6));
  }

  @Test
  void plainAuthSchemeSendsTheSecretAlone() {
    server.stubFor(get("/api/me").willReturn(okJson("{}")));

    http(profile().authScheme(AuthScheme.PLAIN).build()).get(url("/api/me"));

    server.verify(getRequestedFor(urlPathEqualTo("/api/me")).withHeader("Authorization", equalTo(TOKEN + "-1")));
  }

  @Test
  void retriesServerErrorsThenSucceeds() {
    server.stubFor(get("/api/flaky").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
    server.stubFor(get("/api/flaky").inScenario("flaky").whenScenarioStateIs("second")
        .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
    server.stubFor(get("/api/flaky").inScenario("flaky").whenScenarioStateIs("ok").willReturn(okJson("{\"ok\":true}")));

    ProviderResponse response = http().get(url("/api/flaky"));

    assertThat(response.body().get("ok").asBoolean()).isTrue();
    assertThat(observer.retries).containsExactly("HTTP 503", "HTTP 502");
    assertThat(observer.requests).hasValue(3);
  }

  @Test
  void persistentServerErrorFailsWithStatusProviderAndRedactedUrl() {
    server.stubFor(get(urlPathEqualTo("/api/down")).willReturn(aResponse().withStatus(500).withBody("{\"message\":\"boom\"}")));

    assertThatThrownBy(() -> http().get(url("/api/down?page=2&access_token=" + TOKEN)))
        .isInstanceOfSatisfying(ProviderApiException.class, e -> {
          assertThat(e.status()).hasValue(500);
          assertThat(e.provider()).contains("fake");
          assertThat(e.url().orElseThrow()).contains("/api/down?page=2&access_token=***");
        })
        .hasMessageContaining("boom")
        .message().doesNotContain(TOKEN);
    assertThat(observer.requests).hasValue(3);
  }

  @Test
  void clientErrorsAreNotRetried() {
    server.stubFor(get("/api/missing").willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));

    assertThatThrownBy(() -> http().get(url("/api/missing")))
        .isInstanceOfSatisfying(ProviderApiException.class, e -> assertThat(e.status()).hasValue(404));
    assertThat(observer.requests).hasValue(1);
    assertThat(observer.retries).isEmpty();
  }

  @Test
  void truncatedBodyIsRetriedLikeAServerError() {
    server.stubFor(get("/api/page").inScenario("cut").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(ok("{\"items\":[{\"id\":1},{\"id\"")).willSetStateTo("ok"));
    server.stubFor(get("/api/page").inScenario("cut").whenScenarioStateIs("ok").willReturn(okJson("{\"items\":[]}")));

    ProviderResponse response = http().get(url("/api/page"));

    assertThat(response.body().get("items")).isEmpty();
    assertThat(observer.retries).hasSize(1).allSatisfy(reason -> assertThat(reason).contains("does not parse"));
  }

  @Test
  void persistentlyTruncatedBodyFailsAsMalformedWithProviderAndUrl() {
    server.stubFor(get("/api/page").willReturn(ok("{\"items\":[")));

    assertThatThrownBy(() -> http().get(url("/api/page")))
        .isInstanceOfSatisfying(MalformedResponseException.class, e -> {
          assertThat(e.provider()).contains("fake");
          assertThat(e.url().orElseThrow()).endsWith("/api/page");
        })
        .hasMessageContaining("does not parse");
    assertThat(observer.requests).hasValue(3);
  }

  @Test
  void trailingGarbageIsMalformed() {
    server.stubFor(get("/api/page").willReturn(ok("{\"items\":[]} trailing")));

    assertThatThrownBy(() -> http().get(url("/api/page"))).isInstanceOf(MalformedResponseException.class);
  }

  @Test
  void bodyLargerThanTheCapIsRefusedWithoutRetry() {
    server.stubFor(get("/api/huge").willReturn(okJson("{\"blob\":\"" + "x".repeat(20_000) + "\"}")));

    assertThatThrownBy(() -> http().get(url("/api/huge")))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("exceeds the limit of 10000 bytes");
    // On cleartext HTTP the JDK's client asks to upgrade to HTTP/2, and now and then it reads the
    // abandoned body of that first answer as frames: a transport failure, rightly retried.
    assertThat(observer.retries).noneMatch(reason -> reason.contains("exceeds the limit"));
    assertThat(observer.requests).hasValue(observer.retries.size() + 1);
  }

  @Test
  void connectionResetIsRetried() {
    server.stubFor(get("/api/reset").inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
    server.stubFor(get("/api/reset").inScenario("reset").whenScenarioStateIs("ok").willReturn(okJson("[]")));

    assertThat(http().get(url("/api/reset")).body().isArray()).isTrue();
    assertThat(observer.retries).hasSize(1);
  }

  @Test
  void unreachableProviderFailsWithConnectionError() {
    URI closed = url("/api/x");
    ProviderHttp http = http();
    server.stop();

    assertThatThrownBy(() -> http.get(closed))
        .isInstanceOfSatisfying(ProviderConnectionException.class, e -> assertThat(e.provider()).contains("fake"));
  }

  @Test
  void slowResponseTimesOutAndIsRetried() {
    server.stubFor(get("/api/slow").inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson("{}").withFixedDelay(3_000)).willSetStateTo("ok"));
    server.stubFor(get("/api/slow").inScenario("slow").whenScenarioStateIs("ok").willReturn(okJson("{\"fast\":1}")));

    assertThat(http().get(url("/api/slow")).body().get("fast").asInt()).isEqualTo(1);
    assertThat(observer.retries).hasSize(1).allSatisfy(reason -> assertThat(reason).contains("Timeout"));
  }

  @Test
  void throttleWithRetryAfterWaitsThenSucceeds() {
    server.stubFor(get("/api/busy").inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
    server.stubFor(get("/api/busy").inScenario("busy").whenScenarioStateIs("ok").willReturn(okJson("{}")));

    Instant before = Instant.now();
    http().get(url("/api/busy"));

    assertThat(observer.waits).hasSize(1);
    assertThat(observer.waitUntil.get(0)).isAfterOrEqualTo(before.plusSeconds(1));
    assertThat(observer.retries).isEmpty();
  }

  @Test
  void aWaitLongerThanTheLongestAcceptedFailsAtOnceNamingWhenToRetry() {
    server.stubFor(get("/api/busy").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "31536000")));
    Instant before = Instant.now();

    assertThatThrownBy(() -> http().get(url("/api/busy")))
        .isInstanceOfSatisfying(RateLimitExhaustedException.class, e -> {
          assertThat(e.resetAt().orElseThrow()).isAfter(before.plus(Duration.ofDays(364)));
          assertThat(e.getMessage()).contains("wait of 365d", "longest accepted wait of 2s");
        });
    assertThat(observer.waits).isEmpty();
    assertThat(observer.requests).hasValue(1);
  }

  @Test
  void aServerErrorsRetryAfterCountsAgainstTheWaitBudgetAndIsReportedWithItsDelay() {
    server.stubFor(get("/api/down").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
    HttpSettings settings = HttpSettings.builder().from(fastSettings()).maxAttempts(5).maxTotalWait(Duration.ofMillis(2500)).build();
    ProviderHttp http = http(profile().build(), settings, credentials);

    assertThatThrownBy(() -> http.get(url("/api/down")))
        .isInstanceOfSatisfying(RateLimitExhaustedException.class, e -> assertThat(e.getMessage())
            .contains("HTTP 503 with Retry-After", "wait budget of 2.5s", "spent"));
    assertThat(observer.retries).hasSizeBetween(1, 2);
    assertThat(observer.retryDelays).allSatisfy(delay -> assertThat(delay).isGreaterThan(Duration.ofMillis(500)));
    assertThat(observer.requests.get()).isEqualTo(observer.retries.size() + 1);
  }

  @Test
  void throttleWaitsTogetherStopAtTheTotalWaitBudget() {
    server.stubFor(get("/api/busy").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
    HttpSettings settings = HttpSettings.builder().from(fastSettings()).maxThrottleWaits(10).maxTotalWait(Duration.ofMillis(1800)).build();
    ProviderHttp http = http(profile().build(), settings, credentials);

    assertThatThrownBy(() -> http.get(url("/api/busy")))
        .isInstanceOfSatisfying(RateLimitExhaustedException.class, e -> assertThat(e.getMessage()).contains("wait budget"));
    assertThat(observer.waits).hasSize(1);
    assertThat(observer.requests).hasValue(2);
  }

  @Test
  void endlessThrottlingEndsWithRateLimitExhausted() {
    server.stubFor(get("/api/busy").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")));

    assertThatThrownBy(() -> http().get(url("/api/busy")))
        .isInstanceOf(RateLimitExhaustedException.class)
        .hasMessageContaining("after 3 waits");
    assertThat(observer.requests).hasValue(4);
  }

  @Test
  void withoutInProcessWaitsAThrottleIsReportedWithTheInstantToResumeAt() {
    server.stubFor(get("/api/busy").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
    HttpSettings settings = HttpSettings.builder().from(fastSettings()).waitForRateLimits(false).build();
    ProviderHttp http = http(profile().build(), settings, credentials);
    Instant before = Instant.now();

    assertThatThrownBy(() -> http.get(url("/api/busy")))
        .isInstanceOfSatisfying(RateLimitExhaustedException.class, e -> assertThat(e.resetAt().orElseThrow())
            .isAfterOrEqualTo(before.plusSeconds(120)).isBefore(before.plusSeconds(130)));
    assertThat(observer.waits).isEmpty();
    assertThat(observer.requests).hasValue(1);
  }

  @Test
  void forbiddenIsAThrottleOnlyWhenThePolicySaysSo() {
    server.stubFor(get("/api/secondary").inScenario("s").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(403).withBody("{\"message\":\"You have exceeded a secondary rate limit\"}")
            .withHeader("Retry-After", "0"))
        .willSetStateTo("ok"));
    server.stubFor(get("/api/secondary").inScenario("s").whenScenarioStateIs("ok").willReturn(okJson("{}")));
    server.stubFor(get("/api/forbidden").willReturn(aResponse().withStatus(403).withBody("{\"message\":\"Resource not accessible\"}")));
    HttpProfile github = profile().rateLimitPolicy(HeaderRateLimitPolicy.builder()
        .remainingHeader("x-ratelimit-remaining").build())
        .addStages((status, headers, body, limits) -> status == 403 && body.contains("rate limit")
            ? ResponseStage.Verdict.THROTTLED : ResponseStage.Verdict.AS_IS)
        .build();

    http(github).get(url("/api/secondary"));
    assertThatThrownBy(() -> http(github).get(url("/api/forbidden")))
        .isInstanceOfSatisfying(ProviderApiException.class, e -> assertThat(e.status()).hasValue(403));
    assertThat(observer.waits).containsExactly("throttled with HTTP 403");
  }

  @Test
  void pausesBeforeTheBudgetRunsOutUntilItResets() {
    long reset = Instant.now().plusSeconds(1).getEpochSecond() + 1;
    server.stubFor(get("/api/a").willReturn(okJson("{}")
        .withHeader("x-ratelimit-remaining", "5").withHeader("x-ratelimit-reset", Long.toString(reset))));
    server.stubFor(get("/api/b").willReturn(okJson("{}")));
    HttpProfile reserved = profile().rateLimitPolicy(HeaderRateLimitPolicy.builder()
        .remainingHeader("x-ratelimit-remaining").resetHeader("x-ratelimit-reset").reserve(5).build()).build();
    ProviderHttp http = http(reserved);

    http.get(url("/api/a"));
    http.get(url("/api/b"));

    assertThat(observer.waits).containsExactly("budget at reserve");
    assertThat(observer.waitUntil.get(0)).isBetween(Instant.ofEpochSecond(reset), Instant.ofEpochSecond(reset).plusMillis(1600));
    assertThat(observer.requests).hasValue(2);
  }

  @Test
  void aResetInTheClockOfAServerBehindOursIsWaitedForInOurs() {
    Instant serverNow = Instant.now().minusSeconds(30);
    long reset = serverNow.getEpochSecond() + 1;
    server.stubFor(get("/api/a").willReturn(okJson("{}")
        .withHeader("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(serverNow.atZone(java.time.ZoneOffset.UTC)))
        .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", Long.toString(reset))));
    server.stubFor(get("/api/b").willReturn(okJson("{}")));
    HttpProfile limited = profile().rateLimitPolicy(HeaderRateLimitPolicy.builder()
        .remainingHeader("x-ratelimit-remaining").resetHeader("x-ratelimit-reset").build()).build();
    ProviderHttp http = http(limited);
    Instant before = Instant.now();

    http.get(url("/api/a"));
    http.get(url("/api/b"));

    assertThat(observer.waits).containsExactly("budget at reserve");
    assertThat(observer.waitUntil.get(0)).isBetween(before.plusSeconds(1), before.plusSeconds(3));
  }

  @Test
  void refreshesTheCredentialOnceAfterA401() {
    server.stubFor(get("/api/me").withHeader("Authorization", equalTo("Bearer " + TOKEN + "-1"))
        .willReturn(aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials\"}")));
    server.stubFor(get("/api/me").withHeader("Authorization", equalTo("Bearer " + TOKEN + "-2")).willReturn(okJson("{\"login\":\"x\"}")));

    assertThat(http().get(url("/api/me")).body().get("login").asText()).isEqualTo("x");
    assertThat(credentials.invalidated).hasValue(1);
    assertThat(observer.refreshes).hasValue(1);
  }

  @Test
  void secondRejectionIsAnAuthenticationErrorWithoutTheToken() {
    server.stubFor(get("/api/me").willReturn(aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials\"}")));

    assertThatThrownBy(() -> http().get(url("/api/me")))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("even after a refresh")
        .message().doesNotContain(TOKEN);
    assertThat(credentials.invalidated).hasValue(1);
    assertThat(observer.requests).hasValue(2);
  }

  @Test
  void authenticationErrorInABodyTakesTheRefreshPathAndPassedThroughStatusesAreReturned() {
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/api/graphql")
        .withHeader("Authorization", equalTo("Bearer " + TOKEN + "-1"))
        .willReturn(okJson("{\"errors\":[{\"message\":\"Authentication required\",\"extensions\":{\"code\":\"AUTHENTICATION_ERROR\"}}]}")));
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/api/graphql")
        .withHeader("Authorization", equalTo("Bearer " + TOKEN + "-2"))
        .willReturn(aResponse().withStatus(400).withBody("{\"errors\":[{\"message\":\"Field 'x' doesn't exist\"}]}")));
    ProviderHttp graphql = http(profile()
        .addStages((status, headers, body, limits) -> body.contains("AUTHENTICATION_ERROR") ? ResponseStage.Verdict.UNAUTHORIZED
            : status == 400 ? ResponseStage.Verdict.PASS_THROUGH : ResponseStage.Verdict.AS_IS)
        .build());

    ProviderResponse response = graphql.post(url("/api/graphql"), "{}", Map.of());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().at("/errors/0/message").asText()).isEqualTo("Field 'x' doesn't exist");
    assertThat(credentials.invalidated).hasValue(1);
  }

  @Test
  void aUrlOnAnotherOriginIsRefusedWithoutARequest() {
    WireMockServer other = new WireMockServer(options().dynamicPort());
    other.start();
    try {
      other.stubFor(get("/next").willReturn(okJson("{}")));

      assertThatThrownBy(() -> http().get(URI.create(other.baseUrl() + "/next?token=abc")))
          .isInstanceOfSatisfying(ForeignOriginException.class, e -> assertThat(e.url()).contains(other.baseUrl() + "/next?token=***"));

      assertThat(other.getAllServeEvents()).isEmpty();
      assertThat(credentials.issued).hasValue(0);
      assertThat(observer.requests).hasValue(0);
    } finally {
      other.stop();
    }
  }

  @Test
  void anErrorBodyEchoingTheCredentialIsRedactedStrippedOfControlsAndShort() {
    server.stubFor(get("/api/echo").willReturn(aResponse().withStatus(400)
        .withBody("\u001b]0;pwned\u0007\u001b[31m proxy saw Authorization: Bearer " + TOKEN + "-1 " + "x".repeat(500))));

    assertThatThrownBy(() -> http().get(url("/api/echo")))
        .isInstanceOfSatisfying(ProviderApiException.class, e -> {
          assertThat(e.getMessage()).doesNotContain(TOKEN).contains("Bearer [redacted]").doesNotContain("\u001b", "\u0007");
          assertThat(e.getMessage().length()).isLessThan(300);
        });
  }

  @Test
  void aCredentialProviderFailureNamingAnEarlierTokenIsRedacted() {
    server.stubFor(get("/api/me").willReturn(okJson("{}")));
    AtomicInteger calls = new AtomicInteger();
    CredentialProvider failing = new CredentialProvider() {
      @Override
      public Credential credential(String connectionId) {
        if (calls.incrementAndGet() == 1) {
          return Credential.of(TOKEN);
        }
        throw new IllegalStateException("vault refused to renew " + TOKEN);
      }

      @Override
      public void invalidate(String connectionId, Credential rejected) {}
    };
    HttpSettings settings = fastSettings();
    ProviderHttp http = http(profile().build(), settings, failing);
    http.get(url("/api/me"));

    assertThatThrownBy(() -> http.get(url("/api/me")))
        .isInstanceOfSatisfying(AuthenticationException.class, e -> {
          assertThat(e.getMessage()).contains("vault refused to renew [redacted]").doesNotContain(TOKEN);
          assertThat(e.getCause().toString()).doesNotContain(TOKEN);
        });
  }

  @Test
  void aBodyOfMoreJsonTokensThanAnyPageIsRefusedWithoutRetrying() {
    String flood = "[" + "{},".repeat((int) (DecodeStage.MAX_JSON_TOKENS / 2)) + "{}]";
    server.stubFor(get("/api/flood").willReturn(okJson(flood)));
    HttpSettings settings = HttpSettings.builder().from(fastSettings()).maxResponseBytes(32L * 1024 * 1024).build();
    ProviderHttp http = http(profile().build(), settings, credentials);

    assertThatThrownBy(() -> http.get(url("/api/flood")))
        .isInstanceOf(MalformedResponseException.class)
        .hasMessageContaining("more than " + DecodeStage.MAX_JSON_TOKENS + " JSON tokens");
    assertThat(observer.requests).hasValue(1);
  }

  @Test
  void callerSuppliedAuthorizationIsKeptAndNotRefreshed() {
    server.stubFor(get("/api/app").willReturn(aResponse().withStatus(401)));

    assertThatThrownBy(() -> http().get(url("/api/app"), Map.of("Authorization", "Bearer app-jwt")))
        .isInstanceOfSatisfying(ProviderApiException.class, e -> assertThat(e.status()).hasValue(401));
    server.verify(getRequestedFor(urlPathEqualTo("/api/app")).withHeader("Authorization", equalTo("Bearer app-jwt")));
    assertThat(credentials.invalidated).hasValue(0);
  }

  @Test
  void clientSideCeilingPacesRequests() {
    server.stubFor(get("/api/x").willReturn(okJson("{}")));
    ProviderHttp http = http(profile().ceiling(RequestCeiling.of(2, Duration.ofMillis(300))).build());

    for (int i = 0; i < 3; i++) {
      http.get(url("/api/x"));
    }

    assertThat(observer.waits).containsExactly("client-side ceiling");
  }

  @Test
  void neverHasMoreRequestsInFlightThanTheProfileAllows() throws Exception {
    try (InFlightCountingServer local = new InFlightCountingServer(null)) {
      ProviderHttpClient client = localClient(profile().apiBase(local.base()).maxConcurrentRequests(2).build());

      callConcurrently(client, local.base(), 12);

      assertThat(local.maxInFlight.get()).isEqualTo(2);
    }
  }

  @Test
  void followsTheConcurrencyLimitTheProviderAnnounces() throws Exception {
    try (InFlightCountingServer local = new InFlightCountingServer("1")) {
      ProviderHttpClient client = localClient(profile().apiBase(local.base()).maxConcurrentRequests(4)
          .addStages((status, headers, body, limits) -> {
            headers.firstValue("X-Sentry-Rate-Limit-ConcurrentLimit").map(Integer::parseInt).ifPresent(limits::announceConcurrency);
            return ResponseStage.Verdict.AS_IS;
          }).build());
      client.forWorker(observer).get(local.base().resolve("/first"));
      local.maxInFlight.set(0);

      callConcurrently(client, local.base(), 8);

      assertThat(local.maxInFlight.get()).isEqualTo(1);
    }
  }

  private ProviderHttpClient localClient(HttpProfile profile) {
    HttpSettings settings = fastSettings();
    return new ProviderHttpClient(ProviderHttpClient.newHttpClient(settings), profile, settings, credentials, "conn-1", Clock.systemUTC());
  }

  private void callConcurrently(ProviderHttpClient client, URI base, int calls) throws Exception {
    java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<ProviderResponse>> results = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        results.add(callers.submit(() -> client.forWorker(observer).get(base.resolve("/x"))));
      }
      for (java.util.concurrent.Future<ProviderResponse> result : results) {
        assertThat(result.get().status()).isEqualTo(200);
      }
    } finally {
      callers.shutdown();
    }
  }

  /** A JDK HTTP server whose handler takes 50 ms and counts how many requests it serves at once. */
  static final class InFlightCountingServer implements AutoCloseable {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final com.sun.net.httpserver.HttpServer server;

    InFlightCountingServer(String announcedLimit) throws java.io.IOException {
      server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
      server.createContext("/", exchange -> {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          Thread.sleep(50);
          if (announcedLimit != null) {
            exchange.getResponseHeaders().add("X-Sentry-Rate-Limit-ConcurrentLimit", announcedLimit);
          }
          byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          inFlight.decrementAndGet();
          exchange.close();
        }
      });
      server.start();
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @Test
  void postsJson() {
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/api/graphql")
        .withRequestBody(equalTo("{\"query\":\"{ viewer { id } }\"}"))
        .withHeader("Content-Type", equalTo("application/json"))
        .willReturn(okJson("{\"data\":{\"viewer\":{\"id\":\"u1\"}}}")));

    ProviderResponse response = http().post(url("/api/graphql"), "{\"query\":\"{ viewer { id } }\"}", Map.of());

    assertThat(response.body().at("/data/viewer/id").asText()).isEqualTo("u1");
  }

  /** Issues token-1, then token-2 after an invalidation, and so on. */
  static final class RotatingCredentials implements CredentialProvider {
    final AtomicInteger generation = new AtomicInteger(1);
    final AtomicInteger invalidated = new AtomicInteger();
    final AtomicInteger issued = new AtomicInteger();

    @Override
    public Credential credential(String connectionId) {
      issued.incrementAndGet();
      return Credential.of(TOKEN + "-" + generation.get());
    }

    @Override
    public void invalidate(String connectionId, Credential rejected) {
      invalidated.incrementAndGet();
      generation.incrementAndGet();
    }
  }

  static final class RecordingObserver implements HttpObserver {
    final AtomicInteger requests = new AtomicInteger();
    final List<OptionalInt> ended = new ArrayList<>();
    final List<RateLimitStatus> budgets = new ArrayList<>();
    final AtomicInteger refreshes = new AtomicInteger();
    final List<String> retries = new ArrayList<>();
    final List<Duration> retryDelays = new ArrayList<>();
    final List<String> waits = new ArrayList<>();
    final List<Instant> waitUntil = new ArrayList<>();

    @Override
    public void requestSent() {
      requests.incrementAndGet();
    }

    @Override
    public synchronized void requestEnded(OptionalInt status) {
      ended.add(status);
    }

    @Override
    public synchronized void budgetReported(RateLimitStatus budget) {
      budgets.add(budget);
    }

    @Override
    public synchronized void retrying(int failedAttempt, String reason, Duration delay) {
      retries.add(reason);
      retryDelays.add(delay);
    }

    @Override
    public synchronized void rateLimitWait(Instant until, String reason) {
      waits.add(reason);
      waitUntil.add(until);
    }

    @Override
    public void credentialRefreshed() {
      refreshes.incrementAndGet();
    }
  }
}
