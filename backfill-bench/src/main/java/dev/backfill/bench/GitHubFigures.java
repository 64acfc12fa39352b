package dev.backfill.bench;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.http.LinkHeader;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.github.GitHubConnector;
import dev.backfill.testkit.github.FakeGitHub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints the GitHub connector's figures against {@link FakeGitHub} with 20 ms latency: 3,000 PRs,
 * 3,000 issues and 100 releases over 120 days, depth 90. Requests against the minimum ({@code
 * ceil(items/100)} per endpoint, plus one for the PR cutoff), wall time against the latency-bound
 * minimum with the three entity types in parallel, 403/429 answers with a large budget, and
 * completion with the exact set under a small budget.
 */
public final class GitHubFigures {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Duration LATENCY = Duration.ofMillis(20);

  private GitHubFigures() {}

  public static void main(String[] args) {
    try (FakeGitHub fake = fake(100_000, Duration.ofHours(1))) {
      run(fake, "warm-up (JIT, connection pool)", true);
      run(fake, "large budget", true);
    }
    try (FakeGitHub fake = fake(40, Duration.ofSeconds(2))) {
      run(fake, "small budget (40 per 2 s)", false);
    }
  }

  /**
   * Seconds a plain {@link HttpClient}, without the SDK, takes to follow the issue pages one by one:
   * the fake's own service time (latency plus rendering) for the longest chain of the run.
   */
  private static double bareSequentialIssues(FakeGitHub fake, Instant since) {
    HttpClient client = HttpClient.newHttpClient();
    URI next = URI.create(fake.baseUrl() + "/repos/acme/api/issues?state=all&since=" + since + "&per_page=100");
    long start = System.nanoTime();
    try {
      while (next != null) {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(next).header("Authorization", "Bearer bench").build(),
            HttpResponse.BodyHandlers.ofByteArray());
        next = LinkHeader.parse(response.headers().firstValue("link").orElse(null)).rel("next").map(LinkHeader.Link::uri).orElse(null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return (System.nanoTime() - start) / 1e9;
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

  private static void run(FakeGitHub fake, String label, boolean compareWithBareClient) {
    Backfill backfill = Backfill.builder()
        .connectors(Connectors.of(new GitHubConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    BackfillRequest request = BackfillRequest.builder()
        .provider("github")
        .connectionId("bench")
        .credentials(CredentialProvider.staticToken("bench-token"))
        .putSettings(GitHubConnector.BASE_URL, fake.baseUrl())
        .putSettings(GitHubConnector.REPOSITORIES, "acme/api")
        .putSettings(GitHubConnector.RATE_LIMIT_RESERVE, "5")
        .depth(Depth.DAYS_90)
        .concurrency(3)
        .build();
    InMemorySink sink = new InMemorySink();
    long start = System.nanoTime();
    BackfillResult result = backfill.run(request, sink);
    double seconds = (System.nanoTime() - start) / 1e9;

    Instant since = NOW.minus(Duration.ofDays(90));
    long prs = fake.pullRequests("acme/api").stream().filter(pr -> !pr.updatedAt().isBefore(since)).count();
    long issueItems = prs + fake.issues("acme/api").stream().filter(issue -> !issue.updatedAt().isBefore(since)).count();
    long releases = fake.releases("acme/api").size();
    long minimumPrs = (prs + 99) / 100 + 1;
    long minimumIssues = (issueItems + 99) / 100;
    long minimumReleases = (releases + 99) / 100;
    long maxWorkRequests = result.works().stream().mapToLong(work -> work.counts().requests()).max().orElse(0);
    double latencyBound = maxWorkRequests * LATENCY.toMillis() / 1000.0;
    Set<String> delivered = sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
    boolean exact = delivered.equals(fake.expectedSourceIds(since, List.of("pull_request", "issue", "release")));

    System.out.printf("%n== GitHub, %s ==%n", label);
    System.out.printf("status %s, %,d events, exact expected set: %s%n", result.status(), sink.events().size(), exact);
    for (WorkResult work : result.works()) {
      long minimum = work.key().entityType().equals("pull_request") ? minimumPrs
          : work.key().entityType().equals("issue") ? minimumIssues : minimumReleases;
      System.out.printf("  %-13s requests %4d (minimum %4d, ratio %.2f), rate-limit waits %d%n", work.key().entityType(),
          work.counts().requests(), minimum, work.counts().requests() / (double) minimum, work.counts().rateLimitWaits());
    }
    System.out.printf("wall %.2f s, latency-bound minimum %.2f s (%d sequential requests x %d ms), ratio %.2f%n",
        seconds, latencyBound, maxWorkRequests, LATENCY.toMillis(), seconds / latencyBound);
    System.out.printf("fake answered %d requests so far, 403 primary limit %d, secondary %d%n",
        fake.stats().requests(), fake.stats().count("budget-spent"), fake.stats().count("throttled"));
    if (compareWithBareClient) {
      double bare = bareSequentialIssues(fake, since);
      System.out.printf("a bare client fetching the longest chain (issues) alone takes %.2f s: ratio to it %.2f%n", bare, seconds / bare);
    }
    if (result.status() != BackfillStatus.COMPLETED || !exact) {
      throw new IllegalStateException("the GitHub figures run did not complete with the exact set");
    }
  }
}
