package dev.backfill.bench;

import dev.backfill.core.Connectors;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Window;
import dev.backfill.sentry.SentryConnector;
import dev.backfill.testkit.sentry.FakeSentry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Prints the Sentry connector's figures against {@link FakeSentry} with 20 ms latency: 4 projects
 * of 1,200 issues over 120 days, depth 90, projects in parallel. Side by side in one JVM, after
 * warm-up runs: the same backfill one page at a time ({@code maxConcurrentRequests=1}) and with
 * each project's range cut into slices fetched side by side (the default 4 in flight, and 16 as
 * for an organization whose announced concurrent limit is higher), against
 * the latency-bound minimum of paging sequentially (project listing + the longest project's
 * pages x 20 ms). Requests against {@code ceil(issues/100)} per project.
 * Arguments: warm-up runs (default 15, enough for the JIT to settle) and measured runs (default 10).
 */
public final class SentryFigures {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(90));
  private static final Duration LATENCY = Duration.ofMillis(20);

  private SentryFigures() {}

  public static void main(String[] args) {
    int warmUps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    try (FakeSentry fake = FakeSentry.builder().seed(2026).projects(4).issuesPerProject(1200).history(NOW, 120)
        .latency(LATENCY).rateLimit(100_000, Duration.ofHours(1)).start()) {
      int[] inFlight = {1, 4, 16};
      WallTimes warmUp = new WallTimes();
      for (int i = 0; i < warmUps; i++) {
        for (int limit : inFlight) {
          double seconds = run(fake, "warm-up-" + limit + "-" + i, limit).seconds;
          if (limit == 16) {
            warmUp.add(seconds);
          }
        }
      }
      System.out.printf("warm-up runs at 16 in flight, in order (the JIT settling): %s%n", warmUp.runs());
      WallTimes[] times = {new WallTimes(), new WallTimes(), new WallTimes()};
      BackfillResult[] last = new BackfillResult[inFlight.length];
      for (int i = 0; i < measured; i++) {
        for (int k = 0; k < inFlight.length; k++) {
          TimedRun run = run(fake, "measured-" + inFlight[k] + "-" + i, inFlight[k]);
          last[k] = run.result;
          times[k].add(run.seconds);
        }
      }
      for (int k = 0; k < inFlight.length; k++) {
        print(inFlight[k] == 1 ? "one page at a time" : "slices side by side, " + inFlight[k] + " in flight", last[k], fake);
      }
      long longest = fake.projects().keySet().stream().mapToLong(project -> pages(fake, project)).max().orElse(0);
      double bound = (longest + 1) * LATENCY.toMillis() / 1000.0;
      System.out.printf("%nlatency-bound minimum paging each project one page at a time: %.2f s (project listing + %d pages x %d ms)%n",
          bound, longest, LATENCY.toMillis());
      for (int k = 0; k < inFlight.length; k++) {
        System.out.printf("maxConcurrentRequests=%d: %s, ratio %.2f; at least %.2f s to send its %d requests %d at a time%n", inFlight[k],
            times[k], times[k].median() / bound, Math.ceil(last[k].runTotals().requests() / (double) inFlight[k]) * LATENCY.toMillis() / 1000.0,
            last[k].runTotals().requests(), inFlight[k]);
      }
    }
  }

  private static long pages(FakeSentry fake, String project) {
    long inWindow = fake.issues(project).stream().filter(issue -> !issue.lastSeen().isBefore(SINCE)).count();
    return Math.max(1, (inWindow + 99) / 100);
  }

  private static void print(String label, BackfillResult result, FakeSentry fake) {
    System.out.printf("%n== Sentry, %s ==%n", label);
    System.out.printf("status %s, %,d events, exact expected set, %d requests%n", result.status(), result.runTotals().events(),
        result.runTotals().requests());
    for (WorkResult work : result.works()) {
      System.out.printf("  %s: requests %d (ceil(issues/100) = %d)%n", work.key().resourceId(), work.runCounts().requests(),
          pages(fake, work.key().resourceId()));
    }
  }

  /** One backfill of every project; fails unless it completes with the exact expected set. */
  private static TimedRun run(FakeSentry fake, String connectionId, int maxConcurrentRequests) {
    Backfill backfill = Backfill.builder()
        .connectors(Connectors.of(new SentryConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    return TimedRun.of(backfill, BackfillRequest.builder()
            .provider("sentry")
            .connectionId(connectionId)
            .credentials(CredentialProvider.staticToken("bench-token"))
            .putSettings(SentryConnector.BASE_URL.key(), fake.baseUrl())
            .putSettings(SentryConnector.ORGANIZATION.key(), fake.organization())
            .putSettings(SentryConnector.MAX_CONCURRENT_REQUESTS.key(), String.valueOf(maxConcurrentRequests))
            .depth(Depth.DAYS_90)
            .concurrency(4)
            .build(), fake.expectedSourceIds(Window.of(SINCE, NOW)));
  }
}
