package dev.backfill.bench;

import dev.backfill.core.Connectors;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Window;
import dev.backfill.linear.LinearConnector;
import dev.backfill.testkit.linear.FakeLinear;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Prints the Linear connector's figures against {@link FakeLinear} with 20 ms latency: 3 teams of
 * 3,000 issues, 1,200 comments and 20 projects over 120 days, depth 90, pages of 100. Side by side
 * in one JVM, after warm-up runs: the same backfill one page at a time ({@code
 * maxConcurrentRequests=1}) and with each stream's range cut into slices fetched side by side,
 * against the latency-bound minimum of paging sequentially (team listing + the longest stream's
 * pages x 20 ms), with budgets that suffice. Requests per (team, entity type) and RATELIMITED answers.
 * Arguments: warm-up runs (default 15, enough for the JIT to settle) and measured runs (default 10).
 */
public final class LinearFigures {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(90));
  private static final Duration LATENCY = Duration.ofMillis(20);
  private static final int PAGE_SIZE = 100;
  private static final List<String> ALL = List.of("issue", "comment", "project");

  private LinearFigures() {}

  public static void main(String[] args) {
    int warmUps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    try (FakeLinear fake = FakeLinear.builder().seed(2026).teams("ENG", "OPS", "WEB").issuesPerTeam(3000).commentsPerTeam(1200)
        .projectsPerTeam(20).history(NOW, 120).latency(LATENCY).rateLimit(1_000_000, Duration.ofHours(1))
        .complexityBudget(1_000_000_000L, Duration.ofHours(1)).start()) {
      WallTimes warmUp = new WallTimes();
      for (int i = 0; i < warmUps; i++) {
        run(fake, "warm-up-1-" + i, 1);
        warmUp.add(run(fake, "warm-up-16-" + i, 16).seconds);
      }
      System.out.printf("warm-up runs with parts side by side, in order (the JIT settling): %s%n", warmUp.runs());
      WallTimes sequential = new WallTimes();
      WallTimes split = new WallTimes();
      BackfillResult one = null;
      BackfillResult last = null;
      for (int i = 0; i < measured; i++) {
        TimedRun run = run(fake, "measured-1-" + i, 1);
        one = run.result;
        sequential.add(run.seconds);
        run = run(fake, "measured-16-" + i, 16);
        last = run.result;
        split.add(run.seconds);
      }
      print("one page at a time", one);
      print("slices side by side", last);
      System.out.printf("RATELIMITED answers: %d (requests budget) + %d (complexity), too complex: %d%n",
          fake.stats().count("budget-spent"), fake.stats().count("complexity-spent"), fake.stats().count("too-complex"));
      long longest = 0;
      for (String team : List.of("ENG", "OPS", "WEB")) {
        longest = Math.max(longest, pages(fake.issues(team).stream().filter(i -> !i.updatedAt().isBefore(SINCE)).count()));
        longest = Math.max(longest, pages(fake.comments(team).stream().filter(c -> !c.updatedAt().isBefore(SINCE)).count()));
      }
      double bound = (longest + 1) * LATENCY.toMillis() / 1000.0;
      System.out.printf("%nlatency-bound minimum paging one page at a time: %.2f s (team listing + %d pages x %d ms)%n",
          bound, longest, LATENCY.toMillis());
      System.out.printf("one page at a time:  %s, ratio %.2f%n", sequential, sequential.median() / bound);
      System.out.printf("slices side by side: %s, ratio %.2f%n", split, split.median() / bound);
    }
  }

  private static long pages(long items) {
    return Math.max(1, (items + PAGE_SIZE - 1) / PAGE_SIZE);
  }

  private static void print(String label, BackfillResult result) {
    System.out.printf("%n== Linear, %s ==%nstatus %s, %,d events, exact expected set, %d requests%n", label, result.status(),
        result.runTotals().events(), result.runTotals().requests());
    for (WorkResult work : result.works()) {
      System.out.printf("  %s %s: requests %d, pages %d, events %d%n", work.key().resourceId(), work.key().entityType(),
          work.runCounts().requests(), work.runCounts().pages(), work.runCounts().events());
    }
  }

  /** One backfill of every team and entity type; fails unless it completes with the exact expected set. */
  private static TimedRun run(FakeLinear fake, String connectionId, int maxConcurrentRequests) {
    Backfill backfill = Backfill.builder()
        .connectors(Connectors.of(new LinearConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    return TimedRun.of(backfill, BackfillRequest.builder()
            .provider("linear")
            .connectionId(connectionId)
            .credentials(CredentialProvider.staticToken("bench-key"))
            .putSettings(LinearConnector.BASE_URL.key(), fake.baseUrl())
            .putSettings(LinearConnector.PAGE_SIZE.key(), String.valueOf(PAGE_SIZE))
            .putSettings(LinearConnector.MAX_CONCURRENT_REQUESTS.key(), String.valueOf(maxConcurrentRequests))
            .entityTypes(ALL)
            .depth(Depth.DAYS_90)
            .build(), fake.expectedSourceIds(Window.of(SINCE, NOW), ALL));
  }
}
