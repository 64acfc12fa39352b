package dev.backfill.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfill.core.BackfillStatus;
import dev.backfill.core.Connectors;
import dev.backfill.core.SourceEvent;
import dev.backfill.core.sink.InMemorySink;
import dev.backfill.core.spi.ConnectorContext;
import dev.backfill.core.spi.CredentialProvider;
import dev.backfill.core.spi.Page;
import dev.backfill.core.spi.PageCursor;
import dev.backfill.core.spi.PageRequest;
import dev.backfill.core.spi.Window;
import dev.backfill.core.state.Coverage;
import dev.backfill.core.state.InMemoryCheckpointStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of requested ranges on one store: what is delivered in total is exactly what
 * the union of the ranges holds, and no request reaches into a range once it is covered.
 */
class RequestedRangesPropertyTest {
  private static final Instant NOW = Instant.parse("2026-12-31T00:00:00Z");
  private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");
  private static final int HOURS_APART = 7;
  private static final int PAGE_SIZE = 40;

  @Property(tries = 60)
  void deliversExactlyTheUnionAndNeverFetchesACoveredRangeAgain(@ForAll("requests") List<Window> requests) {
    TimedConnector connector = new TimedConnector();
    InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    InMemorySink sink = new InMemorySink();
    Backfill backfill = Backfill.builder().connectors(Connectors.of(connector)).checkpointStore(store)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    List<Window> covered = List.of();

    for (Window requested : requests) {
      connector.requests.clear();
      BackfillResult result = backfill.run(BackfillRequest.builder().provider("scripted").connectionId("c")
          .credentials(CredentialProvider.staticToken("t")).since(requested.since()).until(requested.until()).build(), sink);

      assertThat(result.status()).isEqualTo(BackfillStatus.COMPLETED);
      for (PageRequest request : connector.requests) {
        for (Window done : covered) {
          assertThat(overlaps(request.window(), done)).as("%s fetched again inside covered %s", request.window(), done).isFalse();
        }
      }
      covered = Coverage.merge(covered, requested);
    }

    List<Window> union = covered;
    Set<String> expected = connector.items().stream().filter(at -> union.stream().anyMatch(range -> range.contains(at)))
        .map(TimedConnector::sourceId).collect(Collectors.toCollection(TreeSet::new));
    Set<String> delivered = sink.events().stream().map(SourceEvent::sourceId).collect(Collectors.toCollection(TreeSet::new));
    assertThat(delivered).isEqualTo(expected);
    assertThat(sink.events()).hasSize(expected.size());
  }

  private static boolean overlaps(Window a, Window b) {
    return a.since().isBefore(b.until()) && b.since().isBefore(a.until());
  }

  @Provide
  Arbitrary<List<Window>> requests() {
    Arbitrary<Window> range = Combinators.combine(Arbitraries.integers().between(0, 360), Arbitraries.integers().between(1, 120))
        .as((day, days) -> Window.of(FIRST.plusSeconds(86_400L * day), FIRST.plusSeconds(86_400L * Math.min(364, day + days))));
    return range.filter(window -> !window.isEmpty()).list().ofMinSize(1).ofMaxSize(6);
  }

  /** Items every few hours through the year, listed oldest first within a request's range, by offset. */
  static final class TimedConnector extends ScriptedConnector {
    List<Instant> items() {
      List<Instant> items = new ArrayList<>();
      for (Instant at = FIRST.plusSeconds(1800); at.isBefore(NOW); at = at.plusSeconds(3600L * HOURS_APART)) {
        items.add(at);
      }
      return items;
    }

    static String sourceId(Instant at) {
      return "item:" + at;
    }

    @Override
    public Page fetchPage(ConnectorContext context, PageRequest request) {
      requests.add(request);
      List<Instant> inRange = items().stream().filter(request.window()::contains).collect(Collectors.toList());
      int offset = request.cursor().map(cursor -> Integer.parseInt(cursor.value())).orElse(0);
      List<SourceEvent> events = inRange.subList(offset, Math.min(inRange.size(), offset + PAGE_SIZE)).stream()
          .map(at -> event(sourceId(at), at)).collect(Collectors.toList());
      Page.Builder page = Page.builder().events(events).itemsSeen(events.size());
      if (offset + PAGE_SIZE < inRange.size()) {
        page.nextCursor(PageCursor.of(Integer.toString(offset + PAGE_SIZE)));
      }
      return page.build();
    }
  }
}
