package dev.backfill.bench;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.run.Backfill;
import dev.backfill.core.run.BackfillRequest;
import dev.backfill.core.run.BackfillResult;
import dev.backfill.core.run.Depth;
import dev.backfill.core.run.WorkResult;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.InMemoryCheckpointStore;
import dev.backfill.linear.internal.LinearQueries;
import dev.backfill.testkit.FakeConnection;
import dev.backfill.testkit.FakeProvider;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints, for every provider with a fake, the requests a depth-90 run makes after a depth-30 run on
 * the same store (the 30 to 90 day extension) against the minimum for what it delivers: {@code
 * ceil(delta items / page size)} per (resource, entity type), at least one request each, plus for
 * GitHub pull requests and releases (lists without a time filter, newest first) the pages of newer
 * items passed over on the way. Fakes hold about {@value #SIZE} items per entity type and resource
 * over 120 days, without latency; pages of {@value #PAGE} items.
 */
public final class ExtensionFigures {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final int SIZE = 800;
  private static final int PAGE = 100;

  private ExtensionFigures() {}

  public static void main(String[] args) {
    System.out.printf("%n== 30 -> 90 day extension: requests of the second run against the minimum ==%n");
    for (FakeConnection provider : FakeConnection.load()) {
      try (FakeProvider fake = provider.start(2026, NOW, SIZE, builder -> builder.history(NOW, 120))) {
        figures(provider, fake);
      }
    }
  }

  private static void figures(FakeConnection provider, FakeProvider fake) {
    Backfill backfill = Backfill.builder().checkpointStore(new InMemoryCheckpointStore()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    InMemorySink firstEvents = new InMemorySink();
    BackfillResult first = backfill.run(request(provider, fake, Depth.DAYS_30), firstEvents);
    InMemorySink extensionEvents = new InMemorySink();
    BackfillResult extension = backfill.run(request(provider, fake, Depth.DAYS_90), extensionEvents);
    Window older = Window.of(NOW.minus(Depth.DAYS_90.duration()), NOW.minus(Depth.DAYS_30.duration()));
    Set<String> delivered = extensionEvents.events().stream().map(SourceEvent::sourceId).collect(Collectors.toSet());
    boolean exact = first.status() == BackfillStatus.COMPLETED && extension.status() == BackfillStatus.COMPLETED
        && delivered.equals(provider.expectedSourceIds(fake, older, provider.entityTypes()))
        && extensionEvents.events().size() == delivered.size();
    System.out.printf("%s: %s, %,d events of the 60 older days%n", provider.provider(),
        exact ? "exactly the expected set, each once" : "NOT the expected set", extensionEvents.events().size());
    Map<CheckpointKey, WorkResult> before = new HashMap<>();
    first.works().forEach(work -> before.put(work.key(), work));
    long requests = 0;
    long minimum = 0;
    for (WorkResult work : extension.works()) {
      WorkResult earlier = before.get(work.key());
      long workRequests = work.runCounts().requests();
      long seen = work.runCounts().itemsSeen();
      long newerPassedOver = newestFirstWithoutFilter(provider.provider(), work.key().entityType()) ? earlier.runCounts().events() : 0;
      long events = work.runCounts().events();
      int page = pageSize(provider.provider(), work.key().entityType());
      long workMinimum = newerPassedOver > 0 ? pages(newerPassedOver + events, page) : pages(events, page);
      requests += workRequests;
      minimum += workMinimum;
      System.out.printf("  %-12s %-13s requests %3d, minimum %3d (%d items in the 60 days%s, pages of %d); items seen %d%n",
          work.key().resourceId(), work.key().entityType(), workRequests, workMinimum, events,
          newerPassedOver > 0 ? " + " + newerPassedOver + " newer passed over" : "", page, seen);
    }
    System.out.printf("  total: %d requests, minimum %d%n", requests, minimum);
  }

  private static long pages(long items, int pageSize) {
    return Math.max(1, (items + pageSize - 1) / pageSize);
  }

  /** GitHub's pull request and release lists have no time filter: a range reached from now passes the newer items on its way. */
  private static boolean newestFirstWithoutFilter(String provider, String entityType) {
    return "github".equals(provider) && ("pull_request".equals(entityType) || "release".equals(entityType));
  }

  /** The page size the connection asks for: Linear's follows from the complexity cap the fake connection sets. */
  private static int pageSize(String provider, String entityType) {
    return "linear".equals(provider) ? LinearQueries.pageSize(entityType, PAGE * 40) : PAGE;
  }

  private static BackfillRequest request(FakeConnection provider, FakeProvider fake, Depth depth) {
    return BackfillRequest.builder()
        .provider(provider.provider())
        .connectionId("extension")
        .credentials(CredentialProvider.staticToken("bench-token"))
        .settings(provider.settings(fake, PAGE))
        .entityTypes(provider.entityTypes())
        .depth(depth)
        .concurrency(4)
        .build();
  }
}
