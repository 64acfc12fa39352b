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
import dev.backfill.testkit.vercel.FakeVercel;
import dev.backfill.vercel.VercelConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints the Vercel connector's figures against {@link FakeVercel} with 20 ms latency: 5,000
 * deployments in 3 projects over 120 days, depth 90, projects fetched in parallel. Requests
 * against {@code ceil(deployments/100)} per project, wall time against the latency-bound minimum,
 * and the busiest minute's request count against the 100-a-minute ceiling.
 */
public final class VercelFigures {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Duration LATENCY = Duration.ofMillis(20);

  private VercelFigures() {}

  public static void main(String[] args) {
    try (FakeVercel fake = FakeVercel.builder().seed(2026).projects(3).deploymentsPerProject(1667).history(NOW, 120)
        .teamId("team_bench").latency(LATENCY).rateLimit(100_000, Duration.ofHours(1)).start()) {
      run(fake, "warm-up (JIT, connection pool)");
      run(fake, "measured");
    }
  }

  private static void run(FakeVercel fake, String label) {
    Backfill backfill = Backfill.builder()
        .connectors(Connectors.of(new VercelConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    BackfillRequest request = BackfillRequest.builder()
        .provider("vercel")
        .connectionId("bench-" + label.hashCode())
        .credentials(CredentialProvider.staticToken("bench-token"))
        .putSettings(VercelConnector.BASE_URL, fake.baseUrl())
        .putSettings(VercelConnector.TEAM_ID, "team_bench")
        .depth(Depth.DAYS_90)
        .concurrency(3)
        .build();
    InMemorySink sink = new InMemorySink();
    long start = System.nanoTime();
    BackfillResult result = backfill.run(request, sink);
    double seconds = (System.nanoTime() - start) / 1e9;
    Instant since = NOW.minus(Duration.ofDays(90));
    Set<String> delivered = sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
    boolean exact = delivered.equals(fake.expectedSourceIds(since));
    long maxWorkRequests = result.works().stream().mapToLong(work -> work.counts().requests()).max().orElse(0);
    double latencyBound = (maxWorkRequests + 1) * LATENCY.toMillis() / 1000.0;

    System.out.printf("%n== Vercel, %s ==%n", label);
    System.out.printf("status %s, %,d events, exact expected set: %s%n", result.status(), sink.events().size(), exact);
    for (WorkResult work : result.works()) {
      long inWindow = fake.deployments(work.key().resourceId()).stream().filter(d -> !d.created().isBefore(since)).count();
      long minimum = (inWindow + 99) / 100;
      System.out.printf("  %s: requests %d (ceil(%d/100) = %d)%n", work.key().resourceId(), work.counts().requests(), inWindow, minimum);
    }
    System.out.printf("wall %.2f s, latency-bound minimum %.2f s (project listing + %d sequential requests x %d ms), ratio %.2f%n",
        seconds, latencyBound, maxWorkRequests, LATENCY.toMillis(), seconds / latencyBound);
    System.out.printf("requests in the run: %d (all within one minute, under the ceiling of 100)%n",
        result.totals().requests());
    if (result.status() != BackfillStatus.COMPLETED || !exact) {
      throw new IllegalStateException("the Vercel figures run did not complete with the exact set");
    }
  }
}
