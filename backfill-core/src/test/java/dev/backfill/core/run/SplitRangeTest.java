package dev.backfill.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.error.CursorLoopException;
import dev.backfill.core.http.HttpProfile;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.RangePart;
import dev.backfill.core.spi.Settings;
import dev.backfill.core.state.Checkpoint;
import dev.backfill.core.state.CheckpointKey;
import dev.backfill.core.state.InMemoryCheckpointStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A range split into parts by its first page: parts fetched side by side, each with its own cursor in the checkpoint. */
class SplitRangeTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final CheckpointKey KEY = CheckpointKey.of("scripted", "conn-1", "r1", "alpha");

  /**
   * Pages 1..{@code pages}; page 1 offers {@code parallelism - 1} parts of contiguous pages, its own
   * next cursor covering the first chunk (and, when {@code overlapping}, offers that cursor again).
   * A cursor {@code p<k>/<last>} is page k of a part that ends at page {@code last}.
   */
  static class SplittingConnector extends ScriptedConnector {
    volatile Integer maxConcurrentRequests;
    volatile boolean overlapping;
    volatile boolean closing;
    /** Whether each part's first page names its boundary. */
    volatile boolean boundaries;
    /** The pages where parts after the first begin. */
    final Set<Integer> starts = ConcurrentHashMap.newKeySet();
    /** Requests in flight, the check's own included, when the closing check was fetched. */
    final List<Integer> inFlightAtCheck = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public HttpProfile httpProfile(Settings settings) {
      HttpProfile profile = super.httpProfile(settings);
      return maxConcurrentRequests == null ? profile : HttpProfile.builder().from(profile).maxConcurrentRequests(maxConcurrentRequests).build();
    }

    @Override
    Page scripted(ConnectorContext context, PageRequest request) {
      latency(20);
      if (request.cursor().isEmpty()) {
        Page first = page(request, 1);
        if (request.maxParts() < 2 || pages < 2) {
          return first;
        }
        int parts = Math.min(request.maxParts(), pages - 1);
        int chunk = (pages - 1 + parts - 1) / parts;
        List<RangePart> offered = new ArrayList<>();
        PageCursor next = PageCursor.of("p2/" + Math.min(pages, 1 + chunk));
        for (int start = 2 + chunk; start <= pages; start += chunk) {
          starts.add(start);
          offered.add(RangePart.of(request.window(), PageCursor.of("p" + start + "/" + Math.min(pages, start + chunk - 1))));
        }
        if (overlapping) {
          offered.add(RangePart.of(request.window(), next));
        }
        if (closing) {
          offered.add(RangePart.closing(request.window(), PageCursor.of("check")));
        }
        return Page.builder().from(first).nextCursor(next).parts(offered).build();
      }
      if (request.cursor().get().value().equals("check")) {
        inFlightAtCheck.add(inFlight.get());
        return Page.builder().itemsSeen(0).build();
      }
      String[] cursor = request.cursor().get().value().substring(1).split("/");
      int page = Integer.parseInt(cursor[0]);
      if (cursor.length == 1) {
        return page(request, page);
      }
      int last = Integer.parseInt(cursor[1]);
      Page fetched = page(request, page);
      return Page.builder().from(fetched)
          .nextCursor(page < last ? java.util.Optional.of(PageCursor.of("p" + (page + 1) + "/" + last)) : java.util.Optional.empty())
          .boundary(boundaries && starts.contains(page) ? java.util.Optional.of("page=" + page) : java.util.Optional.empty())
          .build();
    }
  }

  private final SplittingConnector connector = new SplittingConnector();
  private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();

  private Backfill backfill() {
    return Backfill.builder().connectors(Connectors.of(connector)).checkpointStore(store).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  private static BackfillRequest request() {
    return BackfillRequest.builder().provider("scripted").connectionId("conn-1").credentials(CredentialProvider.staticToken("t")).build();
  }

  /** A hook that fails the first fetch of page 9, as a connection reset would. */
  private static Function<PageRequest, Page> failingOnceOnPage9() {
    AtomicInteger failures = new AtomicInteger();
    return request -> {
      if (request.cursor().map(cursor -> cursor.value().startsWith("p9/")).orElse(false) && failures.getAndIncrement() == 0) {
        throw new IllegalStateException("connection reset on page 9");
      }
      return null;
    };
  }

  private static Set<String> ids(List<SourceEvent> events) {
    return events.stream().map(SourceEvent::sourceId).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theFirstItemsOfEachPartsFirstPageStayInTheCheckpointUntilTheRangeCompletes() {
    connector.pages = 13;
    connector.boundaries = true;
    connector.hook = failingOnceOnPage9();
    InMemorySink first = new InMemorySink();

    BackfillResult failed = backfill().run(request(), first);

    assertThat(failed.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(connector.starts).as("parts begin at pages 5, 8 and 11").contains(8);
    Map<String, List<String>> starts = store.load(KEY).orElseThrow().partStarts();
    List<String> page8 = first.events().stream().map(SourceEvent::sourceId).filter(id -> id.contains("#8-")).collect(Collectors.toList());
    assertThat(starts).as("page 8 began the part that failed on page 9").containsKey("page=8");
    assertThat(starts.get("page=8")).isEqualTo(page8.subList(0, Math.min(10, page8.size())));

    BackfillResult resumed = backfill().run(request(), new InMemorySink());

    assertThat(resumed.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(store.load(KEY).orElseThrow().partStarts()).as("nothing to meet once the range is complete").isEmpty();
  }

  @Test
  void aClosingPartIsFetchedOnceEveryOtherPartHasEndedAlsoAfterAResume() {
    connector.pages = 13;
    connector.closing = true;
    connector.hook = failingOnceOnPage9();
    InMemorySink first = new InMemorySink();

    BackfillResult failed = backfill().run(request(), first);

    assertThat(failed.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(store.load(KEY).orElseThrow().parts()).as("the check waits in the checkpoint with the part that failed")
        .anyMatch(RangePart::closing).anyMatch(part -> !part.closing());
    assertThat(connector.inFlightAtCheck).as("no check while a part failed").isEmpty();
    InMemorySink rest = new InMemorySink();

    BackfillResult resumed = backfill().run(request(), rest);

    assertThat(resumed.status()).isEqualTo(BackfillStatus.COMPLETED);
    Set<String> union = ids(first.events());
    union.addAll(ids(rest.events()));
    assertThat(union).isEqualTo(connector.expected("alpha"));
    assertThat(connector.inFlightAtCheck).as("one check, fetched alone").containsExactly(1);
    assertThat(connector.requests.get(connector.requests.size() - 1).cursor()).contains(PageCursor.of("check"));
    assertThat(store.load(KEY).orElseThrow().parts()).isEmpty();
  }

  @Test
  void partsOfARangeAreFetchedSideBySideAndDeliverEveryPageOnce() {
    connector.pages = 13;
    InMemorySink sink = new InMemorySink();

    BackfillResult result = backfill().run(request(), sink);

    assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(ids(sink.events())).isEqualTo(connector.expected("alpha"));
    assertThat(sink.events()).hasSize(13 * connector.pageSize);
    assertThat(connector.requests).hasSize(13);
    assertThat(connector.maxInFlight.get()).as("parts at once").isBetween(2, ConnectorSplitLimit.DEFAULT);
    assertThat(result.works().get(0).runCounts().pages()).isEqualTo(13);
    Checkpoint done = store.load(KEY).orElseThrow();
    assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(done.parts()).isEmpty();
    assertThat(done.coveredRanges()).hasSize(1);
  }

  @Test
  void withOneRequestInFlightTheRangeIsNotSplitAndRequestsAreTheSame() {
    connector.pages = 13;
    connector.maxConcurrentRequests = 1;
    InMemorySink sink = new InMemorySink();

    backfill().run(request(), sink);

    assertThat(connector.maxInFlight.get()).isEqualTo(1);
    assertThat(connector.requests).extracting(request -> request.cursor().map(PageCursor::value).orElse("first"))
        .containsExactly("first", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "p11", "p12", "p13");
    assertThat(ids(sink.events())).isEqualTo(connector.expected("alpha"));
  }

  @Test
  void aFailedPartKeepsEveryPartAtItsLastGoodPageAndAResumeFetchesOnlyWhatIsLeft() {
    connector.pages = 13;
    connector.hook = failingOnceOnPage9();
    InMemorySink first = new InMemorySink();

    BackfillResult failed = backfill().run(request(), first);

    assertThat(failed.status()).isEqualTo(BackfillStatus.FAILED);
    Checkpoint kept = store.load(KEY).orElseThrow();
    assertThat(kept.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(kept.parts()).as("the failed part stands at page 9").contains(RangePart.of(kept.window(), PageCursor.of("p9/10")));
    List<String> fetchedBefore = connector.requests.stream().map(request -> request.cursor().map(PageCursor::value).orElse("first"))
        .collect(Collectors.toList());
    connector.requests.clear();

    InMemorySink rest = new InMemorySink();
    BackfillResult resumed = backfill().run(request(), rest);

    assertThat(resumed.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(connector.requests).noneMatch(request -> request.cursor().isEmpty());
    Set<String> union = ids(first.events());
    union.addAll(ids(rest.events()));
    assertThat(union).isEqualTo(connector.expected("alpha"));
    long again = rest.events().stream().filter(event -> ids(first.events()).contains(event.sourceId())).count();
    assertThat(again).as("re-delivered after a failure: at most the pages in flight (%s)", fetchedBefore)
        .isLessThanOrEqualTo((long) ConnectorSplitLimit.DEFAULT * connector.pageSize);
    assertThat(store.load(KEY).orElseThrow().parts()).isEmpty();
  }

  @Test
  void aFirstPageOfferingAPartTwiceEndsTheWorkWithAClearError() {
    connector.pages = 13;
    connector.overlapping = true;

    BackfillResult result = backfill().run(request(), new InMemorySink());

    assertThat(result.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(result.works().get(0).error().orElseThrow()).isInstanceOf(CursorLoopException.class)
        .hasMessageContaining("parts overlap");
  }

  /** The runner's parallelism where the provider sets no limit of its own. */
  private static final class ConnectorSplitLimit {
    static final int DEFAULT = PageRequest.DEFAULT_MAX_PARTS;
  }
}
