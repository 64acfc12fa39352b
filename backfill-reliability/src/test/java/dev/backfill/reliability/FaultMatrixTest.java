package dev.backfill.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.FakeConnection;
import dev.backfill.testkit.FakeProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every provider's fake, under each fault alone and all together: the run ends with exactly the
 * expected set, and its counters match what the fake injected: a retry for each 5xx, truncated
 * body, connection reset and timed-out response (a reset may cost one more, see below); a wait for
 * each throttle and spent budget; a refresh for each credential refused after its lifetime.
 */
class FaultMatrixTest {
  private static final Map<String, Consumer<FakeProvider.Builder<?>>> FAULTS = Map.of(
      "5xx", builder -> builder.faults(0.06, 0, 0),
      "truncated bodies", builder -> builder.faults(0, 0, 0.06),
      "connection resets", builder -> builder.connectionResets(0.06),
      "responses slower than the client timeout", builder -> builder.slowResponses(0.05, Duration.ofMillis(1500)),
      "401 after a credential lifetime", builder -> builder.credentialLifetime(5),
      "throttles with retry-after", builder -> builder.faults(0, 0.05, 0),
      "budget exhausted mid-run", builder -> builder.rateLimit(4, Duration.ofSeconds(1)),
      "all together", builder -> builder.faults(0.04, 0.03, 0.04).connectionResets(0.04)
          .slowResponses(0.03, Duration.ofMillis(1500)).credentialLifetime(15).rateLimit(12, Duration.ofSeconds(1)));

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (FakeConnection provider : Fixture.providers()) {
      FAULTS.keySet().stream().sorted().forEach(fault -> cases.add(Arguments.of(Named.of(provider.provider(), provider), fault)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("matrix")
  void runEndsWithExactlyTheExpectedSetAndCountsWhatWasInjected(FakeConnection provider, String fault) {
    try (FakeProvider fake = Fixture.start(provider, FAULTS.get(fault))) {
      RotatingCredentials credentials = new RotatingCredentials();
      InMemorySink sink = new InMemorySink();
      List<String> retries = new java.util.concurrent.CopyOnWriteArrayList<>();
      BackfillResult result = Backfill.builder()
          .connectors(Connectors.of(Fixture.connector(provider)))
          .clock(Clock.fixed(Fixture.NOW, ZoneOffset.UTC))
          .httpSettings(Fixture.FAST)
          .build()
          .start(BackfillRequest.builder()
              .provider(provider.provider())
              .connectionId("matrix")
              .credentials(credentials)
              .settings(provider.settings(fake, Fixture.PAGE_SIZE))
              .entityTypes(provider.entityTypes())
              .depth(Depth.DAYS_30)
              .concurrency(2)
              .build(), sink, new dev.backfill.core.run.BackfillListener() {
                @Override
                public void retrying(dev.backfill.core.state.CheckpointKey key, int attempt, String reason, Duration delay) {
                  retries.add(reason);
                }
              }).await();

      assertThat(result.status()).as("%s under %s: %s", provider, fault, result).isEqualTo(BackfillStatus.COMPLETED);
      assertThat(sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet()))
          .isEqualTo(provider.expectedSourceIds(fake, Window.of(Fixture.NOW.minus(Depth.DAYS_30.duration()), Fixture.NOW), provider.entityTypes()));
      FakeProvider.Stats stats = fake.stats();
      long transientFailures = stats.count("server-error") + stats.count("truncated") + stats.count("connection-reset") + stats.count("slow");
      // A reset can also break pooled connections that requests in flight side by side were about
      // to reuse, so each injected reset may cost one more failed attempt per request the
      // connection has in flight; everything else is counted exactly.
      assertThat(result.runTotals().retries()).as("retries %s against %s", retries, stats)
          .isBetween(transientFailures, transientFailures + stats.count("connection-reset") * PageRequest.DEFAULT_MAX_PARTS);
      assertThat(result.runTotals().rateLimitWaits()).as("waits").isGreaterThanOrEqualTo(stats.count("throttled") + stats.count("budget-spent"));
      // A 401 the fake answered on a connection a reset broke never reaches the client, which
      // retries and is refused again: such a refusal costs no refresh of its own.
      long lostToResets = stats.count("connection-reset") * PageRequest.DEFAULT_MAX_PARTS;
      assertThat(result.runTotals().credentialRefreshes()).as("refreshes")
          .isBetween(Math.max(0, stats.count("expired-token") - lostToResets), stats.count("expired-token"));
      assertThat((long) credentials.invalidations.get()).as("invalidations: concurrent 401s for one credential rotate it once")
          .isBetween(Math.min(1, stats.count("expired-token")), stats.count("expired-token"));
      if (!fault.equals("all together")) {
        assertThat(transientFailures + stats.count("throttled") + stats.count("expired-token") + result.runTotals().rateLimitWaits())
            .as("the fault actually happened").isPositive();
      }
    }
  }
}
