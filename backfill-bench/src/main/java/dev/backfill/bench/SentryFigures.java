package dev.backfill.bench;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Window;
import dev.backfill.sentry.SentryConnector;
import dev.backfill.testkit.sentry.FakeSentry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints the Sentry connector's figures against {@link FakeSentry} with 20 ms latency: 4 projects
 * of 1,200 issues over 120 days, depth 90. Requests against {@code ceil(issues/100)} per project
 * and the wall time with the default of 4 requests in flight.
 */
public final class SentryFigures {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private SentryFigures() {}

  public static void main(String[] args) {
    try (FakeSentry fake = FakeSentry.builder().seed(2026).projects(4).issuesPerProject(1200).history(NOW, 120)
        .latency(Duration.ofMillis(20)).rateLimit(100_000, Duration.ofHours(1)).start()) {
      run(fake, "warm-up (JIT, connection pool)");
      run(fake, "measured");
    }
  }

  private static void run(FakeSentry fake, String label) {
    Backfill backfill = Backfill.builder()
        .connectors(Connectors.of(new SentryConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    InMemorySink sink = new InMemorySink();
    long start = System.nanoTime();
    BackfillResult result = backfill.run(BackfillRequest.builder()
        .provider("sentry")
        .connectionId("bench-" + label.hashCode())
        .credentials(CredentialProvider.staticToken("bench-token"))
        .putSettings(SentryConnector.BASE_URL.key(), fake.baseUrl())
        .putSettings(SentryConnector.ORGANIZATION.key(), fake.organization())
        .depth(Depth.DAYS_90)
        .concurrency(4)
        .build(), sink);
    double seconds = (System.nanoTime() - start) / 1e9;
    Instant since = NOW.minus(Duration.ofDays(90));
    Set<String> delivered = sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
    boolean exact = delivered.equals(fake.expectedSourceIds(Window.of(since, NOW)));
    System.out.printf("%n== Sentry, %s ==%n", label);
    System.out.printf("status %s, %,d events, exact expected set: %s, implied is:unresolved requests: %d%n",
        result.status(), sink.events().size(), exact, fake.stats().count("implied-unresolved"));
    for (WorkResult work : result.works()) {
      long inWindow = fake.issues(work.key().resourceId()).stream().filter(issue -> !issue.lastSeen().isBefore(since)).count();
      System.out.printf("  %s: requests %d (ceil(%d/100) = %d)%n", work.key().resourceId(), work.counts().requests(), inWindow,
          Math.max(1, (inWindow + 99) / 100));
    }
    System.out.printf("wall %.2f s for %d requests, at most 4 in flight%n", seconds, result.totals().requests());
    if (result.status() != BackfillStatus.COMPLETED || !exact) {
      throw new IllegalStateException("the Sentry figures run did not complete with the exact set");
    }
  }
}
