package dev.backfill.bench;

import dev.backfill.core.Connectors;
import dev.backfill.core.http.LinkHeader;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Window;
import dev.backfill.github.GitHubConnector;
import dev.backfill.testkit.github.FakeGitHub;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Prints the GitHub connector's figures against {@link FakeGitHub} with 20 ms latency: 3,000 PRs,
 * 3,000 issues and 100 releases over 120 days, depth 90. Requests against the minimum ({@code
 * ceil(items/100)} per endpoint; for pull requests, the pages up to the first item before the
 * window, {@code ceil((items + 1)/100)}); wall time, the median of several runs
 * after JIT warm-up runs, against the latency-bound minimum with the three entity types in parallel
 * and against a {@link BareClient} that follows the longest chain doing nothing with the pages (the
 * floor of the fake and the HTTP stack on this machine); 403/429 answers with a large budget; and
 * completion with the exact set under a small budget. Arguments: warm-up runs (default 15) and
 * measured runs (default 10).
 */
public final class GitHubFigures {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(90));
  private static final Duration LATENCY = Duration.ofMillis(20);

  private GitHubFigures() {}

  public static void main(String[] args) {
    int warmUps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    try (FakeGitHub fake = fake(1_000_000, Duration.ofHours(1))) {
      WallTimes warmUp = new WallTimes();
      for (int i = 0; i < warmUps; i++) {
        warmUp.add(run(fake, "warm-up-" + i, 4).seconds);
        run(fake, "warm-up-sequential-" + i, 1);
        bareSequentialIssues(fake);
      }
      System.out.printf("warm-up runs with parts side by side, in order (the JIT settling): %s%n", warmUp.runs());
      WallTimes sdk = new WallTimes();
      WallTimes sequential = new WallTimes();
      WallTimes bare = new WallTimes();
      TimedRun last = null;
      TimedRun lastSequential = null;
      for (int i = 0; i < measured; i++) {
        last = run(fake, "measured-" + i, 4);
        sdk.add(last.seconds);
        lastSequential = run(fake, "measured-sequential-" + i, 1);
        sequential.add(lastSequential.seconds);
        bare.add(bareSequentialIssues(fake));
      }
      report(fake, "large budget, one page at a time (maxConcurrentRequests=1)", lastSequential);
      report(fake, "large budget, parts side by side (4 in flight)", last);
      long longestChain = minimum(fake, "issue");
      double bound = longestChain * LATENCY.toMillis() / 1000.0;
      WallTimes.printComparison(sdk, bound, "the issue stream's " + longestChain + " pages one after another x " + LATENCY.toMillis() + " ms",
          bare, "following the longest chain (issues), doing nothing with the pages");
      System.out.printf("the same SDK one page at a time: %s, ratio %.2f%n", sequential, sequential.median() / bound);
      System.out.printf("fake answered %d requests in all, 403 primary limit %d, secondary %d%n",
          fake.stats().requests(), fake.stats().count("budget-spent"), fake.stats().count("throttled"));
    }
    try (FakeGitHub fake = fake(40, Duration.ofSeconds(2))) {
      TimedRun run = run(fake, "small-budget", 4);
      report(fake, "small budget (40 per 2 s)", run);
      System.out.printf("wall %.2f s, fake answered %d requests, 403 primary limit %d, secondary %d%n",
          run.seconds, fake.stats().requests(), fake.stats().count("budget-spent"), fake.stats().count("throttled"));
    }
  }

  private static FakeGitHub fake(long budget, Duration window) {
    return FakeGitHub.builder()
        .seed(2026)
        .repositories("acme/api")
        .pullRequestsPerRepository(3000)
        .issuesPerRepository(3000)
        .releasesPerRepository(100)
        .history(NOW, 120)
        .latency(LATENCY)
        .rateLimit(budget, window)
        .start();
  }

  /** One backfill of the three entity types in parallel; fails unless it completes with the exact expected set. */
  private static TimedRun run(FakeGitHub fake, String connectionId, int maxConcurrentRequests) {
    Backfill backfill = Backfill.builder()
        .connectors(Connectors.of(new GitHubConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    BackfillRequest request = BackfillRequest.builder()
        .provider("github")
        .connectionId(connectionId)
        .credentials(CredentialProvider.staticToken("bench-token"))
        .putSettings(GitHubConnector.BASE_URL.key(), fake.baseUrl())
        .putSettings(GitHubConnector.REPOSITORIES.key(), "acme/api")
        .putSettings(GitHubConnector.RATE_LIMIT_RESERVE.key(), "5")
        .putSettings(GitHubConnector.MAX_CONCURRENT_REQUESTS.key(), String.valueOf(maxConcurrentRequests))
        .depth(Depth.DAYS_90)
        .concurrency(3)
        .build();
    return TimedRun.of(backfill, request, fake.expectedSourceIds(Window.of(SINCE, NOW), List.of("pull_request", "issue", "release")));
  }

  private static void report(FakeGitHub fake, String label, TimedRun run) {
    System.out.printf("%n== GitHub, %s ==%n", label);
    System.out.printf("status %s, %,d events, exact expected set%n", run.result.status(), run.result.runTotals().events());
    long minimum = 0;
    for (WorkResult work : run.result.works()) {
      String type = work.key().entityType();
      minimum += minimum(fake, type);
      System.out.printf("  %-13s requests %4d (minimum %4d, ratio %.2f), rate-limit waits %d%n", type,
          work.runCounts().requests(), minimum(fake, type), work.runCounts().requests() / (double) minimum(fake, type),
          work.runCounts().rateLimitWaits());
    }
    System.out.printf("  requests %d, minimum %d%n", run.result.runTotals().requests(), minimum);
  }

  /**
   * The fewest requests one entity type takes: its pages in the window; for pull requests, which
   * have no time filter, the pages up to the one holding the first item before the window.
   */
  private static long minimum(FakeGitHub fake, String type) {
    long prs = fake.pullRequests("acme/api").stream().filter(pr -> !pr.updatedAt().isBefore(SINCE)).count();
    long issueItems = prs + fake.issues("acme/api").stream().filter(issue -> !issue.updatedAt().isBefore(SINCE)).count();
    long releases = fake.releases("acme/api").size();
    return type.equals("pull_request") ? (prs + 1 + 99) / 100 : type.equals("issue") ? (issueItems + 99) / 100 : (releases + 99) / 100;
  }

  /** Seconds a {@link BareClient} takes to follow the issue pages one by one. */
  private static double bareSequentialIssues(FakeGitHub fake) {
    BareClient client = new BareClient();
    URI next = URI.create(fake.baseUrl() + "/repos/acme/api/issues?state=all&since=" + SINCE + "&per_page=100");
    long start = System.nanoTime();
    while (next != null) {
      HttpResponse<byte[]> response = client.get(next);
      next = LinkHeader.parse(response.headers().firstValue("link").orElse(null)).rel("next").map(LinkHeader.Link::uri).orElse(null);
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
