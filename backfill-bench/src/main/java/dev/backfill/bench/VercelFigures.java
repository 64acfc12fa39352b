package dev.backfill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfill.core.Connectors;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Window;
import dev.backfill.testkit.vercel.FakeVercel;
import dev.backfill.vercel.VercelConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;

/**
 * Prints the Vercel connector's figures against {@link FakeVercel} with 20 ms latency: 5,000
 * deployments in 3 projects over 120 days, depth 90, projects fetched in parallel. Requests against
 * {@code ceil(deployments/100)} per project; wall time with each project's range cut into slices
 * fetched side by side, the median of several runs after JIT warm-up runs, against the
 * latency-bound minimum of paging one page at a time, against the same SDK one page at a time
 * ({@code maxConcurrentRequests=1}), measured in turn in the same JVM, and against a {@link
 * BareClient} that lists the
 * projects and follows the longest project's pages reading only {@code pagination.next} (the floor
 * of the fake and the HTTP stack on this machine); and each run's request count against the 100-a-minute
 * ceiling. Arguments: warm-up runs (default 15, enough for the JIT to settle) and measured runs (default 10).
 */
public final class VercelFigures {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Instant SINCE = NOW.minus(Duration.ofDays(90));
  private static final Duration LATENCY = Duration.ofMillis(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private VercelFigures() {}

  public static void main(String[] args) {
    int warmUps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    try (FakeVercel fake = FakeVercel.builder().seed(2026).projects(3).deploymentsPerProject(1667).history(NOW, 120)
        .teamId("team_bench").latency(LATENCY).rateLimit(1_000_000, Duration.ofHours(1)).start()) {
      String longestProject = fake.projects().keySet().stream()
          .max(Comparator.comparingLong(id -> fake.deployments(id).stream().filter(d -> !d.created().isBefore(SINCE)).count()))
          .orElseThrow();
      WallTimes warmUp = new WallTimes();
      for (int i = 0; i < warmUps; i++) {
        warmUp.add(run(fake, "warm-up-" + i, 16).seconds);
        run(fake, "warm-up-sequential-" + i, 1);
        bareSequential(fake, longestProject);
      }
      System.out.printf("warm-up runs with parts side by side, in order (the JIT settling): %s%n", warmUp.runs());
      WallTimes sdk = new WallTimes();
      WallTimes sequential = new WallTimes();
      WallTimes bare = new WallTimes();
      long mostRequestsInARun = 0;
      BackfillResult last = null;
      for (int i = 0; i < measured; i++) {
        TimedRun split = run(fake, "measured-" + i, 16);
        sdk.add(split.seconds);
        last = split.result;
        mostRequestsInARun = Math.max(mostRequestsInARun, last.runTotals().requests());
        sequential.add(run(fake, "measured-sequential-" + i, 1).seconds);
        bare.add(bareSequential(fake, longestProject));
      }
      System.out.printf("%n== Vercel ==%n");
      System.out.printf("status %s, %,d events, exact expected set%n", last.status(), last.runTotals().events());
      for (WorkResult work : last.works()) {
        long inWindow = fake.deployments(work.key().resourceId()).stream().filter(d -> !d.created().isBefore(SINCE)).count();
        System.out.printf("  %s: requests %d (ceil(%d/100) = %d)%n", work.key().resourceId(), work.runCounts().requests(), inWindow,
            (inWindow + 99) / 100);
      }
      long longestChain = (fake.deployments(longestProject).stream().filter(d -> !d.created().isBefore(SINCE)).count() + 99) / 100;
      WallTimes.printComparison(sdk, (longestChain + 1) * LATENCY.toMillis() / 1000.0,
          "project listing + the longest project's " + longestChain + " pages one after another x " + LATENCY.toMillis() + " ms",
          bare, "listing projects and following the longest project's pages, reading only pagination.next");
      System.out.printf("the same SDK one page at a time (maxConcurrentRequests=1): %s, ratio %.2f%n", sequential,
          sequential.median() / ((longestChain + 1) * LATENCY.toMillis() / 1000.0));
      System.out.printf("requests per run: at most %d, each run well within one minute, under the ceiling of 100%n",
          mostRequestsInARun);
    }
  }

  /** One backfill of the three projects in parallel; fails unless it completes with the exact expected set. */
  private static TimedRun run(FakeVercel fake, String connectionId, int maxConcurrentRequests) {
    Backfill backfill = Backfill.builder()
        .connectors(Connectors.of(new VercelConnector()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
    BackfillRequest request = BackfillRequest.builder()
        .provider("vercel")
        .connectionId(connectionId)
        .credentials(CredentialProvider.staticToken("bench-token"))
        .putSettings(VercelConnector.BASE_URL.key(), fake.baseUrl())
        .putSettings(VercelConnector.TEAM_ID.key(), "team_bench")
        .putSettings(VercelConnector.MAX_CONCURRENT_REQUESTS.key(), String.valueOf(maxConcurrentRequests))
        .depth(Depth.DAYS_90)
        .concurrency(3)
        .build();
    return TimedRun.of(backfill, request, fake.expectedSourceIds(Window.of(SINCE, NOW)));
  }

  /** Seconds a {@link BareClient} takes to list the projects and page through one project. */
  private static double bareSequential(FakeVercel fake, String projectId) {
    BareClient client = new BareClient();
    String base = fake.baseUrl() + "/v6/deployments?projectId=" + projectId + "&teamId=team_bench&since=" + SINCE.toEpochMilli()
        + "&limit=100";
    long start = System.nanoTime();
    client.get(URI.create(fake.baseUrl() + "/v10/projects?teamId=team_bench&limit=100"));
    JsonNode next = nextUntil(client, URI.create(base));
    while (!next.isNull()) {
      next = nextUntil(client, URI.create(base + "&until=" + next.asLong()));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static JsonNode nextUntil(BareClient client, URI uri) {
    try {
      return JSON.readTree(client.get(uri).body()).path("pagination").path("next");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
