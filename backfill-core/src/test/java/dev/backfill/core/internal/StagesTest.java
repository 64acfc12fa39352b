package dev.backfill.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfill.core.Redactor;
import dev.backfill.core.error.AuthenticationException;
import dev.backfill.core.error.MalformedResponseException;
import dev.backfill.core.error.ProviderApiException;
import dev.backfill.core.error.RateLimitExhaustedException;
import dev.backfill.core.http.HeaderRateLimitPolicy;
import dev.backfill.core.http.HttpSettings;
import dev.backfill.core.http.ResponseStage;
import dev.backfill.core.spi.Credential;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.RateLimitStatus;
import dev.failsafe.RateLimiter;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each stage of the HTTP client on its own, with a scripted rest of the chain. */
class StagesTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private final ProviderHttpClientTest.RecordingObserver observer = new ProviderHttpClientTest.RecordingObserver();

  private Attempt attempt(Map<String, String> headers) {
    return new Attempt("GET", URI.create("https://api.test/items"), null, headers, "https://api.test/items", observer, 0);
  }

  private static Answer answer(int status, String body, Map<String, List<String>> headers) {
    return new Answer(status, HttpHeaders.of(headers, (name, value) -> true), body.getBytes(StandardCharsets.UTF_8), NOW,
        ServerTime.of(HttpHeaders.of(Map.of(), (name, value) -> true), NOW));
  }

  private static Stage.Chain answering(Answer answer) {
    return ignored -> answer;
  }

  @Test
  void budgetAsksToWaitAtTheReserveAndLearnsFromEachAnswer() {
    BudgetTracker tracker = new BudgetTracker();
    HeaderRateLimitPolicy policy = HeaderRateLimitPolicy.builder().remainingHeader("remaining").resetHeader("reset").reserve(2).build();
    BudgetStage stage = new BudgetStage(tracker, policy, Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    long reset = NOW.getEpochSecond() + 60;

    Answer answered = stage.proceed(attempt(Map.of()), answering(answer(200, "{}",
        Map.of("remaining", List.of("2"), "reset", List.of(Long.toString(reset))))));

    assertThat(answered.rateLimit.remaining()).hasValue(2);
    assertThatThrownBy(() -> stage.proceed(attempt(Map.of()), answering(answer(200, "{}", Map.of()))))
        .isInstanceOfSatisfying(RetrySignal.Wait.class, wait -> assertThat(wait.until).isEqualTo(Instant.ofEpochSecond(reset)));
  }

  @Test
  void aResetWindowHasItsLimitAgainAndRequestsPastItsReserveWaitForAnAnswerToTellItsEnd() throws Exception {
    BudgetTracker tracker = new BudgetTracker();
    Instant firstReset = NOW.plusSeconds(1);
    Instant secondReset = NOW.plusSeconds(2);
    assertThat(tracker.take(NOW, 2)).isEmpty();
    tracker.answered(Optional.of(RateLimitStatus.builder().limit(5).remaining(2).resetAt(firstReset).build()));
    assertThat(tracker.take(NOW, 2)).as("at the reserve of the first window").contains(firstReset);

    for (int i = 0; i < 3; i++) {
      assertThat(tracker.take(firstReset, 2)).as("request %d of the new window, within 5 less the reserve of 2", i).isEmpty();
    }
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<Instant>> fourth = worker.submit(() -> tracker.take(firstReset, 2));
      Thread.sleep(100);
      assertThat(fourth).as("the fourth waits: nothing has told when the new window ends").isNotDone();

      tracker.answered(Optional.of(RateLimitStatus.builder().limit(5).remaining(2).resetAt(secondReset).build()));

      assertThat(fourth.get(5, TimeUnit.SECONDS)).as("then waits for the end an answer told").contains(secondReset);
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void withoutAnAnnouncedLimitAResetWindowIsUnknownUntilAnswered() {
    BudgetTracker tracker = new BudgetTracker();
    Instant reset = NOW.plusSeconds(1);
    assertThat(tracker.take(NOW, 1)).isEmpty();
    tracker.answered(Optional.of(RateLimitStatus.builder().remaining(1).resetAt(reset).build()));
    assertThat(tracker.take(NOW, 1)).contains(reset);

    for (int i = 0; i < 4; i++) {
      assertThat(tracker.take(reset, 1)).as("request %d after the reset of a window of unknown size", i).isEmpty();
    }
  }

  @Test
  void requestsStillInFlightCountAsSpentWhenAnAnswerTellsTheBudget() {
    BudgetTracker tracker = new BudgetTracker();
    Instant reset = NOW.plusSeconds(60);
    for (int i = 0; i < 3; i++) {
      assertThat(tracker.take(NOW, 0)).as("budget unknown: request %d goes", i).isEmpty();
    }

    tracker.answered(Optional.of(RateLimitStatus.builder().limit(4).remaining(2).resetAt(reset).build()));

    assertThat(tracker.take(NOW, 0)).as("2 left, but 2 requests are still in flight").contains(reset);
    tracker.answered(Optional.empty());
    tracker.answered(Optional.of(RateLimitStatus.builder().limit(4).remaining(1).resetAt(reset).build()));
    assertThat(tracker.take(NOW, 0)).as("a later answer of the same window telling more changes nothing").contains(reset);
    assertThat(tracker.take(reset, 0)).as("the window rolled").isEmpty();
  }

  @Test
  void theCeilingPacesAndReportsTheWait() {
    CeilingStage stage = new CeilingStage(RateLimiter.<Object>burstyBuilder(1, Duration.ofMillis(200)).build(), Clock.systemUTC());

    stage.proceed(attempt(Map.of()), answering(answer(200, "{}", Map.of())));
    stage.proceed(attempt(Map.of()), answering(answer(200, "{}", Map.of())));

    assertThat(observer.waits).containsExactly("client-side ceiling");
  }

  @Test
  void theCredentialIsAttachedRememberedAndARefusalAsksForARefresh() {
    Redactor redactor = Redactor.create();
    CredentialStage stage = new CredentialStage("fake", "c", () -> CredentialProvider.staticToken("tok-1234"), redactor);
    Attempt plain = attempt(Map.of());

    stage.proceed(plain, answering(answer(200, "{}", Map.of())));
    Attempt own = attempt(Map.of("Authorization", "Bearer app-jwt"));
    stage.proceed(own, answering(answer(401, "{}", Map.of())));

    assertThat(plain.credential).isEqualTo(Credential.of("tok-1234"));
    assertThat(redactor.redact("tok-1234")).isEqualTo(Redactor.REPLACEMENT);
    assertThat(own.credential).as("the caller's own Authorization is kept and never refreshed").isNull();
    assertThatThrownBy(() -> stage.proceed(attempt(Map.of()), answering(answer(401, "{}", Map.of()))))
        .isInstanceOfSatisfying(RetrySignal.Refresh.class, refresh -> assertThat(refresh.rejected).isEqualTo(Credential.of("tok-1234")));
    Answer refusedInABody = answer(200, "{\"errors\":[]}", Map.of());
    refusedInABody.verdict = ResponseStage.Verdict.UNAUTHORIZED;
    assertThatThrownBy(() -> stage.proceed(attempt(Map.of()), answering(refusedInABody))).isInstanceOf(RetrySignal.Refresh.class);
  }

  @Test
  void requestsSideBySideWaitForOneToProveARefreshedCredential() throws Exception {
    int lifetime = 5;
    AtomicInteger generation = new AtomicInteger(1);
    CredentialProvider rotating = new CredentialProvider() {
      @Override
      public Credential credential(String connectionId) {
        return Credential.of("tok-" + generation.get());
      }

      @Override
      public synchronized void invalidate(String connectionId, Credential rejected) {
        generation.compareAndSet(Integer.parseInt(rejected.secret().substring(4)), generation.get() + 1);
      }
    };
    Map<Credential, AtomicInteger> uses = new java.util.concurrent.ConcurrentHashMap<>();
    CredentialStage stage = new CredentialStage("fake", "c", () -> rotating, Redactor.create());
    RetryLoop loop = new RetryLoop("fake", "c", () -> rotating, HttpSettings.builder().build(), Clock.systemUTC());
    // A provider refuses a spent credential sooner than it serves a page.
    Stage.Chain provider = attempt -> {
      boolean spent = uses.computeIfAbsent(attempt.credential, key -> new AtomicInteger()).incrementAndGet() > lifetime;
      try {
        Thread.sleep(spent ? 1 : 5);
      } catch (InterruptedException interrupted) {
        throw new IllegalStateException(interrupted);
      }
      return answer(spent ? 401 : 200, "{}", Map.of());
    };
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<?>> requests = new ArrayList<>();
      for (int i = 0; i < 16 * 10; i++) {
        requests.add(threads.submit(() -> loop.run(attempt(Map.of()), next -> stage.proceed(next, provider))));
      }
      for (java.util.concurrent.Future<?> request : requests) {
        assertThat(request.get(30, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(generation.get()).as("credentials spent by 160 requests of 5 each").isGreaterThanOrEqualTo(160 / lifetime);
  }

  @Test
  void aFailingCredentialProviderIsAnAuthenticationErrorWithoutTheSecret() {
    Redactor redactor = Redactor.create().remember("tok-earlier-99");
    CredentialStage stage = new CredentialStage("fake", "c", () -> new CredentialProvider() {
      @Override
      public Credential credential(String connectionId) {
        throw new IllegalStateException("vault lost tok-earlier-99");
      }

      @Override
      public void invalidate(String connectionId, Credential rejected) {}
    }, redactor);

    assertThatThrownBy(() -> stage.proceed(attempt(Map.of()), answering(answer(200, "{}", Map.of()))))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("vault lost [redacted]");
  }

  @Test
  void theProvidersStagesGiveTheFirstVerdictAndMayLowerTheInFlightLimit() throws Exception {
    InFlightLimit limit = new InFlightLimit(4, Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    List<String> consulted = new ArrayList<>();
    ProviderStages stages = new ProviderStages(List.of(
        (status, headers, body, limits) -> {
          consulted.add("announcing");
          headers.firstValue("concurrent").map(Integer::parseInt).ifPresent(limits::announceConcurrency);
          return ResponseStage.Verdict.AS_IS;
        },
        (status, headers, body, limits) -> {
          consulted.add("graphql");
          return body.contains("RATELIMITED") ? ResponseStage.Verdict.THROTTLED : ResponseStage.Verdict.AS_IS;
        },
        (status, headers, body, limits) -> {
          consulted.add("never");
          return ResponseStage.Verdict.PASS_THROUGH;
        }), limit);
    InFlightStage inFlight = new InFlightStage(limit);

    Answer judged = stages.proceed(attempt(Map.of()), answering(answer(200, "{\"errors\":[{\"extensions\":{\"code\":\"RATELIMITED\"}}]}",
        Map.of("concurrent", List.of("1")))));
    limit.acquire();
    Thread second = new Thread(() -> inFlight.proceed(attempt(Map.of()), answering(answer(200, "{}", Map.of()))));
    second.start();
    second.join(300);

    assertThat(judged.verdict).isEqualTo(ResponseStage.Verdict.THROTTLED);
    assertThat(consulted).containsExactly("announcing", "graphql");
    assertThat(second.isAlive()).as("a second request waits while the one announced slot is taken").isTrue();
    limit.release(false, true);
    second.join(5_000);
    assertThat(second.isAlive()).isFalse();
  }

  @Test
  void aThrottleAsksToWaitUntilItsRetryAfter() {
    ThrottleStage stage = new ThrottleStage(HeaderRateLimitPolicy.builder().build(), new InFlightLimit(4, Clock.fixed(NOW, java.time.ZoneOffset.UTC)));

    assertThatThrownBy(() -> stage.proceed(attempt(Map.of()), answering(answer(429, "{}", Map.of("Retry-After", List.of("30"))))))
        .isInstanceOfSatisfying(RetrySignal.Wait.class, wait -> {
          assertThat(wait.until).isEqualTo(NOW.plusSeconds(30));
          assertThat(wait.reason).isEqualTo("throttled with HTTP 429");
        });
    assertThat(stage.proceed(attempt(Map.of()), answering(answer(200, "{}", Map.of()))).status).isEqualTo(200);
    Answer throttledInABody = answer(200, "{}", Map.of());
    throttledInABody.verdict = ResponseStage.Verdict.THROTTLED;
    assertThatThrownBy(() -> stage.proceed(attempt(Map.of()), answering(throttledInABody))).isInstanceOf(RetrySignal.Wait.class);
  }

  @Test
  void aRefusalAsOneTooManyHoldsTheWholeConnectionAndLowersItsRequestsInFlight() throws Exception {
    InFlightLimit limit = new InFlightLimit(4, Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    ThrottleStage stage = new ThrottleStage(HeaderRateLimitPolicy.builder().build(), limit);
    limit.acquire();
    limit.acquire();

    assertThatThrownBy(() -> stage.proceed(attempt(Map.of()), answering(answer(429, "{}", Map.of("Retry-After", List.of("1"))))))
        .isInstanceOf(RetrySignal.Wait.class);
    limit.release(false, true);
    long start = System.nanoTime();
    limit.acquire();
    long heldMillis = (System.nanoTime() - start) / 1_000_000;
    Thread third = new Thread(() -> {
      try {
        limit.acquire();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    });
    third.start();
    third.join(300);

    assertThat(heldMillis).as("held until the throttle's retry-after passed").isGreaterThanOrEqualTo(900);
    assertThat(third.isAlive()).as("two were in flight when the provider refused one more: the limit is two").isTrue();
    limit.release(false, true);
    third.join(5_000);
    assertThat(third.isAlive()).isFalse();
  }

  @Test
  void aConnectionStartsAtHalfItsLimitAndRaisesItByOneAfterTwoSucceededProbes() throws Exception {
    InFlightLimit limit = new InFlightLimit(4, Clock.fixed(NOW, java.time.ZoneOffset.UTC));

    assertThat(limit.acquire()).isFalse();
    assertThat(limit.acquire()).isFalse();
    assertThat(limit.acquire()).as("the third goes beyond the limit of two as the probe").isTrue();
    Acquiring another = new Acquiring(limit);
    assertThat(another.waiting()).as("no second probe while one is in flight").isTrue();
    limit.release(true, true);
    assertThat(another.acquired()).as("one success proves nothing yet: the next beyond two is a probe again").isTrue();
    Acquiring waiting = new Acquiring(limit);
    assertThat(waiting.waiting()).isTrue();
    limit.release(true, true);
    assertThat(waiting.acquired()).as("two probes succeeded, so three may go at once").isFalse();
    for (int proof = 1; proof <= InFlightLimit.PROOFS; proof++) {
      assertThat(limit.acquire()).as("probe %d towards the configured four", proof).isTrue();
      limit.release(true, true);
    }
    assertThat(limit.acquire()).as("the fourth in flight is no probe now").isFalse();
    assertTheNextWaitsForARelease(limit, "four in flight: the configured maximum, nothing to probe");
  }

  @Test
  void aProbeThatSucceededWithoutProvingAnythingPutsOnlyTheNextProbeAtRisk() throws Exception {
    InFlightLimit limit = new InFlightLimit(4, Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    limit.acquire();
    limit.acquire();
    limit.release(limit.acquire(), true);

    boolean atRisk = limit.acquire();
    limit.release(atRisk, false);
    limit.throttled(NOW, true);

    assertThat(atRisk).as("the one request past two is a probe, the only one the provider can refuse").isTrue();
    assertTheNextWaitsForARelease(limit, "two in flight, and no probing past them again");
  }

  @Test
  void aRefusedProbeKeepsTheConnectionAtWhatTheProviderLetThrough() throws Exception {
    InFlightLimit limit = new InFlightLimit(4, Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    limit.acquire();
    limit.acquire();
    boolean probe = limit.acquire();

    limit.release(probe, false);
    limit.throttled(NOW, true);

    assertTheNextWaitsForARelease(limit, "two in flight, and no probing past them again");
  }

  @Test
  void aConnectionOfSixteenStartsTwoBelowItsMaximum() throws Exception {
    InFlightLimit limit = new InFlightLimit(16, Clock.fixed(NOW, java.time.ZoneOffset.UTC));

    for (int request = 1; request <= 14; request++) {
      assertThat(limit.acquire()).as("request %d", request).isFalse();
    }
    assertThat(limit.acquire()).as("the fifteenth is the probe").isTrue();
  }

  @Test
  void aConnectionLimitedToOneRequestNeverProbes() throws Exception {
    InFlightLimit limit = new InFlightLimit(1, Clock.fixed(NOW, java.time.ZoneOffset.UTC));

    assertThat(limit.acquire()).isFalse();
    assertTheNextWaitsForARelease(limit, "one in flight, and no probing");
  }

  /**
   * Asserts that one more request waits while the connection's requests in flight are at {@code
   * limit}, and goes (not as a probe) once one of them is released.
   */
  private static void assertTheNextWaitsForARelease(InFlightLimit limit, String why) throws InterruptedException {
    Acquiring next = new Acquiring(limit);
    assertThat(next.waiting()).as(why).isTrue();
    limit.release(false, true);
    assertThat(next.acquired()).isFalse();
  }

  /** An {@link InFlightLimit#acquire()} on a thread of its own. */
  private static final class Acquiring {
    private final Thread thread;
    private volatile boolean probe;

    Acquiring(InFlightLimit limit) {
      thread = new Thread(() -> {
        try {
          probe = limit.acquire();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
      });
      thread.start();
    }

    /** Whether it is still waiting after a while. */
    boolean waiting() throws InterruptedException {
      thread.join(200);
      return thread.isAlive();
    }

    /** Waits for it to get through; whether it went as the probe. */
    boolean acquired() throws InterruptedException {
      thread.join(5_000);
      assertThat(thread.isAlive()).as("acquired").isFalse();
      return probe;
    }
  }

  @Test
  void aServerErrorIsTransientAClientErrorIsNotAndPassThroughIsReturned() {
    StatusStage stage = new StatusStage("fake", Redactor.create());

    assertThatThrownBy(() -> stage.proceed(attempt(Map.of()), answering(answer(503, "down", Map.of("Retry-After", List.of("2"))))))
        .isInstanceOfSatisfying(RetrySignal.Transient.class, failed -> {
          assertThat(failed.retryAt).isEqualTo(NOW.plusSeconds(2));
          assertThat(failed.whenExhausted).isInstanceOf(ProviderApiException.class).hasMessageContaining("HTTP 503");
        });
    assertThatThrownBy(() -> stage.proceed(attempt(Map.of()), answering(answer(404, "{\"message\":\"Not Found\"}", Map.of()))))
        .isInstanceOf(ProviderApiException.class).hasMessageContaining("Not Found");
    Answer passedThrough = answer(400, "{\"errors\":[]}", Map.of());
    passedThrough.verdict = ResponseStage.Verdict.PASS_THROUGH;
    assertThat(stage.proceed(attempt(Map.of()), answering(passedThrough)).status).isEqualTo(400);
  }

  @Test
  void decodingParsesRetriesWhatDoesNotParseAndAcceptsNoBody() {
    DecodeStage stage = new DecodeStage("fake", Redactor.create());

    assertThat(stage.proceed(attempt(Map.of()), answering(answer(200, "{\"a\":[1,2]}", Map.of()))).json.get("a")).hasSize(2);
    assertThat(stage.proceed(attempt(Map.of()), answering(answer(204, "", Map.of()))).json.isMissingNode()).isTrue();
    assertThatThrownBy(() -> stage.proceed(attempt(Map.of()), answering(answer(200, "{\"a\":[1,", Map.of()))))
        .isInstanceOfSatisfying(RetrySignal.Transient.class, failed -> assertThat(failed.whenExhausted)
            .isInstanceOf(MalformedResponseException.class).hasMessageContaining("does not parse as JSON"));
  }

  @Test
  void theLoopRetriesTransientFailuresUpToTheAttemptsWaitsOutThrottlesAndRefreshesOnce() {
    AtomicInteger invalidations = new AtomicInteger();
    CredentialProvider credentials = new CredentialProvider() {
      @Override
      public Credential credential(String connectionId) {
        return Credential.of("tok-5678");
      }

      @Override
      public void invalidate(String connectionId, Credential rejected) {
        invalidations.incrementAndGet();
      }
    };
    HttpSettings settings = HttpSettings.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2))
        .build();
    RetryLoop loop = new RetryLoop("fake", "c", () -> credentials, settings, Clock.systemUTC());
    List<RuntimeException> script = new ArrayList<>(List.of(
        new RetrySignal.Wait("throttled with HTTP 429", Instant.now(), null),
        new RetrySignal.Refresh(Credential.of("tok-5678"), 401, false, false),
        new RetrySignal.Transient("HTTP 502", null, new ProviderApiException("fake", 502, "u", "")),
        new RetrySignal.Transient("HTTP 503", null, new ProviderApiException("fake", 503, "u", ""))));
    Answer ok = answer(200, "{}", Map.of());

    Answer answered = loop.run(attempt(Map.of()), next -> {
      if (!script.isEmpty()) {
        throw script.remove(0);
      }
      return ok;
    });

    assertThat(answered).isSameAs(ok);
    assertThat(observer.waits).containsExactly("throttled with HTTP 429");
    assertThat(observer.retries).containsExactly("HTTP 502", "HTTP 503");
    assertThat(invalidations).hasValue(1);
    assertThatThrownBy(() -> loop.run(attempt(Map.of()), next -> {
      throw new RetrySignal.Transient("HTTP 500", null, new ProviderApiException("fake", 500, "u", "boom"));
    })).isInstanceOf(ProviderApiException.class).hasMessageContaining("boom");
    assertThatThrownBy(() -> loop.run(attempt(Map.of()), next -> {
      throw new RetrySignal.Refresh(Credential.of("tok-5678"), 401, false, false);
    })).isInstanceOf(AuthenticationException.class).hasMessageContaining("even after a refresh");
    List<RetrySignal> expiring = new ArrayList<>(List.of(new RetrySignal.Refresh(Credential.of("tok-1"), 401, true, false),
        new RetrySignal.Refresh(Credential.of("tok-2"), 401, true, false)));
    assertThat(loop.run(attempt(Map.of()), next -> {
      if (!expiring.isEmpty()) {
        throw expiring.remove(0);
      }
      return ok;
    })).as("a new credential that worked elsewhere and then expired is refreshed again").isSameAs(ok);
    assertThatThrownBy(() -> loop.run(attempt(Map.of()), next -> {
      throw new RetrySignal.Refresh(Credential.of("tok-5678"), 401, true, false);
    })).isInstanceOf(AuthenticationException.class).hasMessageContaining("even after 3 refreshes");
    HttpSettings noWaiting = HttpSettings.builder().from(settings).waitForRateLimits(false).build();
    assertThatThrownBy(() -> new RetryLoop("fake", "c", () -> credentials, noWaiting, Clock.systemUTC()).run(attempt(Map.of()), next -> {
      throw new RetrySignal.Wait("budget at reserve", NOW, null);
    })).isInstanceOfSatisfying(RateLimitExhaustedException.class, e -> assertThat(e.resetAt()).contains(NOW));
  }
}
