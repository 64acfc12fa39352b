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
import dev.backfill.linear.LinearConnector;
import dev.backfill.testkit.linear.FakeLinear;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints the Linear connector's figures against {@link FakeLinear} with 20 ms latency: 3 teams of
 * 1,000 issues, 400 comments and 20 projects over 120 days, depth 90. Requests per (team, entity
 * type) and RATELIMITED answers with a budget that suffices.
 */
public final class LinearFigures {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final List<String> ALL = List.of("issue", "comment", "project");

  private LinearFigures() {}

  public static void main(String[] args) {
    try (FakeLinear fake = FakeLinear.builder().seed(2026).teams("ENG", "OPS", "WEB").issuesPerTeam(1000).commentsPerTeam(400)
        .projectsPerTeam(20).history(NOW, 120).latency(Duration.ofMillis(20)).start()) {
      InMemorySink sink = new InMemorySink();
      long start = System.nanoTime();
      BackfillResult result = Backfill.builder()
          .connectors(Connectors.of(new LinearConnector()))
          .clock(Clock.fixed(NOW, ZoneOffset.UTC))
          .build()
          .run(BackfillRequest.builder()
              .provider("linear")
              .connectionId("bench")
              .credentials(CredentialProvider.staticToken("bench-key"))
              .putSettings(LinearConnector.BASE_URL.key(), fake.baseUrl())
              .entityTypes(ALL)
              .depth(Depth.DAYS_90)
              .build(), sink);
      double seconds = (System.nanoTime() - start) / 1e9;
      Instant since = NOW.minus(Duration.ofDays(90));
      Set<String> delivered = sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
      boolean exact = delivered.equals(fake.expectedSourceIds(Window.of(since, NOW), ALL));
      System.out.printf("== Linear ==%nstatus %s, %,d events, exact expected set: %s%n", result.status(), sink.events().size(), exact);
      for (WorkResult work : result.works()) {
        System.out.printf("  %s %s: requests %d, pages %d, events %d%n", work.key().resourceId(), work.key().entityType(),
            work.counts().requests(), work.counts().pages(), work.counts().events());
      }
      System.out.printf("RATELIMITED answers: %d (requests budget) + %d (complexity), too complex: %d; wall %.2f s%n",
          fake.stats().count("budget-spent"), fake.stats().count("complexity-spent"), fake.stats().count("too-complex"), seconds);
      if (result.status() != BackfillStatus.COMPLETED || !exact) {
        throw new IllegalStateException("the Linear figures run did not complete with the exact set");
      }
    }
  }
}
