package dev.backfill.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.error.CursorLoopException;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.RangePart;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.spi.TimeSlices;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.InMemoryCheckpointStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A range cut by time into slices its first page offers: each slice fetched side by side with its own window. */
class SlicedRangeTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final CheckpointKey KEY = CheckpointKey.of("scripted", "conn-1", "r1", "alpha");

  /** One item an hour, newest first, paged by an {@code until} cursor in epoch seconds, like a list filtered by creation time. */
  static class TimeSlicedConnector extends ScriptedConnector {
    volatile boolean overlapping;
    volatile Integer maxConcurrentRequests;

    @Override
    public HttpProfile httpProfile(Settings settings) {
      HttpProfile profile = super.httpProfile(settings);
      return maxConcurrentRequests == null ? profile : HttpProfile.builder().from(profile).maxConcurrentRequests(maxConcurrentRequests).build();
    }

    @Override
    Page scripted(ConnectorContext context, PageRequest request) {
      latency(10);
      Window window = request.window();
      Instant until = request.cursor().map(cursor -> Instant.ofEpochSecond(Long.parseLong(cursor.value()))).orElse(window.until());
      List<Instant> items = new ArrayList<>();
      for (Instant at = lastHourBefore(until); !at.isBefore(window.since()) && items.size() <= pageSize; at = at.minus(Duration.ofHours(1))) {
        items.add(at);
      }
      boolean more = items.size() > pageSize;
      List<Instant> page = items.subList(0, Math.min(pageSize, items.size()));
      Optional<TimeSlices> split = more && !page.isEmpty()
          ? TimeSlices.plan(request, page, page.size(), pageSize) : Optional.empty();
      Window kept = split.map(TimeSlices::page).orElse(window);
      Page.Builder builder = Page.builder().itemsSeen(page.size())
          .events(page.stream().filter(kept::contains).map(at -> event("alpha:" + at, at)).collect(Collectors.toList()));
      if (split.isPresent()) {
        for (RangePart slice : split.get().parts()) {
          builder.addParts(overlapping ? RangePart.of(Window.of(slice.window().since().minus(Duration.ofHours(2)), slice.window().until())) : slice);
        }
        return builder.build();
      }
      if (more) {
        builder.nextCursor(PageCursor.of(Long.toString(page.get(page.size() - 1).getEpochSecond())));
      }
      return builder.build();
    }

    private static Instant lastHourBefore(Instant until) {
      Instant hour = until.minusNanos(1).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
      return hour.isBefore(until) ? hour : hour.minus(Duration.ofHours(1));
    }

    Set<String> expectedIn(Window window) {
      Set<String> ids = new TreeSet<>();
      for (Instant at = lastHourBefore(window.until()); !at.isBefore(window.since()); at = at.minus(Duration.ofHours(1))) {
        ids.add("alpha:" + at);
      }
      return ids;
    }
  }

  private final TimeSlicedConnector connector = new TimeSlicedConnector();
  private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();

  private BackfillResult run(InMemorySink sink) {
    return Backfill.builder().connectors(Connectors.of(connector)).checkpointStore(store).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
        .run(BackfillRequest.builder().provider("scripted").connectionId("conn-1").credentials(CredentialProvider.staticToken("t"))
            .depth(Depth.DAYS_7).build(), sink);
  }

  private static List<String> ids(List<SourceEvent> events) {
    return events.stream().map(SourceEvent::sourceId).collect(Collectors.toList());
  }

  @Test
  void slicesOfTheRangeAreFetchedSideBySideEachWithItsOwnWindowAndEveryItemComesOnce() {
    connector.pageSize = 10;
    InMemorySink sink = new InMemorySink();

    BackfillResult result = run(sink);

    Window range = Window.of(NOW.minus(Duration.ofDays(7)), NOW);
    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(ids(sink.events())).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(ids(sink.events()))).isEqualTo(connector.expectedIn(range));
    List<Window> windows = connector.requests.stream().map(PageRequest::window).distinct().collect(Collectors.toList());
    assertThat(windows.get(0)).isEqualTo(range);
    assertThat(connector.requests.get(0).maxParts()).isEqualTo(PageRequest.DEFAULT_MAX_PARTS);
    assertThat(windows).as("the range and at least the four slices its first page handed over").hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(window -> assertThat(range.since()).isBeforeOrEqualTo(window.since()));
    assertThat(connector.maxInFlight.get()).as("slices at once").isGreaterThan(1);
    assertThat(connector.maxInFlight.get()).isLessThanOrEqualTo(PageRequest.DEFAULT_MAX_PARTS);
    Checkpoint done = store.load(KEY).orElseThrow();
    assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(done.parts()).isEmpty();
    assertThat(done.coveredRanges()).containsExactly(range);
  }

  @Test
  void whenTheOtherWorksOfTheRunHaveEndedTheWorkLeftCutsItsSlicesFurtherUpToTheConnectionLimit() {
    connector.pageSize = 10;
    connector.maxConcurrentRequests = 16;
    connector.resources.add("r2");
    connector.hook = request -> request.resource().id().equals("r2") ? Page.builder().itemsSeen(0).build() : null;
    InMemorySink sink = new InMemorySink();

    BackfillResult result = run(sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(ids(sink.events())).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(ids(sink.events()))).isEqualTo(connector.expectedIn(Window.of(NOW.minus(Duration.ofDays(7)), NOW)));
    assertThat(connector.requests).allSatisfy(request -> assertThat(request.maxParts()).isLessThanOrEqualTo(PageRequest.DEFAULT_MAX_PARTS));
    assertThat(connector.maxInFlight.get()).as("r2's one page ended its work at once, so r1's slices were cut again to use the connection's 16")
        .isGreaterThan(PageRequest.DEFAULT_MAX_PARTS).isLessThanOrEqualTo(16);
  }

  @Test
  void aRestThatLikelyFillsTwoPagesIsCutIntoAtMostTwoSlicesHoweverManyPartsAreAllowed() {
    Window window = Window.of(NOW.minus(Duration.ofHours(27)), NOW);
    List<Instant> page = new ArrayList<>();
    for (int hour = 1; hour <= 10; hour++) {
      page.add(NOW.minus(Duration.ofHours(hour)));
    }
    PageRequest request = PageRequest.builder().resource(dev.backfill.core.spi.Resource.of("r1")).entityType("alpha")
        .window(window).range(window).pageNumber(1).maxParts(16).build();

    TimeSlices slices = TimeSlices.plan(request, page, page.size(), 10).orElseThrow();

    assertThat(slices.parts()).as("17 hours left below the page, which spans 9 hours").hasSize(2);
    assertThat(slices.parts().get(slices.parts().size() - 1).window().since()).isEqualTo(window.since());
    assertThat(slices.parts().get(0).window().until()).isEqualTo(slices.page().since());
  }

  @Test
  void aFailedSliceKeepsItsPlaceAndAResumeFetchesOnlyTheSlicesLeft() {
    connector.pageSize = 10;
    AtomicInteger failures = new AtomicInteger();
    Set<Window> firstWindows = new java.util.concurrent.ConcurrentSkipListSet<>(java.util.Comparator.comparing(Window::since));
    connector.hook = request -> {
      if (request.cursor().isPresent() && !request.window().equals(Window.of(NOW.minus(Duration.ofDays(7)), NOW))
          && failures.getAndIncrement() == 3) {
        throw new IllegalStateException("connection reset");
      }
      return null;
    };
    InMemorySink first = new InMemorySink();

    BackfillResult failed = run(first);

    assertThat(failed.status()).isEqualTo(BackfillStatus.FAILED);
    Checkpoint kept = store.load(KEY).orElseThrow();
    assertThat(kept.parts()).isNotEmpty().allSatisfy(part -> assertThat(part.window()).isNotEqualTo(kept.window()));
    connector.requests.clear();
    InMemorySink rest = new InMemorySink();

    BackfillResult resumed = run(rest);

    assertThat(resumed.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(connector.requests).as("the range's first page again").noneMatch(request -> request.window().equals(kept.window()));
    connector.requests.forEach(request -> firstWindows.add(request.window()));
    assertThat(firstWindows).as("only the slices left, or slices of them").allSatisfy(window -> assertThat(kept.parts())
        .anyMatch(part -> !window.since().isBefore(part.window().since()) && !window.until().isAfter(part.window().until())));
    Set<String> union = new TreeSet<>(ids(first.events()));
    union.addAll(ids(rest.events()));
    assertThat(union).isEqualTo(connector.expectedIn(kept.window()));
  }

  @Test
  void slicesThatOverlapEndTheWorkWithAClearError() {
    connector.pageSize = 10;
    connector.overlapping = true;

    BackfillResult result = run(new InMemorySink());

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(result.works().get(0).error().orElseThrow()).isInstanceOf(CursorLoopException.class)
        .hasMessageContaining("overlap");
  }
}
